import fc from 'fast-check';
import { defaultMaxHoursSinceSuccess, sloChecks, sloProblems } from '../../lib/slo';

describe('sloChecks', () => {
  const source = { jobId: '123' };

  it('checks only the failure rate by default: over 7 days, above 0.1', () => {
    const checks = sloChecks(source, {});
    expect(checks.map((c) => [c.kind, c.column, c.threshold])).toEqual([
      ['failure-rate', 'failure_rate', 0.1],
    ]);
    expect(checks[0].sql).toContain(
      "WHERE job_id = '123' AND period_start_time >= current_timestamp() - INTERVAL 7 DAYS",
    );
    expect(checks[0].sql).toContain("result_state IN ('FAILED', 'TIMED_OUT', 'ERROR')");
  });

  it('adds a p95 duration and a missed-schedule check when they are set, each selecting its alert column', () => {
    const checks = sloChecks(source, {
      windowDays: 3,
      maxFailureRate: 0.2,
      p95DurationMinutes: 45,
      maxHoursSinceSuccess: 26,
    });
    expect(checks.map((c) => [c.kind, c.threshold])).toEqual([
      ['failure-rate', 0.2],
      ['p95-duration', 45],
      ['missed-schedule', 26],
    ]);
    for (const check of checks) expect(check.sql).toMatch(new RegExp(`AS ${check.column}\\b`));
    expect(checks[1].sql).toContain('INTERVAL 3 DAYS');
    expect(checks[2].sql).toContain('system.lakeflow.jobs');
  });

  it("filters by the workspace id when it is known (the system tables hold the account's workspaces)", () => {
    for (const check of sloChecks(
      { jobId: '1', workspaceId: '987' },
      { p95DurationMinutes: 1, maxHoursSinceSuccess: 1 },
    )) {
      expect(check.sql).toContain("job_id = '1' AND workspace_id = '987'");
    }
  });
});

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
