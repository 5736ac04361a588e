import { PlanChangeJson } from './plan-json';

/** One changed attribute of an update or replace, with values ready to show. */
export interface AttributeChange {
  /** Attribute path, e.g. `num_workers` or `task[0].max_retries`. */
  readonly path: string;
  /** Short value before the change; `(sensitive)` when Terraform marks it sensitive. */
  readonly before: string;
  /** Short value after the change; `(known after apply)` or `(sensitive)` where so. */
  readonly after: string;
  /** True when this attribute forces the replacement (plan JSON `replace_paths`). */
  readonly forcesReplacement: boolean;
}

/** Shown instead of any value Terraform marks sensitive. */
export const SENSITIVE = '(sensitive)';
/** Shown for a value Terraform knows only after apply. */
export const KNOWN_AFTER_APPLY = '(known after apply)';
/** Longest value shown before it is cut with an ellipsis. */
export const MAX_VALUE_LENGTH = 40;

type Path = readonly (string | number)[];

/**
 * The attributes whose before and after values differ, as leaf paths in a stable order.
 * Sensitive values (plan JSON `before_sensitive` / `after_sensitive`) are never shown.
 */
export function changedAttributes(change: PlanChangeJson): AttributeChange[] {
  const found: AttributeChange[] = [];
  const replacePaths = change.replace_paths ?? [];
  const visit = (
    before: unknown,
    after: unknown,
    unknown: unknown,
    beforeSensitive: unknown,
    afterSensitive: unknown,
    path: Path,
  ): void => {
    const sensitive = beforeSensitive === true || afterSensitive === true;
    const emit = (b: string, a: string) =>
      found.push({
        path: formatPath(path),
        before: b,
        after: a,
        forcesReplacement: isUnderAny(path, replacePaths),
      });
    if (unknown === true) {
      emit(sensitive || hasSensitive(beforeSensitive) ? SENSITIVE : shortValue(before), KNOWN_AFTER_APPLY);
      return;
    }
    if (isEqual(before, after)) return;
    if (sensitive) {
      emit(SENSITIVE, SENSITIVE);
      return;
    }
    if (isRecord(before) && isRecord(after)) {
      for (const key of [...new Set([...Object.keys(before), ...Object.keys(after)])].sort()) {
        visit(
          before[key],
          after[key],
          child(unknown, key),
          child(beforeSensitive, key),
          child(afterSensitive, key),
          [...path, key],
        );
      }
      return;
    }
    if (Array.isArray(before) && Array.isArray(after) && before.length === after.length) {
      before.forEach((_, i) =>
        visit(before[i], after[i], child(unknown, i), child(beforeSensitive, i), child(afterSensitive, i), [
          ...path,
          i,
        ]),
      );
      return;
    }
    const masked = hasSensitive(beforeSensitive) || hasSensitive(afterSensitive);
    if (masked) emit(SENSITIVE, SENSITIVE);
    else emit(...shortPair(before, after));
  };
  visit(
    change.before ?? {},
    change.after ?? {},
    change.after_unknown,
    change.before_sensitive,
    change.after_sensitive,
    [],
  );
  return found;
}

/**
 * A value cut to at most {@link MAX_VALUE_LENGTH} characters: strings quoted, objects as JSON.
 * @example shortValue('release/1.4') // '"release/1.4"'
 */
export function shortValue(value: unknown): string {
  const text = value === undefined ? 'null' : JSON.stringify(value);
  return text.length > MAX_VALUE_LENGTH ? `${text.slice(0, MAX_VALUE_LENGTH - 1)}…` : text;
}

/**
 * Two values cut like {@link shortValue}, but long strings sharing a prefix keep the part where
 * they differ: `"…/example/analytics.git"` → `"…/example/analytics-platform.git"`.
 */
export function shortPair(before: unknown, after: unknown): [string, string] {
  if (typeof before !== 'string' || typeof after !== 'string') return [shortValue(before), shortValue(after)];
  return shortTextPair(JSON.stringify(before), JSON.stringify(after));
}

/**
 * Two texts cut to at most {@link MAX_VALUE_LENGTH} characters, keeping the part where they differ
 * when they share a long prefix (a leading quote stays): `"…le/analytics.git"`.
 */
export function shortTextPair(before: string, after: string): [string, string] {
  let common = 0;
  while (common < before.length && common < after.length && before[common] === after[common]) common++;
  const cut = common > 21 ? common - 12 : 0;
  const show = (s: string) => {
    const text = cut === 0 ? s : s.startsWith('"') ? `"…${s.slice(cut)}` : `…${s.slice(cut)}`;
    return text.length > MAX_VALUE_LENGTH ? `${text.slice(0, MAX_VALUE_LENGTH - 1)}…` : text;
  };
  return [show(before), show(after)];
}

/** `['task', 0, 'max_retries']` → `task[0].max_retries`. */
export function formatPath(path: Path): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('');
}

function isUnderAny(path: Path, prefixes: readonly Path[]): boolean {
  return prefixes.some((prefix) => prefix.every((segment, i) => i >= path.length || path[i] === segment));
}

function child(mask: unknown, key: string | number): unknown {
  if (mask === true) return true;
  if (Array.isArray(mask) && typeof key === 'number') return mask[key];
  if (isRecord(mask) && typeof key === 'string') return mask[key];
  return undefined;
}

/** True when a `*_sensitive` mask marks the value, or any part of it, sensitive. */
export function hasSensitive(mask: unknown): boolean {
  if (mask === true) return true;
  if (Array.isArray(mask)) return mask.some(hasSensitive);
  if (isRecord(mask)) return Object.values(mask).some(hasSensitive);
  return false;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Deep equality of JSON values, where a missing value, null and the type's zero value (`""`, `0`,
 * `false`, `{}`, `[]`) are equal: the provider's SDK cannot tell them apart, and plans often move
 * unset nested attributes from null to the zero value without any real change.
 */
function isEqual(a: unknown, b: unknown): boolean {
  if (isZero(a) && isZero(b)) return true;
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b))
    return a.length === b.length && a.every((v, i) => isEqual(v, b[i]));
  if (isRecord(a) && isRecord(b)) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    return [...keys].every((k) => isEqual(a[k], b[k]));
  }
  return false;
}

function isZero(value: unknown): boolean {
  if (value === undefined || value === null || value === '' || value === 0 || value === false) return true;
  if (Array.isArray(value)) return value.length === 0;
  return isRecord(value) && Object.keys(value).length === 0;
}
