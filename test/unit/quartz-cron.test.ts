import fc from 'fast-check';
import { QUARTZ_FIELDS, quartzCronProblems } from '../../lib/quartz-cron';

/** A valid plain item (`*`, value, range, increment) of the field at `index`. */
function itemArb(index: number): fc.Arbitrary<string> {
  const { min, max } = QUARTZ_FIELDS[index];
  const v = fc.integer({ min, max });
  const step = fc.integer({ min: 1, max: max - min + 1 });
  return fc.oneof(
    fc.constant('*'),
    v.map(String),
    fc.tuple(v, v).map(([a, b]) => `${a}-${b}`),
    fc.tuple(fc.oneof(fc.constant('*'), v.map(String)), step).map(([a, s]) => `${a}/${s}`),
  );
}
const fieldArb = (index: number) =>
  fc.array(itemArb(index), { minLength: 1, maxLength: 3 }).map((items) => items.join(','));

/** A valid expression: six fields, `?` in exactly one day field, sometimes a year. */
const validCron = fc
  .record({
    plain: fc.tuple(fieldArb(0), fieldArb(1), fieldArb(2), fieldArb(4)),
    dom: fieldArb(3),
    dow: fieldArb(5),
    questionInMonth: fc.boolean(),
    year: fc.option(fieldArb(6), { nil: undefined }),
  })
  .map(({ plain: [s, m, h, mon], dom, dow, questionInMonth, year }) =>
    [s, m, h, questionInMonth ? '?' : dom, mon, questionInMonth ? dow : '?', ...(year ? [year] : [])].join(
      ' ',
    ),
  );

describe('quartzCronProblems', () => {
  it.each([
    '0 0 2 * * ?',
    '0 0 4 ? * SUN',
    '0 0/15 * * * ?',
    '0 0 12 ? * MON-FRI 2030',
    '0 0 0 L * ?',
    '0 0 0 L-3 * ?',
    '0 0 0 15W * ?',
    '0 0 0 LW * ?',
    '0 0 0 ? * 6#3',
    '0 0 0 ? * FRI#2',
    '0 0 0 ? * 5L',
    '0 0 22-2 * JAN,JUL ?',
    '0 0 2 * * ? 2026-2030/2',
  ])('accepts %j', (cron) => {
    expect(quartzCronProblems(cron)).toEqual([]);
  });

  it.each([
    ['0 0 25 * * ?', 'hours: expected 0-23, found 25'],
    ['60 0 2 * * ?', 'seconds: expected 0-59, found 60'],
    ['0 0 2 32 * ?', 'day-of-month: expected 1-31, found 32'],
    ['0 0 2 * 13 ?', 'month: expected 1-12, found 13'],
    ['0 0 2 ? * 8', 'day-of-week: expected 1-7, found 8'],
    ['0 0 2 ? * FUN', 'day-of-week: expected a number 1-7 or SUN-SAT, found "FUN"'],
    ['0 0 2 * * ? 1969', 'year: expected 1970-2099, found 1969'],
    ['0 0/0 2 * * ?', 'minutes: expected an increment 1-60 after "/", found "0"'],
    ['0 0 2 * * ? ; rm', 'expected 6 or 7 fields'],
    [
      '0 2 * * *',
      'expected 6 or 7 fields (seconds minutes hours day-of-month month day-of-week [year]), found 5',
    ],
    ['', 'expected 6 or 7 fields (seconds minutes hours day-of-month month day-of-week [year]), found 0'],
    ['0 0 2 * * $(x)', 'day-of-week: expected a number 1-7 or SUN-SAT, found "$(x)"'],
    ['? 0 2 * * ?', 'seconds: "?" is allowed only in day-of-month or day-of-week'],
    ['0 0 2 L,5 * ?', 'day-of-month: "L" must stand alone in day-of-month, found "L,5"'],
    ['0 0 2 ? * 6#6', 'day-of-week: expected n#k with k 1-5, found 6#6'],
    ['0 0 2 1,,2 * ?', 'day-of-month: expected a comma-separated list without empty entries, found "1,,2"'],
  ])('fails when the expression is %j', (cron, problem) => {
    expect(quartzCronProblems(cron).join('\n')).toContain(problem);
  });

  it('fails when neither day field is "?" (Quartz needs exactly one)', () => {
    expect(quartzCronProblems('0 0 2 * * *')).toEqual([
      'day-of-month and day-of-week: exactly one of them must be "?", found "*" and "*" (e.g. "0 0 2 * * ?" daily, "0 0 4 ? * SUN" weekly)',
    ]);
  });

  it('fails when both day fields are "?"', () => {
    expect(quartzCronProblems('0 0 2 ? * ?')).toHaveLength(1);
  });

  it('accepts every well-formed expression', () => {
    fc.assert(fc.property(validCron, (cron) => quartzCronProblems(cron).length === 0));
  });

  it('fails for every value above its field range, naming that field', () => {
    const plainFields = [0, 1, 2, 3, 4, 5];
    fc.assert(
      fc.property(
        validCron,
        fc.constantFrom(...plainFields),
        fc.integer({ min: 1, max: 500 }),
        (cron, i, over) => {
          const fields = cron.split(' ');
          const spec = QUARTZ_FIELDS[i];
          fields[i] = String(spec.max + over);
          const problems = quartzCronProblems(fields.join(' '));
          return problems.some((p) => p.startsWith(`${spec.name}: expected`));
        },
      ),
    );
  });

  it('never throws, and names a field or the field count for any string', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 60 }), (text) =>
        quartzCronProblems(text).every((p) =>
          /^(seconds|minutes|hours|day-of-month|month|day-of-week|year|day-of-month and day-of-week): |^expected 6 or 7 fields/.test(
            p,
          ),
        ),
      ),
    );
  });
});
