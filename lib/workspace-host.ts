/**
 * The identity of a Databricks workspace behind a URL, so that two spellings of one host compare
 * equal: scheme, letter case, a trailing dot, the default port and any path or query are ignored
 * (`https://DBC-1.cloud.databricks.com./?o=1` and `http://dbc-1.cloud.databricks.com:443` are one
 * workspace). Internationalized names compare in their punycode form, as `URL` writes them.
 */
export function workspaceHostKey(url: string): string {
  const parsed = new URL(url);
  const host = parsed.hostname.toLowerCase().replace(/\.+$/, '');
  const port = parsed.port === '' || parsed.port === '443' || parsed.port === '80' ? '' : `:${parsed.port}`;
  return `${host}${port}`;
}

/** Whether two workspace URLs name the same workspace (see {@link workspaceHostKey}). */
export function sameWorkspace(a: string, b: string): boolean {
  return workspaceHostKey(a) === workspaceHostKey(b);
}
