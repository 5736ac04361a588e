import { formatPath } from './config-error';
import { isObjectInternalName, OBJECT_INTERNAL_NAMES } from '../../lib/vocabulary';

/**
 * Checks on a config file as YAML parsed it, before the schema sees it: every mapping key and every
 * string, wherever it is, so no field of the schema can forget them.
 * - A key that is a JavaScript object internal (`__proto__`, `constructor`, `toString`, ...) is
 *   reported and removed: such a key silently vanishes from a map (`__proto__`) or shadows a built-in
 *   member on lookup (`constructor`).
 * - Text with control characters (a NUL, an escape, a backspace) or `�` (what is left of a byte of
 *   another encoding) is reported: it would reach names, paths and the synthesized output.
 */

/** One problem at a field of the file (path as `formatPath` writes it). */
export interface RawProblem {
  readonly path: string;
  readonly message: string;
}

/** C0 controls except tab, line feed and carriage return (multi-line text keeps those), DEL and C1. */
const CONTROL = /[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]/;

function textProblem(text: string): string | undefined {
  const control = CONTROL.exec(text);
  if (control) {
    const code = control[0].charCodeAt(0).toString(16).padStart(4, '0');
    return `expected text without control characters, found U+${code.toUpperCase()} at character ${control.index + 1}; remove it (a "\\0" or "\\e" escape in a double-quoted string writes one)`;
  }
  const replaced = text.indexOf('\ufffd');
  if (replaced >= 0) {
    return `expected text without "\\ufffd" (the replacement character a broken conversion from another encoding leaves), found one at character ${replaced + 1}; retype the original character`;
  }
  return undefined;
}

function walk(value: unknown, at: PropertyKey[], out: RawProblem[]): void {
  if (typeof value === 'string') {
    const problem = textProblem(value);
    if (problem) out.push({ path: formatPath(at), message: problem });
  } else if (Array.isArray(value)) {
    value.forEach((v, i) => walk(v, [...at, i], out));
  } else if (value !== null && typeof value === 'object') {
    const map = value as Record<string, unknown>;
    for (const key of Object.keys(map)) {
      const where = formatPath([...at, key]);
      if (isObjectInternalName(key)) {
        out.push({
          path: where,
          message: `expected a key that is not a JavaScript object internal (${OBJECT_INTERNAL_NAMES.join(', ')}), found ${JSON.stringify(key)}; rename it`,
        });
        delete map[key];
        continue;
      }
      const problem = textProblem(key);
      if (problem) out.push({ path: where, message: `key: ${problem}` });
      walk(map[key], [...at, key], out);
    }
  }
}

/**
 * The problems of every key and string of `data` (see the module comment). Keys that are object
 * internals are removed from `data`, so the schema reports the rest of the file as usual.
 */
export function rawTextProblems(data: unknown): RawProblem[] {
  const out: RawProblem[] = [];
  walk(data, [], out);
  return out;
}
