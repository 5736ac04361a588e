import { z } from 'zod';
import { describeValue, zodIssueMessage } from '../../../app/config/zod-issue-message';

/** The message for the first issue of parsing `value` with `schema`. */
function messageFor(schema: z.ZodType, value: unknown, written?: string): string {
  const result = schema.safeParse(value);
  if (result.success) throw new Error('expected the value to be refused');
  const issue = result.error.issues[0];
  let found: unknown = value;
  for (const key of issue.path) found = (found as Record<PropertyKey, unknown>)?.[key];
  return zodIssueMessage(issue, found, written);
}

describe('describeValue', () => {
  it('shows what the user wrote, briefly', () => {
    expect(describeValue(undefined)).toBe('nothing (the field is missing)');
    expect(describeValue(null)).toBe('null');
    expect(describeValue([1, 2, 3])).toBe('a list of 3');
    expect(describeValue({ a: 1 })).toBe('an object');
    expect(describeValue('x')).toBe('"x"');
    expect(describeValue(42)).toBe('42');
    expect(describeValue(false)).toBe('false');
  });

  it('cuts long values to 80 characters', () => {
    const shown = describeValue('y'.repeat(500));
    expect(shown).toHaveLength(80);
    expect(shown.endsWith('..."')).toBe(true);
  });

  it('masks a secret before cutting, so no part of it is shown', () => {
    const token = 'dapi' + 'deadbeef'.repeat(4);
    const shown = describeValue(`${'x'.repeat(60)} ${token}`);
    expect(shown).not.toContain('deadbeef');
    expect(describeValue(`https://ci:${'Hunter2'.repeat(3)}@pypi.acme.example/simple`)).not.toContain(
      'Hunter2',
    );
  });

  it('escapes control characters and NUL bytes instead of printing them', () => {
    expect(describeValue('a\u0000b\u001b[31m')).toBe('"a\\u0000b\\u001b[31m"');
  });

  it.each([
    [1.1, '1.10'],
    [471, '0471'],
  ])('says to quote %p where a string is expected, as it was written (%s)', (value, written) => {
    expect(messageFor(z.string(), value, written)).toBe(
      `expected a string, found ${value} (YAML read the unquoted ${written} as the number ${value}; write it in quotes: "${written}")`,
    );
  });

  it('says to quote a number where a string is expected even when the text as written is unknown', () => {
    expect(messageFor(z.string(), 1.1)).toBe(
      'expected a string, found 1.1 (YAML read an unquoted number; put the value in quotes exactly as you meant it, e.g. "1.10")',
    );
  });

  it('says to quote a number where one of several string shapes is expected', () => {
    expect(messageFor(z.union([z.uuid(), z.email()]), 471, '0471')).toBe(
      'expected one of the allowed shapes, found 471 (YAML read the unquoted 0471 as the number 471; write it in quotes: "0471")',
    );
  });

  it('gives no quoting hint where a number is expected or the value is no number', () => {
    expect(messageFor(z.boolean(), 1.1, '1.10')).toBe('expected a boolean, found 1.1');
    expect(messageFor(z.string(), true)).toBe('expected a string, found true');
  });
});

describe('zodIssueMessage', () => {
  it('names the expected type with an article', () => {
    expect(messageFor(z.boolean(), 3)).toBe('expected a boolean, found 3');
    expect(messageFor(z.array(z.string()), 'x')).toBe('expected a list, found "x"');
    expect(messageFor(z.object({}), [])).toBe('expected an object (key: value pairs), found a list of 0');
    expect(messageFor(z.number().int(), 1.5)).toBe('expected a whole number, found 1.5');
  });

  it('states bounds of numbers, strings and lists', () => {
    expect(messageFor(z.number().max(10), 11)).toBe('expected a number at most 10, found 11');
    expect(messageFor(z.number().lt(10), 10)).toBe('expected a number less than 10, found 10');
    expect(messageFor(z.number().min(1), 0)).toBe('expected a number at least 1, found 0');
    expect(messageFor(z.number().gt(0), 0)).toBe('expected a number more than 0, found 0');
    expect(messageFor(z.string().max(2), 'abc')).toBe(
      'expected a string of at most 2 characters, found "abc"',
    );
    expect(messageFor(z.array(z.number()).min(1), [])).toBe(
      'expected a list of at least 1 entries, found a list of 0',
    );
  });

  it('lists the allowed values of an enum', () => {
    expect(messageFor(z.enum(['a', 'b']), 'c')).toBe('expected one of "a", "b", found "c"');
  });

  it('names unknown keys and how to fix them', () => {
    expect(messageFor(z.strictObject({}), { x: 1 })).toBe('unknown key "x": remove it or fix the spelling');
    expect(messageFor(z.strictObject({}), { x: 1, y: 2 })).toBe(
      'unknown keys "x", "y": remove them or fix the spelling',
    );
  });

  it('uses the expectation written on a regex', () => {
    expect(messageFor(z.string().regex(/^a+$/, 'only a letters'), 'b')).toBe(
      'expected only a letters, found "b"',
    );
  });

  it('names formats', () => {
    expect(messageFor(z.url(), 'nope')).toBe('expected a URL, found "nope"');
    expect(messageFor(z.email(), 'nope')).toBe('expected an e-mail address, found "nope"');
    expect(messageFor(z.uuid(), 'nope')).toMatch(/^expected an? uuid, found "nope"$/i);
  });

  it('uses the expectation written on a refinement', () => {
    expect(
      messageFor(
        z.number().refine((n) => n % 2 === 0, 'an even number'),
        3,
      ),
    ).toBe('expected an even number, found 3');
  });

  it('shows the unknown discriminator value the user wrote', () => {
    const backend = z.discriminatedUnion('type', [
      z.strictObject({ type: z.literal('local') }),
      z.strictObject({ type: z.literal('s3'), bucket: z.string() }),
    ]);
    expect(messageFor(z.strictObject({ stateBackend: backend }), { stateBackend: { type: 'ftp' } })).toBe(
      'expected a known "type", found "ftp"',
    );
  });

  it('says when a discriminator is missing', () => {
    const backend = z.discriminatedUnion('type', [z.strictObject({ type: z.literal('local') })]);
    expect(messageFor(z.strictObject({ stateBackend: backend }), { stateBackend: {} })).toBe(
      'expected a known "type", found nothing (the field is missing)',
    );
  });

  it('describes a failed plain union by the value found', () => {
    expect(messageFor(z.union([z.string(), z.number()]), true)).toBe(
      'expected one of the allowed shapes, found true',
    );
  });
});
