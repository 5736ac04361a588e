import * as path from 'path';
import { redactSecrets } from '../text/secret-scan';

/** One thing wrong with a flavor's requirement files, located at a file and (usually) a line. */
export interface RequirementsProblem {
  /** The file, relative to the parent of the requirements folder (the project root for the default layout). */
  readonly file: string;
  /** 1-based line number, when the problem is on a line. */
  readonly line?: number;
  /** What is wrong, then how to fix it: `<what is wrong>. <how to fix>` */
  readonly message: string;
}

/**
 * An I/O problem (a missing or unreadable file): the CLI exits with code 2 on it, not 1.
 * The message names the file.
 */
export class RequirementsIoError extends Error {
  constructor(message: string) {
    super(redactSecrets(message));
    this.name = 'RequirementsIoError';
  }
}

/**
 * How a file is shown in messages: relative to the parent of the requirements folder, with `/` separators,
 * so `<project>/requirements/requirements.txt` reads `requirements/requirements.txt` on every machine.
 */
export function displayPath(requirementsDir: string, file: string): string {
  const relative = path.relative(path.dirname(path.resolve(requirementsDir)), path.resolve(file));
  return relative.split(path.sep).join('/');
}

/**
 * Formats a problem as `<file>:<line>: <message>` (or `<file>: <message>` without a line), with
 * secret-shaped text masked: the one place every requirements problem is printed.
 */
export function formatProblem(problem: RequirementsProblem): string {
  const where = problem.line === undefined ? problem.file : `${problem.file}:${problem.line}`;
  return redactSecrets(`${where}: ${problem.message}`);
}

/** Sorts problems by file, then line, then message, so reports are stable. */
export function sortProblems(problems: ReadonlyArray<RequirementsProblem>): RequirementsProblem[] {
  return [...problems].sort(
    (a, b) =>
      a.file.localeCompare(b.file) || (a.line ?? 0) - (b.line ?? 0) || a.message.localeCompare(b.message),
  );
}
