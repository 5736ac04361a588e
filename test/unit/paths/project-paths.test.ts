import * as fs from 'node:fs';
import * as path from 'node:path';
import { PROJECT_PATHS, PROJECT_ROOT, projectPath } from '../../../app/paths/project-paths';
import * as cli from '../../../bin/cli';

describe('project paths', () => {
  it("is the program's checkout: where main.ts, package.json and cdktf.json live", () => {
    for (const file of ['main.ts', 'package.json', 'cdktf.json']) {
      expect(fs.existsSync(path.join(PROJECT_ROOT, file))).toBe(true);
    }
    expect(PROJECT_ROOT).toBe(path.resolve(__dirname, '..', '..', '..'));
  });

  it('names folders and files that exist (all but the local state folder, created on first use)', () => {
    const { state, ...shipped } = PROJECT_PATHS;
    for (const [name, file] of Object.entries(shipped)) {
      expect([name, fs.existsSync(file)]).toEqual([name, true]);
    }
    expect(state).toBe(projectPath('.state'));
    expect(PROJECT_PATHS.initScriptTemplate).toBe(
      path.join(PROJECT_ROOT, 'assets', 'init', 'pinned-environment.sh.tmpl'),
    );
  });

  it('is what the commands in bin/ use', () => {
    expect([cli.PROJECT_ROOT, cli.PROJECT_PATHS]).toEqual([PROJECT_ROOT, PROJECT_PATHS]);
  });
});
