import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { EXIT, NotConfirmedError, requireConfirmation, runCli } from '../../bin/cli';

describe('requireConfirmation', () => {
  const saved = { ci: process.env.CI, tty: process.stdin.isTTY };
  afterEach(() => {
    process.env.CI = saved.ci;
    process.stdin.isTTY = saved.tty;
  });

  it('goes on with --yes, and in CI', async () => {
    process.stdin.isTTY = false;
    process.env.CI = 'false';
    await expect(requireConfirmation('apply this plan to dev', true)).resolves.toBeUndefined();
    process.env.CI = 'true';
    await expect(requireConfirmation('apply this plan to dev', false)).resolves.toBeUndefined();
  });

  it('fails when nobody can confirm, saying nothing was done and to pass --yes', async () => {
    process.stdin.isTTY = false;
    process.env.CI = 'false';
    const refused = requireConfirmation('apply this plan to dev', false);
    await expect(refused).rejects.toThrow(NotConfirmedError);
    await expect(refused).rejects.toThrow(
      'Nothing done: no terminal to confirm "apply this plan to dev" on; pass --yes to apply this plan to dev',
    );
  });
});

it('gives "not confirmed" its own exit code, apart from success, errors, usage and the destroy guard', () => {
  const codes = Object.values(EXIT);
  expect(new Set(codes).size).toBe(codes.length);
  expect(EXIT.notConfirmed).not.toBe(0);
});

it('never prints a secret a command quotes in what it throws', async () => {
  const token = `dapi${'0123456789abcdef'.repeat(2)}`;
  const printed: string[] = [];
  const spy = jest.spyOn(console, 'error').mockImplementation((line: string) => printed.push(line));
  const saved = process.exitCode;
  try {
    runCli('usage', () => {
      throw new Error(`workspace.host "${token}" is not a URL`);
    });
    await new Promise((resolve) => setImmediate(resolve));
    expect(process.exitCode).toBe(EXIT.error);
    expect(printed.join('\n')).toContain('workspace.host');
    expect(printed.join('\n')).not.toContain(token);
  } finally {
    spy.mockRestore();
    process.exitCode = saved;
  }
});

it('finishes with its own exit code when the reader of its output stops early (`| head`)', async () => {
  // 5,000 lines, then exit code 3: the reader closes the pipe after the first chunk.
  const script = [
    `const { runCli } = require(${JSON.stringify(path.resolve(__dirname, '../../bin/cli'))});`,
    "runCli('usage', async () => { for (let i = 0; i < 5000; i++) { console.log('line ' + i); await null; } return 3; });",
  ].join('\n');
  const child = spawn(process.execPath, ['--import', 'tsx', '-e', script], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  child.stdout.once('data', () => child.stdout.destroy());
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  expect(stderr).not.toContain('EPIPE');
  expect(code).toBe(3);
}, 30_000);
