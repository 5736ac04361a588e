/**
 * Every command a new user copies from README.md and docs/GETTING_STARTED.md works as written on a
 * fresh clone: each `npm run` script exists, its `--help` prints usage and does nothing else, the
 * options the docs use are ones the command knows, and the commands that need no workspace run
 * as written (exit codes asserted). Deploying on the emulator is test/e2e's job.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { documentedCommands, longOptions } from '../helpers/documented-commands';
import { tempDir } from '../helpers/temp-dir';

jest.setTimeout(180_000);

const ROOT = path.resolve(__dirname, '..', '..');
const SCRIPTS = (
  JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
    scripts: Record<string, string>;
  }
).scripts;
const COMMANDS = documentedCommands(ROOT);
const TSX = pathToFileURL(path.join(ROOT, 'node_modules', 'tsx', 'dist', 'loader.mjs')).href;

interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** `npm run <script> -- <args>` as npm would run it (its package.json line), without npm itself. */
function runScript(
  script: string,
  args: readonly string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv; untilStdout?: RegExp } = {},
): Promise<Run> {
  const [tool, file] = SCRIPTS[script].split(/\s+/);
  // tsx by absolute path: a command run from another folder (a fresh clone's cwd) must find it.
  const argv = tool === 'tsx' ? ['--import', TSX, path.join(ROOT, file)] : [path.join(ROOT, file)];
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [...argv, ...args], {
      cwd: options.cwd ?? ROOT,
      env: { ...process.env, CI: 'false', ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => {
      stdout += d;
      if (options.untilStdout?.test(stdout)) child.kill('SIGTERM');
    });
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

it('finds the documented commands (the extraction itself works)', () => {
  const scripts = new Set(COMMANDS.map((c) => c.script));
  for (const s of ['synth', 'plan', 'deploy', 'emulator', 'status', 'setup:terraform'])
    expect(scripts).toContain(s);
});

it('every documented npm run script exists in package.json', () => {
  const missing = COMMANDS.filter((c) => !(c.script in SCRIPTS)).map((c) => `${c.file}: ${c.line}`);
  expect(missing).toEqual([]);
});

describe('--help prints usage and does nothing else', () => {
  const helps = new Map<string, Promise<Run>>();
  const outdir = path.join(tempDir('doc-help-'), 'out');
  const stateDir = path.join(path.dirname(outdir), 'state');
  // Every script of package.json but the test runner, two at a time (2 cores).
  const names = Object.keys(SCRIPTS).filter((s) => /^(tsx|node) \S+$/.test(SCRIPTS[s]));
  const queue = [...names];
  const next = async (): Promise<void> => {
    const name = queue.shift();
    if (!name) return;
    const run = runScript(name, ['--help'], { env: { CDKTF_OUTDIR: outdir, DEVOPS_STATE_DIR: stateDir } });
    helps.set(name, run);
    await run;
    await next();
  };
  const all = Promise.all([next(), next()]);

  it.each(names)('%s', async (name) => {
    await all;
    const run = await helps.get(name)!;
    expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 0, stderr: '' });
    expect(run.stdout).toMatch(/^Usage: /);
    // Nothing synthesized, planned or deployed.
    expect(fs.existsSync(outdir)).toBe(false);
    expect(fs.existsSync(stateDir)).toBe(false);
    // Every option the docs use with this command is one its usage names.
    const used = COMMANDS.filter((c) => c.script === name).flatMap((c) => longOptions(c.args));
    for (const option of used) expect(run.stdout).toContain(option);
  });
});

it('the emulator command works as written in a fresh clone (the --state folder does not exist yet)', async () => {
  const documented = COMMANDS.find((c) => c.script === 'emulator' && c.args.includes('--state'));
  expect(documented).toBeDefined();
  const clone = tempDir('doc-clone-');
  // A free port instead of the documented one; every other argument as written.
  const args = documented!.args.map((a, i, all) => (all[i - 1] === '--port' ? '0' : a));
  const run = await runScript('emulator', args, { cwd: clone, untilStdout: /listening on http/ });
  expect(run.stdout).toMatch(/^Databricks emulator listening on http:\/\/127\.0\.0\.1:\d+/);
  const state = args[args.indexOf('--state') + 1];
  expect(fs.existsSync(path.join(clone, state))).toBe(true);
});

it('npm run synth, as documented, synthesizes every environment', async () => {
  expect(COMMANDS.some((c) => c.script === 'synth' && c.args.length === 0)).toBe(true);
  const outdir = path.join(tempDir('doc-synth-'), 'cdktf.out');
  const run = await runScript('synth', [], { env: { CDKTF_OUTDIR: outdir } });
  expect(run.code).toBe(0);
  for (const env of ['dev', 'staging', 'prod']) {
    expect(fs.existsSync(path.join(outdir, 'stacks', env, 'cdk.tf.json'))).toBe(true);
  }
});

it('npm run requirements -- check, as documented, exits 0 on the shipped requirements', async () => {
  const documented = COMMANDS.find((c) => c.script === 'requirements' && c.args[0] === 'check');
  expect(documented).toBeDefined();
  const run = await runScript('requirements', documented!.args);
  expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 0, stderr: '' });
});

it('npm run cdktf, as documented, runs the cdktf CLI offline without the checkpoint [ERROR] line', async () => {
  expect(COMMANDS.some((c) => c.script === 'cdktf' && c.args[0] === 'deploy')).toBe(true);
  const outdir = path.join(tempDir('doc-cdktf-'), 'cdktf.out');
  // As npm runs it: the script line in sh, from the project root, a stale TF_CLI_CONFIG_FILE in the shell.
  const run = await new Promise<Run>((resolve) => {
    const child = spawn('sh', ['-c', `${SCRIPTS.cdktf} synth --output "$1"`, 'sh', outdir], {
      cwd: ROOT,
      env: {
        ...process.env,
        PATH: `${path.join(ROOT, 'node_modules', '.bin')}${path.delimiter}${process.env.PATH}`,
        CHECKPOINT_DISABLE: '',
        TF_CLI_CONFIG_FILE: '/nonexistent/terraformrc',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
  expect(run.code).toBe(0);
  expect(`${run.stdout}${run.stderr}`).not.toMatch(/\[ERROR\]|checkpoint/i);
  expect(fs.existsSync(path.join(outdir, 'stacks', 'dev', 'cdk.tf.json'))).toBe(true);
});
