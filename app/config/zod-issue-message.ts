import type { z } from 'zod';
import { MAX_QUOTED_CHARS, quoteValue } from '../../lib/text/quote-value';

/** A short, readable rendering of a value the user wrote, for "found …". */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing (the field is missing)';
  if (value === null) return 'null';
  if (Array.isArray(value)) return `a list of ${value.length}`;
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string') return quoteValue(value, MAX_QUOTED_CHARS - 2);
  const text = String(value);
  return text.length > MAX_QUOTED_CHARS ? `${text.slice(0, MAX_QUOTED_CHARS - 3)}...` : text;
}

/**
 * YAML reads `1.10` as 1.1 and `0471` as 471: say how to keep what was written (`written`, the
 * text in the file, when known).
 */
function unquotedNumberHint(found: unknown, written?: string): string {
  if (typeof found !== 'number') return '';
  if (written !== undefined && written !== String(found)) {
    return ` (YAML read the unquoted ${written} as the number ${found}; write it in quotes: "${written}")`;
  }
  return ` (YAML read an unquoted number; put the value in quotes exactly as you meant it, e.g. "${written ?? '1.10'}")`;
}

function article(type: string): string {
  if (type === 'array') return 'a list';
  if (type === 'object') return 'an object (key: value pairs)';
  if (type === 'int') return 'a whole number';
  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}

function bound(issue: { origin?: string; inclusive?: boolean }, limit: unknown, big: boolean): string {
  const origin = issue.origin ?? 'value';
  const edge = big ? (issue.inclusive ? 'at most' : 'less than') : issue.inclusive ? 'at least' : 'more than';
  if (origin === 'string') return `a string of ${edge} ${limit} characters`;
  if (origin === 'array') return `a list of ${edge} ${limit} entries`;
  if (origin === 'number' || origin === 'int') return `a number ${edge} ${limit}`;
  return `${origin} ${edge} ${limit}`;
}

/**
 * Turns one zod issue into "expected …, found …", given the value found at the issue's path.
 * Messages that are already written as an expectation (our refinements) are used as they are.
 * `written` is the value's text in the file when YAML read it as a number (for the hint to quote it).
 */
export function zodIssueMessage(issue: z.core.$ZodIssue, found: unknown, written?: string): string {
  switch (issue.code) {
    case 'invalid_type':
      return `expected ${article(issue.expected)}, found ${describeValue(found)}${issue.expected === 'string' ? unquotedNumberHint(found, written) : ''}`;
    case 'too_big':
      return `expected ${bound(issue, issue.maximum, true)}, found ${describeValue(found)}`;
    case 'too_small':
      return `expected ${bound(issue, issue.minimum, false)}, found ${describeValue(found)}`;
    case 'invalid_value':
      return `expected one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}, found ${describeValue(found)}`;
    case 'unrecognized_keys':
      return `unknown key${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => JSON.stringify(k)).join(', ')}: remove ${issue.keys.length > 1 ? 'them' : 'it'} or fix the spelling`;
    case 'invalid_union':
      if ((issue as { note?: string }).note === 'No matching discriminator') {
        const type = found !== null && typeof found === 'object' ? (found as { type?: unknown }).type : found;
        return `expected a known "type", found ${describeValue(type)}`;
      }
      return `expected one of the allowed shapes, found ${describeValue(found)}${unquotedNumberHint(found, written)}`;
    case 'invalid_format':
      if (issue.format === 'regex') return `expected ${issue.message}, found ${describeValue(found)}`;
      const format =
        ({ url: 'URL', uuid: 'UUID', email: 'e-mail address' } as Record<string, string>)[issue.format] ??
        issue.format;
      return `expected ${article(format)}, found ${describeValue(found)}`;
    case 'invalid_key':
      return `expected a valid key, found ${describeValue(found)}`;
    default:
      return `expected ${issue.message}, found ${describeValue(found)}`;
  }
}
