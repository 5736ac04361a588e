/** One problem in one config file: where it is and what was expected. */
export interface ConfigIssue {
  /** The file, as the user would type it (relative to the working directory when inside it). */
  readonly file: string;
  /** Path of the field inside the file, e.g. `clusters[0].autoterminationMinutes`; empty for the whole file. */
  readonly path: string;
  /** What was expected and what was found. */
  readonly message: string;
}

/**
 * The one error the config loader lets escape. Its message lists every issue, each naming the file,
 * the field path and the fix, so a user sees all problems of a file at once.
 */
export class ConfigError extends Error {
  constructor(public readonly issues: readonly ConfigIssue[]) {
    super(ConfigError.render(issues));
    this.name = 'ConfigError';
  }

  private static render(issues: readonly ConfigIssue[]): string {
    const lines = issues.map((i) => `  ${i.file}${i.path ? `: ${i.path}` : ''}: ${i.message}`);
    const count = issues.length === 1 ? '1 problem' : `${issues.length} problems`;
    return `Invalid configuration (${count}):\n${lines.join('\n')}`;
  }
}

/** Renders a path like `['clusters', 0, 'name']` as `clusters[0].name`. */
export function formatPath(path: readonly PropertyKey[]): string {
  return path
    .map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? String(p) : `.${String(p)}`))
    .join('');
}
