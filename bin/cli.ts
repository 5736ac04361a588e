import { parseArgs, ParseArgsConfig } from 'node:util';
import * as path from 'node:path';
import * as readline from 'node:readline/promises';
import { DestroyGuardError } from '../ops/deploy-flow';

/** The project root (where package.json and main.ts live). */
export const PROJECT_ROOT = path.resolve(__dirname, '..');

/** A command-line mistake: printed with the usage, exit code 2. */
export class UsageError extends Error {}

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
 * message: 2 usage, 3 destroy guard, 1 anything else. Never prints a stack trace or a secret.
 */
export function runCli(usage: string, main: () => Promise<number> | number): void {
  Promise.resolve()
    .then(main)
    .then((code) => {
      process.exitCode = code;
    })
    .catch((e: unknown) => {
      const message = e instanceof Error ? e.message : String(e);
      if (e instanceof UsageError) {
        console.error(`${message}\n\n${usage}`);
        process.exitCode = 2;
      } else if (e instanceof DestroyGuardError) {
        console.error(message);
        process.exitCode = 3;
      } else {
        console.error(`error: ${message}`);
        process.exitCode = 1;
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

/** Asks on a terminal; in CI (CI=true) or with `yes` it answers yes; without a terminal, no. */
export async function confirm(question: string, yes: boolean): Promise<boolean> {
  if (yes || process.env.CI === 'true') return true;
  if (!process.stdin.isTTY) return false;
  const rl = readline.createInterface({ input: process.stdin, output: process.stderr });
  try {
    return /^y(es)?$/i.test((await rl.question(`${question} [y/N] `)).trim());
  } finally {
    rl.close();
  }
}
