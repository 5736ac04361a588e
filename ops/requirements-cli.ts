import { checkFlavor } from '../lib/requirements/check';
import { combineFlavor } from '../lib/requirements/combine';
import { Flavor, flavorFiles } from '../lib/requirements/flavor';
import { displayPath, formatProblem, RequirementsIoError } from '../lib/requirements/problem';

/** Where the CLI writes. */
export interface CliOutput {
  stdout(line: string): void;
  stderr(line: string): void;
}

/** Exit codes of `npm run requirements`. */
export const EXIT = { ok: 0, problems: 1, usageOrIo: 2 } as const;

/** The commands of `npm run requirements`. */
export const REQUIREMENTS_COMMANDS = ['check', 'combine'] as const;

/** What one `npm run requirements` run does (bin/requirements.ts parses it from the command line). */
export interface RequirementsRun {
  readonly command: (typeof REQUIREMENTS_COMMANDS)[number];
  /** The flavors to check or combine, in this order. */
  readonly flavors: ReadonlyArray<Flavor>;
  /** The requirements folder (absolute). */
  readonly dir: string;
}

/**
 * Runs `check` or `combine` over the flavors and returns the exit code: 0 ok, 1 problems found (each
 * printed as `<file>:<line>: <what>. <fix>` on stderr), 2 I/O error (a missing or unreadable file).
 */
export function runRequirements(run: RequirementsRun, output: CliOutput): number {
  let problemCount = 0;
  try {
    for (const flavor of run.flavors) {
      if (run.command === 'check') {
        const problems = checkFlavor(run.dir, flavor);
        problems.forEach((p) => output.stderr(formatProblem(p)));
        problemCount += problems.length;
        output.stdout(`${flavor}: ${problems.length === 0 ? 'ok' : `${problems.length} problem(s)`}`);
      } else {
        const result = combineFlavor(run.dir, flavor);
        result.problems.forEach((p) => output.stderr(formatProblem(p)));
        problemCount += result.problems.length;
        const shown = displayPath(run.dir, flavorFiles(run.dir, flavor).combined);
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
