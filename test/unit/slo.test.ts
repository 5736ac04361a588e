import fc from 'fast-check';
import { defaultMaxHoursSinceSuccess, sloProblems } from '../../lib/slo';

describe('sloProblems', () => {
  it('accepts the defaults and sensible values', () => {
    expect(sloProblems({})).toEqual([]);
    expect(
      sloProblems({ windowDays: 30, maxFailureRate: 0, p95DurationMinutes: 0.5, maxHoursSinceSuccess: 194 }),
    ).toEqual([]);
  });

  it('fails when a number is out of range, naming the field', () => {
    expect(sloProblems({ windowDays: 0 })).toEqual([expect.stringMatching(/^windowDays must be/)]);
    expect(sloProblems({ maxFailureRate: 1 })).toEqual([expect.stringMatching(/^maxFailureRate is a share/)]);
    expect(sloProblems({ p95DurationMinutes: -1, maxHoursSinceSuccess: Number.NaN })).toHaveLength(2);
  });

  it('accepts exactly the failure rates from 0 to below 1 (property)', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true }), (rate) => {
        expect(sloProblems({ maxFailureRate: rate }).length === 0).toBe(rate >= 0 && rate < 1);
      }),
    );
  });
});

describe('defaultMaxHoursSinceSuccess', () => {
  it('allows a day and two hours for daily schedules, 8 days for weekly ones and 32 days for monthly ones', () => {
    expect(defaultMaxHoursSinceSuccess('0 0 2 * * ?')).toBe(26);
    expect(defaultMaxHoursSinceSuccess('0 0/15 * * * ?')).toBe(26);
    expect(defaultMaxHoursSinceSuccess('0 0 4 ? * SUN')).toBe(194);
    expect(defaultMaxHoursSinceSuccess('0 0 4 1 * ?')).toBe(768);
  });
});
