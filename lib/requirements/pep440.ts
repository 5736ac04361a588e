import { clean, compare, satisfies, valid, validRange } from '@renovatebot/pep440';

/**
 * PEP 440 versions and specifiers, on top of `@renovatebot/pep440` (a port of Python's `packaging`,
 * maintained by the Renovate team; 4.x is the line that still supports Node 20 and CommonJS).
 */

/**
 * Memoizes a pure string function. The library's specifier parsing costs ~0.1 ms a call (a large regex
 * per clause) and a check asks the same questions many times; the cache is cleared when it grows large.
 */
function memoize<T>(fn: (key: string) => T): (key: string) => T {
  const cache = new Map<string, T>();
  return (key) => {
    let value = cache.get(key);
    if (value === undefined && !cache.has(key)) {
      if (cache.size > 10_000) {
        cache.clear();
      }
      value = fn(key);
      cache.set(key, value);
    }
    return value as T;
  };
}

const isValidRange = memoize((specifier) => {
  // Fast path for the common clause (`==1.2.3`, `>=2`): a valid version under an operator that takes any.
  const [, operator, version] = /^(==|!=|>=|<=|<|>)([^*]*)$/.exec(specifier) ?? [];
  if (version !== undefined && valid(version) !== null) {
    return operator === '==' || operator === '!=' || !version.includes('+'); // local versions only with == / !=
  }
  return validRange(specifier);
});
const satisfiesClause = memoize((key) => {
  const [version, specifier] = key.split('\0');
  return satisfies(version, specifier, { prereleases: true });
});

/** The comparison operators of PEP 440, longest first so that parsing is greedy. */
export const SPECIFIER_OPERATORS = ['===', '~=', '==', '!=', '<=', '>=', '<', '>'] as const;

/** One of {@link SPECIFIER_OPERATORS}. */
export type SpecifierOperator = (typeof SPECIFIER_OPERATORS)[number];

/** One clause of a version specifier, e.g. `>=2.0` or `==1.4.*`. */
export interface VersionSpecifier {
  readonly operator: SpecifierOperator;
  /** The version as written (may end in `.*` for `==` and `!=`). */
  readonly version: string;
}

/** Whether `version` is a valid PEP 440 version (any spelling PEP 440 normalizes, e.g. `1.0RC1`). */
export function isValidVersion(version: string): boolean {
  return valid(version) !== null;
}

/** The normalized spelling of a version (`1.0RC1` → `1.0rc1`), or `undefined` when it is not PEP 440. */
export function normalizeVersion(version: string): string | undefined {
  return clean(version) ?? undefined;
}

/** Compares two valid versions: negative when `a` sorts first, 0 when equal under PEP 440, positive otherwise. */
export function compareVersions(a: string, b: string): number {
  return Math.sign(compare(a, b));
}

/** Whether two valid versions are equal under PEP 440 (`1.0` equals `1.0.0`). */
export function versionsEqual(a: string, b: string): boolean {
  return compareVersions(a, b) === 0;
}

/**
 * Parses a comma-separated specifier set such as `>=1.2,!=1.3.*,<2`.
 * @returns the clauses, or an error message naming the clause that is not valid PEP 440.
 */
export function parseSpecifierSet(
  text: string,
): { ok: true; specifiers: VersionSpecifier[] } | { ok: false; error: string } {
  const specifiers: VersionSpecifier[] = [];
  for (const raw of text.split(',')) {
    const clause = raw.trim();
    const operator = SPECIFIER_OPERATORS.find((op) => clause.startsWith(op));
    const version = operator === undefined ? '' : clause.slice(operator.length).trim();
    if (operator === undefined || version === '' || /\s/.test(version)) {
      return { ok: false, error: `"${clause}" is not a version specifier such as ==1.2 or >=1.2` };
    }
    if (!isValidRange(`${operator}${version}`)) {
      return { ok: false, error: `"${operator}${version}" is not a valid PEP 440 specifier` };
    }
    specifiers.push({ operator, version });
  }
  return { ok: true, specifiers };
}

/** Renders specifiers as pip writes them: `>=1.2,<2`. */
export function formatSpecifiers(specifiers: ReadonlyArray<VersionSpecifier>): string {
  return specifiers.map((s) => `${s.operator}${s.version}`).join(',');
}

/**
 * Whether `version` satisfies every clause. Pre-releases count as candidates: a lock that pins one has
 * chosen it on purpose, and this is only ever asked about pinned versions.
 */
export function satisfiesAll(version: string, specifiers: ReadonlyArray<VersionSpecifier>): boolean {
  return specifiers.every((s) => satisfiesClause(`${version}\0${s.operator}${s.version}`));
}

/**
 * The version of an exact pin (`==1.2.3`, one clause, no wildcard), or `undefined` for anything else.
 * `===` (arbitrary equality) does not count: pip-compile never writes it and it does not normalize.
 */
export function exactPin(specifiers: ReadonlyArray<VersionSpecifier>): string | undefined {
  if (specifiers.length !== 1) {
    return undefined;
  }
  const [only] = specifiers;
  return only.operator === '==' && !only.version.endsWith('.*') ? only.version : undefined;
}
