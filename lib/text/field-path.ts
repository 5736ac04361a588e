import { redactSecrets } from './secret-scan';

/**
 * A key as a path shows it: control characters written as `\u0000` escapes, never as themselves,
 * and secret-shaped text masked (a token pasted as a key is still a token).
 */
function showKey(key: PropertyKey): string {
  return redactSecrets(
    String(key).replace(
      /[\x00-\x1f\x7f-\x9f]/g,
      (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
    ),
  );
}

/**
 * Renders a field path like `['clusters', 0, 'name']` as `clusters[0].name`: the one place a path
 * of config keys becomes text, so that no message (config issue, secret-scan or policy origin)
 * prints a key unredacted.
 */
export function formatPath(path: readonly PropertyKey[]): string {
  return path
    .map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? showKey(p) : `.${showKey(p)}`))
    .join('');
}
