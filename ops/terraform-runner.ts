import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describePgLockHolder, pgApplicationName } from './pg-lock-holder';
import { StateIdentity, stateIdentityOf } from './refresh-record';
import { runForwardingSignals } from './signals';
import { stackBackend, StackBackend, unlockAdvice } from './state-backend';
import { toolchain } from './toolchain';

/** A terraform command that failed; its message carries the command and Terraform's own words. */
export class TerraformError extends Error {
  constructor(
    message: string,
    readonly exitCode: number,
    readonly stderr: string,
  ) {
    super(message);
    this.name = 'TerraformError';
  }
}

/** Result of one terraform invocation. */
export interface TerraformResult {
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
  /** The signal that ended terraform (e.g. SIGKILL from an OOM killer or a dying CI runner). */
  readonly signal?: NodeJS.Signals | null;
  /** The signal this process received and forwarded to terraform (it then stopped gracefully). */
  readonly interruptedBy?: NodeJS.Signals | null;
}

// Terraform colours its output unless told not to; strip what slips through for messages.
const ANSI = /\x1b\[[0-9;]*m/g;
const LOCK_ERROR = /Error acquiring the state lock/;

/**
 * Runs terraform in one synthesized stack folder with the project's toolchain (offline provider
 * mirror, shared plugin cache). Every project command that runs terraform goes through here.
 */
export class TerraformRunner {
  private readonly terraform: string;
  private readonly env: NodeJS.ProcessEnv;

  /**
   * @param toolchainRoot the project holding `.tools/` (see `npm run setup:terraform`)
   * @param stackDir e.g. `cdktf.out/stacks/prod`
   */
  constructor(
    toolchainRoot: string,
    readonly stackDir: string,
    baseEnv: NodeJS.ProcessEnv = process.env,
  ) {
    const tc = toolchain(toolchainRoot, baseEnv);
    this.terraform = tc.terraform;
    this.env = { ...tc.env, TF_IN_AUTOMATION: '1', CHECKPOINT_DISABLE: '1' };
    // pg state: the session's application name is the only trace of who holds the advisory lock.
    if (this.backend()?.type === 'pg') this.env.PGAPPNAME = pgApplicationName();
  }

  /**
   * Runs `terraform <args>`; exit codes other than those in `okCodes` throw a {@link TerraformError}.
   * @param okCodes @default [0]
   */
  run(
    args: readonly string[],
    okCodes: readonly number[] = [0],
    stdio: 'pipe' | 'inherit' = 'pipe',
  ): TerraformResult {
    const res = spawnSync(this.terraform, [...args], {
      cwd: this.stackDir,
      env: this.env,
      encoding: 'utf8',
      stdio: stdio === 'inherit' ? ['ignore', 'inherit', 'pipe'] : ['ignore', 'pipe', 'pipe'],
      maxBuffer: 256 * 1024 * 1024,
    });
    const result = {
      exitCode: res.status ?? 1,
      stdout: res.stdout ?? '',
      stderr: res.stderr ?? '',
      signal: res.signal,
    };
    if (res.error) throw new TerraformError(`terraform ${args[0]}: ${res.error.message}`, 1, '');
    return this.check(args, result, okCodes);
  }

  /**
   * Runs `terraform <args>` showing its output live, forwarding SIGINT/SIGTERM to it and waiting
   * for it (see {@link runForwardingSignals}); for the commands that change the workspace.
   */
  async runForwarding(args: readonly string[]): Promise<TerraformResult> {
    const outcome = await runForwardingSignals(this.terraform, args, {
      cwd: this.stackDir,
      env: this.env,
      stdout: 'inherit',
      teeStderr: true,
    });
    return this.check(args, { ...outcome, exitCode: outcome.exitCode ?? 1 }, [0]);
  }

  private backend(): StackBackend | undefined {
    try {
      return stackBackend(this.stackDir);
    } catch {
      return undefined;
    }
  }

  private check(
    args: readonly string[],
    result: TerraformResult,
    okCodes: readonly number[],
  ): TerraformResult {
    if (result.signal || result.interruptedBy || !okCodes.includes(result.exitCode)) {
      const backend = this.backend();
      const pgHolder =
        backend?.type === 'pg' && LOCK_ERROR.test(result.stderr)
          ? describePgLockHolder(backend, this.env)
          : undefined;
      throw new TerraformError(
        describeFailure(args, result, path.basename(this.stackDir), backend, pgHolder),
        result.exitCode,
        result.stderr,
      );
    }
    return result;
  }

  /** `terraform init`, offline from the mirror. */
  init(): void {
    this.run(['init', '-input=false', '-no-color']);
  }

  /**
   * `terraform plan -out`; returns true when the plan has changes (detailed exit code 2).
   * Fails fast (no lock wait) when another run holds the state lock.
   */
  plan(planFile: string, extraArgs: readonly string[] = []): boolean {
    const res = this.run(
      ['plan', '-input=false', '-no-color', '-detailed-exitcode', `-out=${planFile}`, ...extraArgs],
      [0, 2],
    );
    return res.exitCode === 2;
  }

  /** `terraform show -json <planFile>`, parsed. */
  showJson<T>(planFile: string): T {
    return JSON.parse(this.run(['show', '-json', '-no-color', planFile]).stdout) as T;
  }

  /** The resources of the current state (`terraform show -json`), root module only. */
  stateResources<T = { address: string; type: string; values: Record<string, unknown> }>(): T[] {
    const state = JSON.parse(this.run(['show', '-json', '-no-color']).stdout || '{}') as {
      values?: { root_module?: { resources?: T[] } };
    };
    return state.values?.root_module?.resources ?? [];
  }

  /**
   * Serial and lineage of the current state: read from the file for local state, else `terraform state pull`;
   * undefined when there is no state yet.
   */
  stateIdentity(): StateIdentity | undefined {
    const stateFile = this.backend()?.stateFile;
    if (stateFile)
      return fs.existsSync(stateFile) ? stateIdentityOf(fs.readFileSync(stateFile, 'utf8')) : undefined;
    return stateIdentityOf(this.run(['state', 'pull']).stdout);
  }

  /** Applies a saved plan: exactly what was reviewed. SIGINT/SIGTERM stop it gracefully. */
  async apply(planFile: string): Promise<void> {
    await this.runForwarding(['apply', '-input=false', '-no-color', '-auto-approve', planFile]);
  }

  /** `terraform destroy`. SIGINT/SIGTERM stop it gracefully. */
  async destroy(): Promise<void> {
    await this.runForwarding(['destroy', '-input=false', '-no-color', '-auto-approve']);
  }

  /** Stack outputs (`terraform output -json`), as plain values. */
  outputs(): Record<string, unknown> {
    const raw = JSON.parse(this.run(['output', '-json', '-no-color']).stdout || '{}') as Record<
      string,
      { value: unknown }
    >;
    return Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, v.value]));
  }
}

/**
 * Turns a failed run into a message a person can act on: a signal, a state lock, or Terraform's
 * own errors.
 * @param environment the stack's environment, for the follow-up commands @default 'env'
 * @param pgHolder the holder of a pg backend's lock, as PostgreSQL names it (see
 *   {@link describePgLockHolder}): Terraform's own "Lock Info" there describes the run that asked
 */
export function describeFailure(
  args: readonly string[],
  result: TerraformResult,
  environment = '<env>',
  backend?: StackBackend,
  pgHolder?: string,
): string {
  const err = result.stderr.replace(ANSI, '');
  const changesWorkspace = ['apply', 'destroy', 'import'].includes(args[0]);
  const check = changesWorkspace
    ? ` Objects it was creating may exist in the workspace without being recorded in state: ` +
      `run \`npm run state -- orphans ${environment}\` (docs/RUNBOOK-state.md, "Killed apply").`
    : '';
  if (result.interruptedBy) {
    return (
      `terraform ${args[0]} was interrupted (${result.interruptedBy} received, forwarded as SIGINT); ` +
      `terraform stopped ${result.signal ? `by ${result.signal}` : `with exit ${result.exitCode}`} ` +
      `after writing the state of what it had done.${check}`
    );
  }
  if (result.signal) {
    const tail = err.trim() ? `\nLast words:\n${err.trim().split('\n').slice(-8).join('\n')}` : '';
    return (
      `terraform ${args[0]} was killed by ${result.signal} (it did not exit by itself: out of memory, ` +
      `a cancelled CI job or a kill from outside). It had no chance to write state.${check}${tail}`
    );
  }
  if (LOCK_ERROR.test(err)) {
    if (backend?.type === 'pg') {
      return (
        `terraform ${args[0]}: the state is locked by another run (Who: ${pgHolder ?? 'unknown'}). ` +
        `Wait for it to finish. ${unlockAdvice(backend, '')}`
      );
    }
    const field = (name: string) =>
      new RegExp(`^\\s*${name}:\\s*(.*)$`, 'm').exec(err)?.[1]?.trim() ?? 'unknown';
    return (
      `terraform ${args[0]}: the state is locked by another run (Who: ${field('Who')}, ` +
      `Operation: ${field('Operation')}, Created: ${field('Created')}, ID: ${field('ID')}). ` +
      `Wait for it to finish. ${unlockAdvice(backend ?? { type: 'unknown', settings: {} }, field('ID'))}`
    );
  }
  const errors = err
    .split(/\n(?=Error: )/)
    .filter((b) => b.startsWith('Error: ') || b.includes('\nError: '))
    .map((b) => b.trim());
  const detail =
    errors.length > 0
      ? errors.join('\n\n')
      : err.trim() || '(terraform wrote nothing to stderr; its output is above)';
  return `terraform ${args[0]} failed (exit ${result.exitCode}):\n${detail}`;
}
