import * as fs from 'fs';
import * as path from 'path';
import { spawnSync } from 'child_process';
import { UsageError } from '../../../bin/cli';
import { requirementsRun, USAGE } from '../../../bin/requirements';
import { EXIT, runRequirements } from '../../../ops/requirements-cli';
import { flavorFiles } from '../../../lib/requirements/flavor';
import { copyFixture, editFile, lineOf, PROJECT_REQUIREMENTS } from './fixture-dir';

const PROJECT_ROOT = path.dirname(PROJECT_REQUIREMENTS);

function cli(args: string[], env: NodeJS.ProcessEnv = {}) {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const code = runRequirements(requirementsRun(args, env), {
    stdout: (l) => stdout.push(l),
    stderr: (l) => stderr.push(l),
  });
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

  test("reads the project's requirements folder when neither --dir nor REQUIREMENTS_DIR is given", () => {
    expect(requirementsRun(['check'], {})).toEqual({
      command: 'check',
      flavors: ['standard', 'ml', 'gpu'],
      dir: PROJECT_REQUIREMENTS,
    });
  });

  test('fails with a usage error on a bad command, option or flavor', () => {
    const mistakes: Array<[string[], RegExp]> = [
      [[], /^requirements: missing command: check or combine$/],
      [['lint'], /^requirements: unknown command "lint"; use check or combine$/],
      [['check', '--flavor', 'tpu'], /^requirements: unknown flavor "tpu"; use one of standard, ml, gpu$/],
      [['check', '--verbose'], /Unknown option '--verbose'/],
      [['check', '--dir'], /--dir <value>' argument missing/],
      [['check', '--dir='], /^requirements: --dir needs a value$/],
      [['check', 'extra'], /^requirements: unexpected argument "extra"$/],
    ];
    for (const [args, message] of mistakes) {
      expect(() => requirementsRun(args, {})).toThrow(UsageError);
      expect(() => requirementsRun(args, {})).toThrow(message);
    }
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

  test('the npm script prints the usage and exits 0 on --help, 2 with the mistake and the usage on a usage error', () => {
    const tsx = path.join(PROJECT_ROOT, 'node_modules', '.bin', 'tsx');
    const help = spawnSync(tsx, ['bin/requirements.ts', '--help'], { cwd: PROJECT_ROOT, encoding: 'utf8' });
    expect([help.status, help.stdout, help.stderr]).toEqual([EXIT.ok, `${USAGE}\n`, '']);
    const usage = spawnSync(tsx, ['bin/requirements.ts', 'check', '--flavor', 'tpu'], {
      cwd: PROJECT_ROOT,
      encoding: 'utf8',
    });
    expect([usage.status, usage.stdout]).toEqual([EXIT.usageOrIo, '']);
    expect(usage.stderr).toBe(
      `requirements: unknown flavor "tpu"; use one of standard, ml, gpu\n\n${USAGE}\n`,
    );
  });
});
