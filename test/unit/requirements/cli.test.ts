import * as fs from 'fs';
import * as path from 'path';
import { spawnSync } from 'child_process';
import { EXIT, runRequirementsCli, USAGE } from '../../../ops/requirements-cli';
import { flavorFiles } from '../../../lib/requirements/flavor';
import { copyFixture, editFile, lineOf, PROJECT_REQUIREMENTS } from './fixture-dir';

const PROJECT_ROOT = path.dirname(PROJECT_REQUIREMENTS);

function cli(args: string[], env: NodeJS.ProcessEnv = {}) {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const code = runRequirementsCli(
    args,
    env,
    { stdout: (l) => stdout.push(l), stderr: (l) => stderr.push(l) },
    PROJECT_ROOT,
  );
  return { code, stdout: stdout.join('\n'), stderr: stderr.join('\n') };
}

describe('npm run requirements', () => {
  test('check passes on the default project, every flavor', () => {
    expect(cli(['check'])).toEqual({ code: EXIT.ok, stdout: 'standard: ok\nml: ok\ngpu: ok', stderr: '' });
  });

  test('--flavor limits the run to one flavor, --dir and REQUIREMENTS_DIR choose the folder', () => {
    const dir = copyFixture(PROJECT_REQUIREMENTS);
    expect(cli(['check', '--flavor', 'gpu', '--dir', dir]).stdout).toBe('gpu: ok');
    expect(cli(['check', '--flavor=ml'], { REQUIREMENTS_DIR: dir }).stdout).toBe('ml: ok');
  });

  test('combine leaves the default project unchanged (it is up to date)', () => {
    const dir = copyFixture(PROJECT_REQUIREMENTS);
    expect(cli(['combine', '--dir', dir])).toEqual({
      code: EXIT.ok,
      stdout: [
        'standard: requirements/requirements-combined.in unchanged',
        'ml: requirements/requirements-combined-ml.in unchanged',
        'gpu: requirements/requirements-combined-gpu.in unchanged',
      ].join('\n'),
      stderr: '',
    });
  });

  test('fails with exit 1 and <file>:<line>: <what>. <fix> when check finds problems', () => {
    const dir = copyFixture(PROJECT_REQUIREMENTS);
    const lock = flavorFiles(dir, 'standard').lock;
    const line = lineOf(lock, 'pandera==0.23.1');
    editFile(lock, (t) => t.replace('pandera==0.23.1', 'pandera'));
    const result = cli(['check', '--dir', dir]);
    expect(result.code).toBe(EXIT.problems);
    expect(result.stdout).toBe('standard: 2 problem(s)\nml: ok\ngpu: ok');
    expect(result.stderr.split('\n')).toContainEqual(
      `requirements/requirements.txt:${line}: "pandera" is not pinned with ==; a lock pins every package to one version. ` +
        'Regenerate the lock: pip-compile --output-file=requirements/requirements.txt requirements/requirements-combined.in.',
    );
  });

  test('fails with exit 1 and writes nothing when combine finds a conflict', () => {
    const dir = copyFixture(PROJECT_REQUIREMENTS);
    editFile(flavorFiles(dir, 'gpu').additions, (t) => `${t}torch==2.5.1\n`);
    const result = cli(['combine', '--dir', dir, '--flavor', 'gpu']);
    expect(result.code).toBe(EXIT.problems);
    expect(result.stdout).toBe('gpu: not written, 1 problem(s)');
    expect(result.stderr).toMatch(
      /^requirements\/additional-packages-gpu.in:\d+: "torch==2.5.1" conflicts with the runtime's torch==2.6.0\+cu124/,
    );
  });

  test('fails with exit 2 naming the file when a file is missing', () => {
    const dir = copyFixture(PROJECT_REQUIREMENTS);
    fs.rmSync(flavorFiles(dir, 'ml').additions);
    expect(cli(['check', '--dir', dir, '--flavor', 'ml'])).toEqual({
      code: EXIT.usageOrIo,
      stdout: '',
      stderr: 'requirements: requirements/additional-packages-ml.in does not exist',
    });
  });

  test('fails with exit 2 and the usage on a bad command, option or flavor', () => {
    for (const args of [
      [],
      ['lint'],
      ['check', '--flavor', 'tpu'],
      ['check', '--verbose'],
      ['check', '--dir'],
      ['check', 'extra'],
    ]) {
      const result = cli(args);
      expect(result.code).toBe(EXIT.usageOrIo);
      expect(result.stderr).toContain(USAGE);
    }
    expect(cli(['check', '--flavor', 'tpu']).stderr).toMatch(
      /^requirements: unknown flavor "tpu"; use one of standard, ml, gpu/,
    );
  });

  test('--help prints the usage and exits 0', () => {
    expect(cli(['--help'])).toEqual({ code: EXIT.ok, stdout: USAGE, stderr: '' });
  });

  test('the npm script runs the CLI and returns its exit code', () => {
    const dir = copyFixture(PROJECT_REQUIREMENTS);
    fs.rmSync(flavorFiles(dir, 'standard').lock);
    const tsx = path.join(PROJECT_ROOT, 'node_modules', '.bin', 'tsx');
    const ok = spawnSync(tsx, ['bin/requirements.ts', 'check', '--flavor', 'ml'], {
      cwd: PROJECT_ROOT,
      encoding: 'utf8',
    });
    expect(ok.stdout).toBe('ml: ok\n');
    expect(ok.status).toBe(0);
    const missing = spawnSync(tsx, ['bin/requirements.ts', 'check', '--dir', dir], {
      cwd: PROJECT_ROOT,
      encoding: 'utf8',
    });
    expect(missing.stderr).toBe('requirements: requirements/requirements.txt does not exist\n');
    expect(missing.status).toBe(2);
  });
});
