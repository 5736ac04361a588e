import { redactMessage } from '../../lib/text/quote-value';
import { redactSecrets } from '../../lib/text/secret-scan';

/** One problem in one config file: where it is and what was expected. */
export interface ConfigIssue {
  /** The file, as the user would type it (relative to the working directory when inside it). */
  readonly file: string;
  /** Path of the field inside the file, e.g. `clusters[0].autoterminationMinutes`; empty for the whole file. */
  readonly path: string;
  /** What was expected and what was found. */
  readonly message: string;
}

/** An issue made safe to print: secret-shaped text masked in file, path and message (the one choke point). */
function redactIssue(issue: ConfigIssue): ConfigIssue {
  const path = redactSecrets(issue.path);
  return { file: redactSecrets(issue.file), path, message: redactMessage(issue.message, path) };
}

/**
 * The one error the config loader lets escape. Its message lists every issue, each naming the file,
 * the field path and the fix, so a user sees all problems of a file at once. Every issue is
 * redacted on the way in ({@link redactMessage}): no check can echo a secret it was handed.
 */
export class ConfigError extends Error {
  public readonly issues: readonly ConfigIssue[];

  constructor(issues: readonly ConfigIssue[]) {
    const safe = issues.map(redactIssue);
    super(ConfigError.render(safe));
    this.issues = safe;
    this.name = 'ConfigError';
  }

  private static render(issues: readonly ConfigIssue[]): string {
    const lines = issues.map((i) => `  ${i.file}${i.path ? `: ${i.path}` : ''}: ${i.message}`);
    const count = issues.length === 1 ? '1 problem' : `${issues.length} problems`;
    return `Invalid configuration (${count}):\n${lines.join('\n')}`;
  }
}

/** Field paths render through the library's one redacting formatter. */
export { formatPath } from '../../lib/text/field-path';
