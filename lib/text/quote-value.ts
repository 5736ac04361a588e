import { hiddenCharacters } from './lookalike-text';
import { isSecretKey, redactSecrets } from './secret-scan';

/** Longest quoted value a message shows (longer ones are cut, with `...`). */
export const MAX_QUOTED_CHARS = 80;

/**
 * A value the user wrote, for a message: secret-shaped parts masked first (so a cut never leaves
 * half a token unrecognised), then cut to `maxChars`, then quoted as JSON with every invisible,
 * control and bidi character written as an escape such as `\u200b` (so nothing in it can hide,
 * move the terminal or fake another line).
 * @example quoteValue('host dapi0123…') === '"host dapi…(36 chars, masked)"'
 */
export function quoteValue(value: string, maxChars: number = MAX_QUOTED_CHARS): string {
  const safe = redactSecrets(value);
  const cut = safe.length > maxChars ? `${safe.slice(0, Math.max(0, maxChars - 3))}...` : safe;
  let quoted = JSON.stringify(cut);
  for (const code of new Set(hiddenCharacters(cut))) {
    const c = String.fromCodePoint(parseInt(code.slice(2), 16));
    quoted = quoted.split(c).join(`\\u${code.slice(2).toLowerCase()}`);
  }
  return quoted;
}

/**
 * A message about the field `fieldPath` made safe to print: secret-shaped parts masked, and when the
 * field's own name says it holds a credential (`password`, `token`, `pwd`, ...), every quoted value
 * masked whatever it looks like.
 */
export function redactMessage(message: string, fieldPath = ''): string {
  const last =
    fieldPath
      .split(/[.[\]"]+/)
      .filter(Boolean)
      .pop() ?? '';
  const redacted = redactSecrets(message);
  if (!isSecretKey(last)) return redacted;
  return redacted.replace(/"(?:[^"\\]|\\.)*"/g, (q) =>
    q.includes('masked') ? q : `"…(${JSON.parse(q).length} chars, masked)"`,
  );
}

/**
 * A message from a parser that may quote its input: secret-shaped parts masked and every quoted
 * passage cut to `maxChars`, so no line is ever printed whole.
 */
export function shortenQuotes(message: string, maxChars: number = MAX_QUOTED_CHARS): string {
  return redactSecrets(message).replace(/"([^"]*)"/g, (q, inner: string) =>
    inner.length > maxChars ? `"${inner.slice(0, maxChars - 3)}..."` : q,
  );
}
