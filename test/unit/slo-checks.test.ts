import fc from 'fast-check';
import { MonitoredWorkflow } from '../../lib/slo';
import { sloChecks } from '../../lib/slo-checks';

/** The lowest and the final depth of parentheses in `text`: both 0 when every one is closed in order. */
function parenthesesBalance(text: string): { lowest: number; final: number } {
  let depth = 0;
  let lowest = 0;
  for (const c of text) {
    if (c === '(') depth += 1;
    else if (c === ')') lowest = Math.min(lowest, (depth -= 1));
  }
  return { lowest, final: depth };
}

const INGEST: MonitoredWorkflow = { name: 'ingest', jobId: '111' };
const TRAIN: MonitoredWorkflow = {
  name: 'train',
  jobId: '222',
  slo: { windowDays: 14, maxFailureRate: 0.2 },
};

describe('sloChecks', () => {
  it('checks only the failure rate when no workflow has a duration or schedule objective', () => {
    const checks = sloChecks([INGEST, TRAIN]);
    expect(checks.map((c) => [c.kind, c.column])).toEqual([['failure-rate', 'breaching_workflows']]);
    expect(checks[0].sql).toContain("result_state IN ('FAILED', 'TIMED_OUT', 'ERROR')");
  });

  it('measures each workflow against its own objective and window, reading runs as far back as the longest window', () => {
    const [failureRate] = sloChecks([INGEST, TRAIN]);
    expect(failureRate.sql).toContain(
      "('ingest', '111', 7, 0.1, CAST(NULL AS DOUBLE), CAST(NULL AS DOUBLE))",
    );
    expect(failureRate.sql).toContain(
      "('train', '222', 14, 0.2, CAST(NULL AS DOUBLE), CAST(NULL AS DOUBLE))",
    );
    expect(failureRate.sql).toContain('t.period_start_time >= current_timestamp() - INTERVAL 14 DAYS');
    expect(failureRate.sql).toContain('make_interval(0, 0, 0, w.window_days)');
    expect(failureRate.sql).toContain('SELECT count_if(value > objective) AS breaching_workflows');
  });

  it('adds a p95 duration and a missed-schedule check when any workflow has them, measuring only those workflows', () => {
    const checks = sloChecks([
      INGEST,
      { ...TRAIN, slo: { p95DurationMinutes: 45, maxHoursSinceSuccess: 26 } },
    ]);
    expect(checks.map((c) => c.kind)).toEqual(['failure-rate', 'p95-duration', 'missed-schedule']);
    expect(checks[1].sql).toContain("('train', '222', 7, 0.1, 45, 26)");
    expect(checks[1].sql).toContain('WHERE w.slo_p95_minutes IS NOT NULL');
    expect(checks[2].sql).toContain('system.lakeflow.jobs');
    expect(checks[2].sql).toContain('WHERE w.slo_max_hours_since_success IS NOT NULL');
  });

  it("filters by the workspace id when it is known (the system tables hold the account's workspaces)", () => {
    const checks = sloChecks([{ ...INGEST, slo: { p95DurationMinutes: 1, maxHoursSinceSuccess: 1 } }], '987');
    expect(checks).toHaveLength(3);
    for (const check of checks) expect(check.sql).toContain("workspace_id = '987'");
  });

  it('quotes workflow names as SQL strings', () => {
    const [check] = sloChecks([{ name: "it's", jobId: '1' }]);
    expect(check.sql).toContain("('it\\'s', '1', 7");
  });

  it('checks nothing without workflows', () => {
    expect(sloChecks([])).toEqual([]);
  });

  it('keeps to at most three balanced queries, each naming every workflow once, however many workflows (property)', () => {
    const slo = fc.record(
      {
        windowDays: fc.integer({ min: 1, max: 90 }),
        maxFailureRate: fc.double({ min: 0, max: 0.99, noNaN: true }),
        p95DurationMinutes: fc.integer({ min: 1, max: 600 }),
        maxHoursSinceSuccess: fc.integer({ min: 1, max: 800 }),
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(fc.array(slo, { minLength: 1, maxLength: 60 }), (slos) => {
        const workflows = slos.map((s, i) => ({ name: `w${i}`, jobId: String(1000 + i), slo: s }));
        const checks = sloChecks(workflows);
        expect(checks.length).toBeLessThanOrEqual(3);
        for (const check of checks) {
          for (const w of workflows) expect(check.sql.split(`'${w.jobId}'`)).toHaveLength(2);
          expect(parenthesesBalance(check.sql)).toEqual({ lowest: 0, final: 0 });
        }
      }),
      { numRuns: 50 },
    );
  });
});
