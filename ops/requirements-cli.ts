import * as path from 'path';
import { checkFlavor } from '../lib/requirements/check';
import { combineFlavor } from '../lib/requirements/combine';
import { Flavor, flavorFiles, FLAVORS, isFlavor } from '../lib/requirements/flavor';
import { displayPath, formatProblem, RequirementsIoError } from '../lib/requirements/problem';

/** Where the CLI writes. */
export interface CliOutput {
  stdout(line: string): void;
  stderr(line: string): void;
}

/** Exit codes of `npm run requirements`. */
export const EXIT = { ok: 0, problems: 1, usageOrIo: 2 } as const;

/** The `--help` text. */
export const USAGE = `Usage: npm run requirements -- <check|combine> [--flavor standard|ml|gpu] [--dir DIR]

  check    verify the runtime baseline, additions, combined file and lock of each flavor
  combine  regenerate requirements-combined*.in from the baseline and the additions

Options:
  --flavor X  only this flavor (default: all of ${FLAVORS.join(', ')})
  --dir DIR   the requirements folder (default: $REQUIREMENTS_DIR, else <project root>/requirements)
  --help      show this help

Exit codes: 0 ok, 1 problems found, 2 usage or I/O error.
See docs/requirements.md.`;

interface Arguments {
  readonly command: 'check' | 'combine';
  readonly flavors: ReadonlyArray<Flavor>;
  readonly dir: string;
}

function parseArguments(
  argv: ReadonlyArray<string>,
  env: NodeJS.ProcessEnv,
  projectRoot: string,
): Arguments | 'help' | string {
  let command: string | undefined;
  let flavor: string | undefined;
  let dir: string | undefined;
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i];
    const [name, inline] =
      arg.startsWith('--') && arg.includes('=')
        ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)]
        : [arg, undefined];
    if (name === '--help' || name === '-h') {
      return 'help';
    }
    if (name === '--flavor' || name === '--dir') {
      const value = inline ?? argv[(i += 1)];
      if (value === undefined || value === '') {
        return `${name} needs a value`;
      }
      if (name === '--flavor') {
        flavor = value;
      } else {
        dir = value;
      }
    } else if (name.startsWith('-')) {
      return `unknown option "${arg}"`;
    } else if (command === undefined) {
      command = arg;
    } else {
      return `unexpected argument "${arg}"`;
    }
  }
  if (command !== 'check' && command !== 'combine') {
    return command === undefined
      ? 'missing command: check or combine'
      : `unknown command "${command}"; use check or combine`;
  }
  if (flavor !== undefined && !isFlavor(flavor)) {
    return `unknown flavor "${flavor}"; use one of ${FLAVORS.join(', ')}`;
  }
  return {
    command,
    flavors: flavor === undefined ? FLAVORS : [flavor],
    dir: path.resolve(dir ?? env.REQUIREMENTS_DIR ?? path.join(projectRoot, 'requirements')),
  };
}

/**
 * Runs `npm run requirements -- <check|combine> [--flavor X] [--dir DIR]` and returns the exit code:
 * 0 ok, 1 problems found (each printed as `<file>:<line>: <what>. <fix>` on stderr), 2 usage or I/O error.
 */
export function runRequirementsCli(
  argv: ReadonlyArray<string>,
  env: NodeJS.ProcessEnv,
  output: CliOutput,
  projectRoot: string,
): number {
  const args = parseArguments(argv, env, projectRoot);
  if (args === 'help') {
    output.stdout(USAGE);
    return EXIT.ok;
  }
  if (typeof args === 'string') {
    output.stderr(`requirements: ${args}\n\n${USAGE}`);
    return EXIT.usageOrIo;
  }
  let problemCount = 0;
  try {
    for (const flavor of args.flavors) {
      if (args.command === 'check') {
        const problems = checkFlavor(args.dir, flavor);
        problems.forEach((p) => output.stderr(formatProblem(p)));
        problemCount += problems.length;
        output.stdout(`${flavor}: ${problems.length === 0 ? 'ok' : `${problems.length} problem(s)`}`);
      } else {
        const result = combineFlavor(args.dir, flavor);
        result.problems.forEach((p) => output.stderr(formatProblem(p)));
        problemCount += result.problems.length;
        const shown = displayPath(args.dir, flavorFiles(args.dir, flavor).combined);
        output.stdout(
          `${flavor}: ${!result.written ? `not written, ${result.problems.length} problem(s)` : result.changed ? `wrote ${shown}` : `${shown} unchanged`}`,
        );
      }
    }
  } catch (error) {
    if (error instanceof RequirementsIoError) {
      output.stderr(`requirements: ${error.message}`);
      return EXIT.usageOrIo;
    }
    throw error;
  }
  return problemCount === 0 ? EXIT.ok : EXIT.problems;
}
