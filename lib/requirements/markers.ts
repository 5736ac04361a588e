import { isValidVersion, parseSpecifierSet, satisfiesAll, SPECIFIER_OPERATORS } from './pep440';

/**
 * PEP 508 environment markers (`python_version < "3.13" and sys_platform == "linux"`): parsed, printed in a
 * canonical form, and evaluated against the runtime a flavor pins.
 */

/** The marker variables PEP 508 defines (plus `extra`). */
export const MARKER_VARIABLES = [
  'python_version',
  'python_full_version',
  'os_name',
  'sys_platform',
  'platform_release',
  'platform_system',
  'platform_version',
  'platform_machine',
  'platform_python_implementation',
  'implementation_name',
  'implementation_version',
  'extra',
] as const;

/** One of {@link MARKER_VARIABLES}. */
export type MarkerVariable = (typeof MARKER_VARIABLES)[number];

/** Values of the marker variables on one Python installation. */
export type MarkerEnvironment = Readonly<Record<MarkerVariable, string>>;

/** Marker variables compared as versions (PEP 440) rather than as strings. */
const VERSION_VARIABLES: ReadonlySet<string> = new Set([
  'python_version',
  'python_full_version',
  'implementation_version',
]);

type MarkerOperator = (typeof SPECIFIER_OPERATORS)[number] | 'in' | 'not in';

/** A parsed marker expression. */
export type Marker =
  | { readonly kind: 'and' | 'or'; readonly left: Marker; readonly right: Marker }
  | {
      readonly kind: 'compare';
      readonly left: MarkerValue;
      readonly op: MarkerOperator;
      readonly right: MarkerValue;
    };

/** A side of a comparison: a variable or a quoted string. */
export type MarkerValue = { readonly variable: MarkerVariable } | { readonly literal: string };

/**
 * The marker environment of Databricks Runtime clusters: Linux on x86_64 with CPython `pythonVersion`
 * (e.g. `3.12.3`). `extra` is empty: requirement files do not request extras through markers.
 */
export function databricksMarkerEnvironment(pythonVersion: string): MarkerEnvironment {
  const [major, minor] = pythonVersion.split('.');
  return {
    python_version: `${major}.${minor}`,
    python_full_version: pythonVersion,
    os_name: 'posix',
    sys_platform: 'linux',
    platform_release: '',
    platform_system: 'Linux',
    platform_version: '',
    platform_machine: 'x86_64',
    platform_python_implementation: 'CPython',
    implementation_name: 'cpython',
    implementation_version: pythonVersion,
    extra: '',
  };
}

type Token =
  { type: 'string'; value: string } | { type: 'word'; value: string } | { type: 'op'; value: string };

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (/\s/.test(c)) {
      i += 1;
    } else if (c === '"' || c === "'") {
      const end = text.indexOf(c, i + 1);
      if (end < 0) {
        throw new Error(`unterminated string starting at ${text.slice(i)}`);
      }
      tokens.push({ type: 'string', value: text.slice(i + 1, end) });
      i = end + 1;
    } else if (c === '(' || c === ')') {
      tokens.push({ type: 'op', value: c });
      i += 1;
    } else {
      const op = SPECIFIER_OPERATORS.find((o) => text.startsWith(o, i));
      if (op !== undefined) {
        tokens.push({ type: 'op', value: op });
        i += op.length;
        continue;
      }
      const word = /^[A-Za-z_][A-Za-z0-9_.]*/.exec(text.slice(i));
      if (word === null) {
        throw new Error(`unexpected "${text.slice(i)}"`);
      }
      tokens.push({ type: 'word', value: word[0] });
      i += word[0].length;
    }
  }
  return tokens;
}

class MarkerParser {
  private position = 0;
  constructor(private readonly tokens: Token[]) {}

  parse(): Marker {
    const marker = this.or();
    if (this.position < this.tokens.length) {
      throw new Error(`unexpected "${this.tokens[this.position].value}"`);
    }
    return marker;
  }

  private peekWord(word: string): boolean {
    const token = this.tokens[this.position];
    return token !== undefined && token.type === 'word' && token.value === word;
  }

  private or(): Marker {
    let left = this.and();
    while (this.peekWord('or')) {
      this.position += 1;
      left = { kind: 'or', left, right: this.and() };
    }
    return left;
  }

  private and(): Marker {
    let left = this.expression();
    while (this.peekWord('and')) {
      this.position += 1;
      left = { kind: 'and', left, right: this.expression() };
    }
    return left;
  }

  private expression(): Marker {
    const token = this.tokens[this.position];
    if (token?.type === 'op' && token.value === '(') {
      this.position += 1;
      const inner = this.or();
      const close = this.tokens[this.position];
      if (close?.type !== 'op' || close.value !== ')') {
        throw new Error('missing ")"');
      }
      this.position += 1;
      return inner;
    }
    const left = this.value();
    const op = this.operator();
    const right = this.value();
    return { kind: 'compare', left, op, right };
  }

  private value(): MarkerValue {
    const token = this.tokens[this.position];
    if (token === undefined) {
      throw new Error('expected a variable or a quoted string, found the end');
    }
    this.position += 1;
    if (token.type === 'string') {
      return { literal: token.value };
    }
    if (token.type === 'word' && (MARKER_VARIABLES as ReadonlyArray<string>).includes(token.value)) {
      return { variable: token.value as MarkerVariable };
    }
    throw new Error(
      `"${token.value}" is not a marker variable (${MARKER_VARIABLES.join(', ')}) or a quoted string`,
    );
  }

  private operator(): MarkerOperator {
    const token = this.tokens[this.position];
    if (token?.type === 'op' && token.value !== '(' && token.value !== ')') {
      this.position += 1;
      return token.value as MarkerOperator;
    }
    if (token?.type === 'word' && token.value === 'in') {
      this.position += 1;
      return 'in';
    }
    if (token?.type === 'word' && token.value === 'not' && this.tokens[this.position + 1]?.value === 'in') {
      this.position += 2;
      return 'not in';
    }
    throw new Error(
      `expected a comparison operator, found ${token === undefined ? 'the end' : `"${token.value}"`}`,
    );
  }
}

/**
 * Parses a marker expression.
 * @throws Error with a short reason when the text is not a PEP 508 marker.
 */
export function parseMarker(text: string): Marker {
  const tokens = tokenize(text);
  if (tokens.length === 0) {
    throw new Error('the marker after ";" is empty');
  }
  return new MarkerParser(tokens).parse();
}

function formatValue(value: MarkerValue): string {
  if ('variable' in value) {
    return value.variable;
  }
  return value.literal.includes('"') ? `'${value.literal}'` : `"${value.literal}"`;
}

/**
 * Prints a marker canonically: double quotes, single spaces, parentheses only where `or` sits inside `and`.
 * Printing is idempotent: `formatMarker(parseMarker(formatMarker(m))) === formatMarker(m)`.
 */
export function formatMarker(marker: Marker, parentKind?: 'and' | 'or'): string {
  if (marker.kind === 'compare') {
    return `${formatValue(marker.left)} ${marker.op} ${formatValue(marker.right)}`;
  }
  const text = `${formatMarker(marker.left, marker.kind)} ${marker.kind} ${formatMarker(marker.right, marker.kind)}`;
  return parentKind === 'and' && marker.kind === 'or' ? `(${text})` : text;
}

function resolve(value: MarkerValue, environment: MarkerEnvironment): string {
  return 'variable' in value ? environment[value.variable] : value.literal;
}

function compareAsStrings(left: string, op: MarkerOperator, right: string): boolean {
  switch (op) {
    case '==':
    case '===':
      return left === right;
    case '!=':
      return left !== right;
    case '<':
      return left < right;
    case '<=':
      return left <= right;
    case '>':
      return left > right;
    case '>=':
      return left >= right;
    case 'in':
      return right.includes(left);
    case 'not in':
      return !right.includes(left);
    default:
      return false; // `~=` has no string meaning.
  }
}

/** Evaluates a marker in an environment, the way `packaging.markers` does. */
export function evaluateMarker(marker: Marker, environment: MarkerEnvironment): boolean {
  if (marker.kind !== 'compare') {
    const left = evaluateMarker(marker.left, environment);
    return marker.kind === 'and'
      ? left && evaluateMarker(marker.right, environment)
      : left || evaluateMarker(marker.right, environment);
  }
  const left = resolve(marker.left, environment);
  const right = resolve(marker.right, environment);
  const versionSide = [marker.left, marker.right].some(
    (v) => 'variable' in v && VERSION_VARIABLES.has(v.variable),
  );
  if (versionSide && marker.op !== 'in' && marker.op !== 'not in') {
    const parsed = parseSpecifierSet(`${marker.op}${right}`);
    if (parsed.ok && isValidVersion(left)) {
      return satisfiesAll(left, parsed.specifiers);
    }
  }
  return compareAsStrings(left, marker.op, right);
}
