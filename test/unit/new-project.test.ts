import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadConfig } from '../../app/config/load-config';
import { synthesize } from '../../app/synth';
import { scaffoldDataProject, ScaffoldError } from '../../ops/new-project';
import { PROGRAM_ROOT, scaffoldedProject } from '../helpers/data-project';
import { tempDir } from '../helpers/temp-dir';

const read = (dir: string, rel: string) => fs.readFileSync(path.join(dir, rel), 'utf8');

describe('scaffoldDataProject', () => {
  it('writes the blueprint layout: library, notebooks, tests with fixture data, requirements, Makefile, CI, config', () => {
    const dir = path.join(tempDir(), 'orders-lake');
    const result = scaffoldDataProject({ targetDir: dir, programRoot: PROGRAM_ROOT });
    expect(result.projectName).toBe('orders-lake');
    expect(result.files).toEqual(
      expect.arrayContaining([
        'deep_project_core/__init__.py',
        'notebooks/eda/explore_orders.py',
        'notebooks/workflows/ingest_orders.py',
        'notebooks/workflows/train_churn_model.py',
        'notebooks/smoke_tests/run_smoke_tests.py',
        'tests/unit/test_properties.py',
        'tests/integration/test_spark_transforms.py',
        'tests/data/orders.json',
        'requirements/requirements.txt',
        'requirements/runtime-baseline-ml.in',
        'Makefile',
        '.github/workflows/ci.yml',
        'config/project.yaml',
        'config/prod.yaml',
      ]),
    );
    for (const file of result.files) expect(fs.existsSync(path.join(dir, file))).toBe(true);
  });

  it('copies the requirements files of this program unchanged', () => {
    const dir = scaffoldedProject();
    for (const file of fs.readdirSync(path.join(PROGRAM_ROOT, 'requirements'))) {
      expect(read(dir, `requirements/${file}`)).toBe(read(PROGRAM_ROOT, `requirements/${file}`));
    }
  });

  it('fills in the name, the Git URL and the way back to this program (absolute when far away)', () => {
    // Far away whatever folder this checkout is in: the target sits four levels below a temporary
    // folder and the program is reached through a link in another one.
    const program = path.join(tempDir(), 'blueprint');
    fs.symlinkSync(PROGRAM_ROOT, program);
    const parent = path.join(tempDir(), 'one', 'two', 'three');
    fs.mkdirSync(parent, { recursive: true });
    const dir = scaffoldDataProject({
      targetDir: path.join(parent, 'lake'),
      programRoot: program,
      projectName: 'churn-lab',
      gitUrl: 'https://gitlab.com/acme/churn-lab.git',
    }).targetDir;
    const config = loadConfig(path.join(dir, 'config'));
    expect(config.project.name).toBe('churn-lab');
    expect(config.git.url).toBe('https://gitlab.com/acme/churn-lab.git');
    expect(config.dataRepoDir).toBe(fs.realpathSync(dir));
    expect(read(dir, 'Makefile')).toContain(`BLUEPRINT ?= ${program}\n`);
    for (const file of fs.readdirSync(path.join(dir, 'config'))) {
      expect(read(dir, `config/${file}`)).not.toMatch(/__[A-Z_]+__/);
    }
  });

  it('points the Makefile at this program by a relative path when it is a sibling checkout', () => {
    const workspace = tempDir();
    fs.symlinkSync(PROGRAM_ROOT, path.join(workspace, 'blueprint'));
    const dir = scaffoldDataProject({
      targetDir: path.join(workspace, 'lake'),
      programRoot: path.join(workspace, 'blueprint'),
    }).targetDir;
    expect(read(dir, 'Makefile')).toContain('BLUEPRINT ?= ../blueprint\n');
  });

  it('writes a config that this program synthesizes, layout checks included', () => {
    const dir = scaffoldedProject();
    const names = synthesize(loadConfig(path.join(dir, 'config')), { outdir: path.join(tempDir(), 'out') });
    expect(names).toEqual(['dev', 'staging', 'prod']);
  });

  it('writes a GitHub workflow that actionlint accepts: unit, scans, then deploy + smoke behind environments', () => {
    const dir = scaffoldedProject();
    const workflow = read(dir, '.github/workflows/ci.yml');
    expect(workflow).toMatch(/scans:\n {4}needs: unit/);
    expect(workflow).toContain('environment: ${{ needs.route.outputs.environment }}');
    expect(workflow).toContain('make smoke ENV="$ENVIRONMENT"');
    const local = path.join(PROGRAM_ROOT, '.tools', 'bin', 'actionlint');
    const res = spawnSync(
      fs.existsSync(local) ? local : 'actionlint',
      ['-no-color', '.github/workflows/ci.yml'],
      {
        cwd: dir,
        encoding: 'utf8',
      },
    );
    if (res.error) throw new Error('actionlint is not installed: run `bash bin/setup-actionlint.sh`.');
    expect(res.stdout + res.stderr).toBe('');
    expect(res.status).toBe(0);
  });

  it('writes a Makefile with setup, test, deploy and smoke over this program', () => {
    const make = read(scaffoldedProject(), 'Makefile');
    for (const target of ['setup', 'test', 'synth', 'deploy', 'smoke'])
      expect(make).toMatch(new RegExp(`^${target}:`, 'm'));
    expect(make).toContain('DEVOPS_CONFIG_DIR="$(CONFIG)" npm run --silent');
    expect(make).toContain('$(DEVOPS) deploy -- "$(ENV)"');
  });

  it('accepts an empty existing folder', () => {
    const dir = tempDir();
    expect(
      scaffoldDataProject({ targetDir: dir, programRoot: PROGRAM_ROOT, projectName: 'lake' }).files.length,
    ).toBeGreaterThan(20);
  });

  it('fails when the target folder is not empty, and writes nothing', () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'README.md'), 'mine');
    expect(() =>
      scaffoldDataProject({ targetDir: dir, programRoot: PROGRAM_ROOT, projectName: 'lake' }),
    ).toThrow(
      new ScaffoldError(
        `${dir}: expected a new or empty folder, found 1 entry (README.md); choose another path, the scaffold never overwrites`,
      ),
    );
    expect(fs.readdirSync(dir)).toEqual(['README.md']);
    expect(
      fs.readdirSync(path.dirname(dir)).filter((f) => f.startsWith(`${path.basename(dir)}.tmp-`)),
    ).toEqual([]);
  });

  it('fails when the target is a file', () => {
    const file = path.join(tempDir(), 'f');
    fs.writeFileSync(file, '');
    expect(() =>
      scaffoldDataProject({ targetDir: file, programRoot: PROGRAM_ROOT, projectName: 'lake' }),
    ).toThrow('expected a new or empty folder, found a file');
  });

  it('fails when the project name is not a resource key', () => {
    expect(() =>
      scaffoldDataProject({ targetDir: path.join(tempDir(), 'My_Lake'), programRoot: PROGRAM_ROOT }),
    ).toThrow(
      `project name: expected 2-40 characters of lowercase letters, digits and '-', starting with a letter, found "My_Lake"; pass --name`,
    );
  });

  it('fails when the Git URL is not https or carries credentials, without echoing them', () => {
    const targetDir = path.join(tempDir(), 'lake');
    expect(() =>
      scaffoldDataProject({ targetDir, programRoot: PROGRAM_ROOT, gitUrl: 'git@github.com:a/b.git' }),
    ).toThrow('git URL: expected an https URL without credentials');
    let message = '';
    try {
      scaffoldDataProject({
        targetDir,
        programRoot: PROGRAM_ROOT,
        gitUrl: 'https://bob:ghp_secret123@github.com/a/b.git',
      });
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toContain('found a URL with credentials');
    expect(message).not.toContain('ghp_secret123');
    expect(fs.existsSync(targetDir)).toBe(false);
  });
});
