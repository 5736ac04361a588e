/**
 * `npm run requirements -- <check|combine> [--flavor X] [--dir DIR]`: the blueprint's dependency workflow.
 * See docs/requirements.md.
 */
import * as path from 'node:path';
import { Flavor, FLAVORS, isFlavor } from '../lib/requirements/flavor';
import { REQUIREMENTS_COMMANDS, RequirementsRun, runRequirements } from '../ops/requirements-cli';
import { parseCli, PROJECT_PATHS, runCli, UsageError } from './cli';

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

/**
 * The run the command line asks for (`--help` prints {@link USAGE} and exits 0).
 * @throws UsageError naming the mistake: a missing or unknown command, an unknown flavor or option,
 *   an option without its value, an extra argument
 */
export function requirementsRun(argv: readonly string[], env: NodeJS.ProcessEnv): RequirementsRun {
  const { values, positionals } = parseCli(
    argv,
    { flavor: { type: 'string' }, dir: { type: 'string' } },
    USAGE,
  );
  const [command, ...extra] = positionals;
  const commands: readonly string[] = REQUIREMENTS_COMMANDS;
  if (command === undefined || !commands.includes(command)) {
    throw new UsageError(
      command === undefined
        ? 'requirements: missing command: check or combine'
        : `requirements: unknown command "${command}"; use check or combine`,
    );
  }
  if (extra.length > 0) throw new UsageError(`requirements: unexpected argument "${extra[0]}"`);
  for (const name of ['flavor', 'dir'] as const) {
    if (values[name] === '') throw new UsageError(`requirements: --${name} needs a value`);
  }
  const flavor = values.flavor;
  if (flavor !== undefined && !isFlavor(flavor)) {
    throw new UsageError(`requirements: unknown flavor "${flavor}"; use one of ${FLAVORS.join(', ')}`);
  }
  return {
    command: command as RequirementsRun['command'],
    flavors: flavor === undefined ? FLAVORS : [flavor as Flavor],
    dir: path.resolve(values.dir ?? env.REQUIREMENTS_DIR ?? PROJECT_PATHS.requirements),
  };
}

if (require.main === module) {
  runCli(USAGE, () =>
    runRequirements(requirementsRun(process.argv.slice(2), process.env), {
      stdout: (line) => console.log(line),
      stderr: (line) => console.error(line),
    }),
  );
}
