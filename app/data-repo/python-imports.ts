/** One module a Python file imports, and the line the statement starts on. */
export interface PythonImport {
  /** Dotted module name as imported (`pyspark.dbutils`; `from a import b` yields `a` and `a.b`). */
  readonly module: string;
  readonly line: number;
}

/**
 * Blanks out comments and string literals (keeping newlines, so line numbers stay right): what is
 * left is code. Handles triple quotes, escapes and string prefixes (r, b, f, u and mixes).
 */
function codeOnly(source: string): string {
  let out = '';
  let i = 0;
  while (i < source.length) {
    const c = source[i];
    if (c === '#') {
      while (i < source.length && source[i] !== '\n') i++;
      continue;
    }
    if (c === '"' || c === "'") {
      const triple = source.startsWith(c.repeat(3), i);
      const quote = triple ? c.repeat(3) : c;
      let j = i + quote.length;
      while (j < source.length && !source.startsWith(quote, j)) {
        if (source[j] === '\\') j++;
        else if (!triple && source[j] === '\n') break; // unterminated: stop at the line end
        j++;
      }
      const literal = source.slice(i, Math.min(j + quote.length, source.length));
      out += '""' + literal.replace(/[^\n]/g, '');
      i = j + quote.length;
      continue;
    }
    out += c;
    i++;
  }
  return out;
}

/** Logical lines: backslash continuations and open brackets joined, each with its first line number. */
function logicalLines(code: string): Array<{ text: string; line: number }> {
  const result: Array<{ text: string; line: number }> = [];
  let text = '';
  let start = 1;
  let depth = 0;
  code.split('\n').forEach((raw, index) => {
    if (text === '') start = index + 1;
    const continued = raw.endsWith('\\');
    const body = continued ? raw.slice(0, -1) : raw;
    for (const ch of body) {
      if ('([{'.includes(ch)) depth++;
      else if (')]}'.includes(ch)) depth = Math.max(0, depth - 1);
    }
    text += `${body} `;
    if (!continued && depth === 0) {
      result.push({ text: text.trim(), line: start });
      text = '';
    }
  });
  if (text.trim()) result.push({ text: text.trim(), line: start });
  return result;
}

const COMPOUND_HEAD =
  /^(?:(?:if|elif|while|for|with|def|class|except|async\s+\w+)\b[^:]*|else|try|finally)\s*:\s*/;
const NAME = /^[A-Za-z_][A-Za-z0-9_]*(?:\s*\.\s*[A-Za-z_][A-Za-z0-9_]*)*$/;

/**
 * The modules a Python source imports, found statically: `import a.b as c, d`, `from a.b import
 * (x as y, z)` over several lines, imports after `;` or a one-line `if ...:`, and
 * `__import__('m')` / `importlib.import_module('m')` with a literal name. Relative imports
 * (`from . import x`) are skipped: they stay inside the package.
 */
export function pythonImports(source: string): PythonImport[] {
  const found: PythonImport[] = [];
  const add = (module: string, line: number) => found.push({ module: module.replace(/\s+/g, ''), line });
  for (const m of source.matchAll(/\b(?:__import__|import_module)\s*\(\s*[rbu]?['"]([A-Za-z_][\w.]*)['"]/g)) {
    add(m[1], source.slice(0, m.index).split('\n').length);
  }
  for (const { text, line } of logicalLines(codeOnly(source))) {
    for (let statement of text.split(';')) {
      statement = statement.trim();
      while (COMPOUND_HEAD.test(statement)) statement = statement.replace(COMPOUND_HEAD, '');
      const plain = /^import\s+(.+)$/.exec(statement);
      if (plain) {
        for (const part of plain[1].split(',')) {
          const name = part
            .trim()
            .split(/\s+as\s+/)[0]
            .trim();
          if (NAME.test(name)) add(name, line);
        }
        continue;
      }
      const from = /^from\s+([A-Za-z_][\w.\s]*?)\s+import\s+(.+)$/.exec(statement);
      if (!from || !NAME.test(from[1].trim())) continue;
      const base = from[1].trim();
      add(base, line);
      for (const part of from[2].replace(/[()]/g, '').split(',')) {
        const name = part
          .trim()
          .split(/\s+as\s+/)[0]
          .trim();
        if (/^[A-Za-z_]\w*$/.test(name)) add(`${base}.${name}`, line);
      }
    }
  }
  return found;
}
