import { displayPath, RequirementsProblem } from './problem';
import { RequirementsFile } from './requirements-file';
import { quoteValue } from '../text/quote-value';

/**
 * The declaration that lets a package source other than the default index through: a trailing
 * comment `# source: <reason>` on the line, so a reviewer sees why packages come from elsewhere.
 */
const SOURCE_DECLARATION = /^source\b:?\s*(.*)$/i;

/** Options that change where pip finds packages. */
export const INDEX_OPTIONS: ReadonlySet<string> = new Set([
  '-i',
  '--index-url',
  '--extra-index-url',
  '--trusted-host',
  '-f',
  '--find-links',
]);

/** The declared reason of a line's comment (`''` when declared without one), or undefined. */
export function sourceReason(comment: string | undefined): string | undefined {
  const match = SOURCE_DECLARATION.exec(comment ?? '');
  return match === null ? undefined : match[1].trim();
}

/** What kind of unpinnable source a direct reference is. */
function referenceKind(url: string): string {
  if (/^(git|hg|svn|bzr)\+/i.test(url)) return 'a VCS requirement';
  if (/^file:/i.test(url) || /^(\.{0,2}\/|~|[A-Za-z]:[\\/])/.test(url)) return 'a local-path requirement';
  return 'a URL requirement';
}

const DECLARE =
  'Use a pinned requirement from the default index (name==version), or, when the source is intended, end the line with "# source: <why>"';

/**
 * Package sources that bypass the default index: direct URL, VCS and local-path requirements, and
 * index options (`--index-url`, `--extra-index-url`, `--trusted-host`, `--find-links`). Each is a
 * problem unless declared with `# source: <reason>`; plain `http://` is a problem even when
 * declared (packages fetched without TLS can be swapped on the way).
 */
export function packageSourceProblems(
  file: RequirementsFile,
  requirementsDir: string,
  options: { requireDeclaration: boolean } = { requireDeclaration: true },
): RequirementsProblem[] {
  const problems: RequirementsProblem[] = [];
  const check = (at: { file: string; line: number }, what: string, value: string, comment?: string) => {
    const where = { file: displayPath(requirementsDir, at.file), line: at.line };
    if (/^http:\/\//i.test(value) || /(^|\+)http:\/\//i.test(value)) {
      problems.push({
        ...where,
        message: `${what} ${quoteValue(value, 60)} uses plain http, which anyone on the way can tamper with. Use https`,
      });
      return;
    }
    // A credential in the value never gets here: the reader refuses any line holding one (readRequirementsFile).
    const reason = sourceReason(comment);
    if (!options.requireDeclaration) return;
    if (reason === undefined) {
      problems.push({
        ...where,
        message: `${what} ${quoteValue(value, 60)} bypasses the default index. ${DECLARE}.`,
      });
    } else if (reason.length < 10) {
      problems.push({
        ...where,
        message: `the source of ${what} ${quoteValue(value, 60)} is declared without a reason of at least 10 characters. Write "# source: <why this source is needed>".`,
      });
    }
  };
  for (const entry of file.entries) {
    if (entry.requirement.url !== undefined) {
      check(entry, referenceKind(entry.requirement.url), entry.requirement.url, entry.comment);
    }
  }
  for (const option of file.options) {
    if (INDEX_OPTIONS.has(option.option)) {
      check(option, `the option ${option.option}`, option.value ?? '', option.comment);
    }
  }
  return problems;
}
