import { parseArgs, ParseArgsConfig } from 'node:util';
import * as readline from 'node:readline/promises';
import { DestroyGuardError } from '../ops/deploy-flow';
import { redactSecrets } from '../lib/text/secret-scan';

export { PROJECT_PATHS, PROJECT_ROOT, projectPath } from '../app/paths/project-paths';

/** Exit codes shared by every command (each command's --help lists the ones it uses). */
export const EXIT = {
  ok: 0,
  error: 1,
  usage: 2,
  /** `plan`: changes present; `deploy`/`rollback`/`destroy`: the destroy guard tripped. */
  destroyGuard: 3,
  /** Nothing was done because nobody confirmed (no terminal and no `--yes`, or the answer was no). */
  notConfirmed: 4,
} as const;

/** A command-line mistake: printed with the usage, exit code 2. */
export class UsageError extends Error {}

/** Nothing was done because nobody confirmed it: exit code 4, never a silent success. */
export class NotConfirmedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NotConfirmedError';
  }
}

/**
 * Parses `argv` with node's parseArgs; `--help` prints `usage` and exits 0; mistakes throw a
 * {@link UsageError}.
 */
export function parseCli<T extends NonNullable<ParseArgsConfig['options']>>(
  argv: readonly string[],
  options: T,
  usage: string,
) {
  try {
    const parsed = parseArgs({
      args: [...argv],
      options: { ...options, help: { type: 'boolean', short: 'h' } },
      allowPositionals: true,
      strict: true,
    });
    if ((parsed.values as { help?: boolean }).help) {
      console.log(usage);
      process.exit(0);
    }
    return parsed;
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
}

/**
 * Runs a command's main function and turns what it throws into an exit code and one clear
 * message: 2 usage, 3 destroy guard, 4 not confirmed, 1 anything else. Never prints a stack trace or a secret.
 */
export function runCli(usage: string, main: () => Promise<number> | number): void {
  // A reader that stops early (`npm run status -- dev | head`) closes the pipe: the rest of the
  // output has nobody to read it, but the command (a deploy mid-apply) still finishes, its exit code intact.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code !== 'EPIPE' && e.code !== 'ERR_STREAM_DESTROYED') throw e;
  });
  Promise.resolve()
    .then(main)
    .then((code) => {
      process.exitCode = code;
    })
    .catch((e: unknown) => {
      // Whatever a command throws may quote a value it was given: the one redaction, for every command.
      const message = redactSecrets(e instanceof Error ? e.message : String(e));
      if (e instanceof UsageError) {
        console.error(`${message}\n\n${usage}`);
        process.exitCode = EXIT.usage;
      } else if (e instanceof DestroyGuardError) {
        console.error(message);
        process.exitCode = EXIT.destroyGuard;
      } else if (e instanceof NotConfirmedError) {
        console.error(message);
        process.exitCode = EXIT.notConfirmed;
      } else {
        console.error(`error: ${message}`);
        process.exitCode = EXIT.error;
      }
    });
}

/** The one positional environment name, validated. */
export function environmentArg(positionals: readonly string[]): string {
  if (positionals.length !== 1 || !/^[a-z][a-z0-9-]*$/.test(positionals[0])) {
    throw new UsageError(
      `expected exactly one environment name (e.g. dev), found ${JSON.stringify(positionals)}`,
    );
  }
  return positionals[0];
}

/**
 * Goes on only when confirmed: with `yes`, in CI (CI=true), or when the person at the terminal
 * answers y. Otherwise throws a {@link NotConfirmedError} (exit 4) saying nothing was done and to
 * pass --yes: a run without a terminal never reports success for work it did not do.
 * @param action what would be done, e.g. "apply this plan to dev"
 */
export async function requireConfirmation(action: string, yes: boolean): Promise<void> {
  if (yes || process.env.CI === 'true') return;
  if (!process.stdin.isTTY) {
    throw new NotConfirmedError(
      `Nothing done: no terminal to confirm "${action}" on; pass --yes to ${action} without asking.`,
    );
  }
  const rl = readline.createInterface({ input: process.stdin, output: process.stderr });
  try {
    const answer = (await rl.question(`${action[0].toUpperCase()}${action.slice(1)}? [y/N] `)).trim();
    if (!/^y(es)?$/i.test(answer)) {
      throw new NotConfirmedError(`Nothing done: not confirmed; pass --yes to ${action} without asking.`);
    }
  } finally {
    rl.close();
  }
}
