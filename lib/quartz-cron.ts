/**
 * Quartz cron expressions as Databricks job schedules take them (`quartz_cron_expression`), checked
 * field by field so a wrong schedule fails at synth, not at apply after other resources changed.
 *
 * Six or seven fields, seconds first: seconds, minutes, hours, day-of-month, month, day-of-week,
 * optional year. Each field is a comma-separated list of `*`, a value, a range `a-b` (wrapping
 * ranges such as `22-2` are Quartz's), and an increment `/n` after `*`, a value or a range. Day of
 * month also takes `L`, `L-n`, `LW` and `nW`; day of week takes `L`, `nL` and `n#k`; exactly one of
 * the two day fields is `?` (Quartz supports neither both nor none).
 */

interface FieldSpec {
  readonly name: string;
  readonly min: number;
  readonly max: number;
  /** Symbolic names, numbered from `min` (JAN = 1, SUN = 1). */
  readonly names?: readonly string[];
}

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const DAYS = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];

/** The fields in order, with their ranges. */
export const QUARTZ_FIELDS: readonly FieldSpec[] = [
  { name: 'seconds', min: 0, max: 59 },
  { name: 'minutes', min: 0, max: 59 },
  { name: 'hours', min: 0, max: 23 },
  { name: 'day-of-month', min: 1, max: 31 },
  { name: 'month', min: 1, max: 12, names: MONTHS },
  { name: 'day-of-week', min: 1, max: 7, names: DAYS },
  { name: 'year', min: 1970, max: 2099 },
];
const DAY_OF_MONTH = 3;
const DAY_OF_WEEK = 5;

/** A value of a field: a number, or one of its names (case-insensitive, as Quartz reads them). */
function value(spec: FieldSpec, text: string): number | string {
  if (/^\d{1,4}$/.test(text)) {
    const n = Number(text);
    return n >= spec.min && n <= spec.max ? n : `expected ${spec.min}-${spec.max}, found ${text}`;
  }
  const index = spec.names?.indexOf(text.toUpperCase()) ?? -1;
  if (index >= 0) return spec.min + index;
  const names = spec.names ? ` or ${spec.names[0]}-${spec.names[spec.names.length - 1]}` : '';
  return `expected a number ${spec.min}-${spec.max}${names}, found ${JSON.stringify(text)}`;
}

/** Checks one list item of `*`, value, range and increment; returns a problem or undefined. */
function plainItem(spec: FieldSpec, item: string): string | undefined {
  const [base, step, ...more] = item.split('/');
  if (more.length > 0) return `expected at most one "/", found ${JSON.stringify(item)}`;
  if (step !== undefined) {
    const span = spec.max - spec.min + 1;
    if (!/^\d{1,4}$/.test(step) || Number(step) < 1 || Number(step) > span) {
      return `expected an increment 1-${span} after "/", found ${JSON.stringify(step)}`;
    }
  }
  if (base === '*') return undefined;
  const bounds = base.split('-');
  if (bounds.length > 2 || bounds.some((b) => b === '')) {
    return `expected a value or a range a-b, found ${JSON.stringify(base)}`;
  }
  for (const b of bounds) {
    const v = value(spec, b);
    if (typeof v === 'string') return v;
  }
  return undefined;
}

/** Checks a day-of-month or day-of-week special (`L`, `W`, `#`); undefined when it is not one. */
function dayItem(index: number, item: string): string | undefined | null {
  const upper = item.toUpperCase();
  if (index === DAY_OF_MONTH) {
    if (upper === 'L' || upper === 'LW') return undefined;
    const offset = /^L-(\d{1,2})$/.exec(upper);
    if (offset) return Number(offset[1]) <= 30 ? undefined : `expected L-n with n 0-30, found ${item}`;
    const weekday = /^(\d{1,2})W$/.exec(upper);
    if (weekday) {
      const n = Number(weekday[1]);
      return n >= 1 && n <= 31 ? undefined : `expected nW with n 1-31, found ${item}`;
    }
    return null;
  }
  if (upper === 'L') return undefined;
  const last = /^([A-Z]{3}|\d)L$/.exec(upper);
  const nth = /^([A-Z]{3}|\d)#(\d)$/.exec(upper);
  const day = last?.[1] ?? nth?.[1];
  if (day === undefined) return null;
  const v = value(QUARTZ_FIELDS[DAY_OF_WEEK], day);
  if (typeof v === 'string') return v;
  if (nth && (Number(nth[2]) < 1 || Number(nth[2]) > 5)) return `expected n#k with k 1-5, found ${item}`;
  return undefined;
}

function fieldProblem(index: number, text: string): string | undefined {
  const spec = QUARTZ_FIELDS[index];
  const isDay = index === DAY_OF_MONTH || index === DAY_OF_WEEK;
  if (text === '?') return isDay ? undefined : `"?" is allowed only in day-of-month or day-of-week`;
  const items = text.split(',');
  for (const item of items) {
    if (item === '')
      return `expected a comma-separated list without empty entries, found ${JSON.stringify(text)}`;
    if (item === '?') return `"?" must stand alone, found ${JSON.stringify(text)}`;
    const special = isDay ? dayItem(index, item) : null;
    if (special !== null) {
      if (items.length > 1)
        return `"${item}" must stand alone in ${spec.name}, found ${JSON.stringify(text)}`;
      if (special !== undefined) return special;
      continue;
    }
    const problem = plainItem(spec, item);
    if (problem) return problem;
  }
  return undefined;
}

/**
 * Every problem of a Quartz cron expression, each naming the field (`hours: expected 0-23, found 25`);
 * empty when Databricks accepts it.
 */
export function quartzCronProblems(expression: string): string[] {
  const fields = expression.trim().split(/\s+/);
  if (expression.trim() === '' || fields.length < 6 || fields.length > 7) {
    return [
      `expected 6 or 7 fields (seconds minutes hours day-of-month month day-of-week [year]), found ${expression.trim() === '' ? 0 : fields.length}`,
    ];
  }
  const problems: string[] = [];
  fields.forEach((f, i) => {
    const problem = fieldProblem(i, f);
    if (problem) problems.push(`${QUARTZ_FIELDS[i].name}: ${problem}`);
  });
  const dom = fields[DAY_OF_MONTH] === '?';
  const dow = fields[DAY_OF_WEEK] === '?';
  if (dom === dow) {
    problems.push(
      `day-of-month and day-of-week: exactly one of them must be "?", found ${JSON.stringify(fields[DAY_OF_MONTH])} and ${JSON.stringify(fields[DAY_OF_WEEK])} (e.g. "0 0 2 * * ?" daily, "0 0 4 ? * SUN" weekly)`,
    );
  }
  return problems;
}
