import { spawn } from 'node:child_process';

/** How a child process ended and what it wrote to stderr. */
export interface ChildOutcome {
  /** Exit code, or null when a signal ended it. */
  readonly exitCode: number | null;
  /** The signal that ended it (e.g. SIGKILL), or null when it exited by itself. */
  readonly signal: NodeJS.Signals | null;
  /** The signal this process received and forwarded while the child ran, if any. */
  readonly interruptedBy: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Options of {@link runForwardingSignals}. */
export interface ForwardingOptions {
  readonly cwd: string;
  readonly env: NodeJS.ProcessEnv;
  /** `inherit` shows the child's stdout live; `pipe` captures it. @default 'pipe' */
  readonly stdout?: 'inherit' | 'pipe';
  /** Also copy the child's stderr live to this process's stderr (it is captured either way). @default false */
  readonly teeStderr?: boolean;
}

const FORWARDED: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM'];

/**
 * Runs a child (Terraform) in its own process group and, while it runs, turns this process's
 * SIGINT and SIGTERM into a SIGINT for the child (Terraform's graceful stop: it finishes the API
 * calls in flight and writes state), then waits for it to end. A second signal is forwarded too
 * (Terraform then stops at once). Without its own group, a Ctrl-C in a terminal would reach the
 * child twice (from the terminal and from us) and skip the graceful stop.
 */
export function runForwardingSignals(
  command: string,
  args: readonly string[],
  options: ForwardingOptions,
): Promise<ChildOutcome> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, [...args], {
      cwd: options.cwd,
      env: options.env,
      detached: true,
      stdio: ['ignore', options.stdout === 'inherit' ? 'inherit' : 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let interruptedBy: NodeJS.Signals | null = null;
    child.stdout?.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr?.on('data', (d: Buffer) => {
      stderr += d.toString();
      if (options.teeStderr) process.stderr.write(d);
    });
    const forward = (signal: NodeJS.Signals) => {
      interruptedBy ??= signal;
      process.stderr.write(
        `\nReceived ${signal}: asking terraform to stop gracefully (SIGINT) and waiting for it to write state…\n`,
      );
      child.kill('SIGINT');
    };
    for (const s of FORWARDED) process.on(s, forward);
    const cleanup = () => {
      for (const s of FORWARDED) process.off(s, forward);
    };
    child.on('error', (e) => {
      cleanup();
      reject(e);
    });
    child.on('close', (exitCode, signal) => {
      cleanup();
      resolve({ exitCode, signal, interruptedBy, stdout, stderr });
    });
  });
}
