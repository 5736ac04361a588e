import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Toolchain, toolchain } from '../../ops/toolchain';

/** The project root (where main.ts and .tools/ live). */
export const PROJECT_ROOT = resolve(__dirname, '../..');

/** The default project's environments. */
export const ENVIRONMENTS = ['dev', 'staging', 'prod'] as const;

/**
 * Environment for synthesizing without any workspace: the provider points at a closed local port
 * (any HTTP call fails fast instead of reaching a real workspace), with a short retry timeout, and
 * the state lives in a temp folder.
 */
export function offlineEnv(workDir: string): NodeJS.ProcessEnv {
  return {
    ...process.env,
    CDKTF_OUTDIR: join(workDir, 'cdktf.out'),
    DEVOPS_WORKSPACE_HOST: 'http://127.0.0.1:9',
    DEVOPS_PROVIDER_RETRY_TIMEOUT_SECONDS: '5',
    DEVOPS_STATE_DIR: join(workDir, 'state'),
  };
}

/** A fresh temp folder for one test file. */
export function makeWorkDir(): string {
  return mkdtempSync(join(tmpdir(), 'devops-integration-'));
}

/** Synthesizes every environment of the default project into `<workDir>/cdktf.out`. */
export function synthesize(workDir: string): string {
  const result = spawnSync('npx', ['tsx', 'main.ts'], {
    cwd: PROJECT_ROOT,
    env: offlineEnv(workDir),
    encoding: 'utf8',
  });
  if (result.status !== 0)
    throw new Error(`synthesis failed (exit ${result.status}):\n${result.stderr}${result.stdout}`);
  return join(workDir, 'cdktf.out');
}

/** The project toolchain; throws "run npm run setup:terraform" when it is missing (never skips). */
export function requireToolchain(): Toolchain {
  return toolchain(PROJECT_ROOT);
}

/** Runs terraform in a folder and returns status and both streams. */
export function terraform(tc: Toolchain, cwd: string, args: string[]) {
  const result = spawnSync(tc.terraform, args, {
    cwd,
    env: tc.env,
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
  return { status: result.status ?? -1, stdout: result.stdout ?? '', stderr: result.stderr ?? '' };
}
