import {
  FAILED_STATES,
  RUN_MINUTES,
  runsSince,
  WINDOWED_RUNS,
  workflowsTable,
  workspaceFilter,
} from './job-runs-sql';
import { DEFAULT_SLO_WINDOW_DAYS, MonitoredWorkflow } from './slo';

/** The kinds of objective an SLO alert checks. */
export type SloKind = 'failure-rate' | 'p95-duration' | 'missed-schedule';

/**
 * One kind of objective, checked for every workflow that has it by one query. The query's single row
 * holds `breaching_workflows`, the number of workflows past their own objective, and `breaches`, those
 * workflows with their value and objective (`ingest 0.25 > 0.1, train 0.4 > 0.2`).
 */
export interface SloCheck {
  readonly kind: SloKind;
  /** The column of the query's row the alert reads: it triggers when it is greater than 0. */
  readonly column: 'breaching_workflows';
  /** Databricks SQL over the jobs system tables. */
  readonly sql: string;
  /** What the objective says, for display names and descriptions. */
  readonly description: string;
}

/** The breaching workflows of a `measured (workflow, objective, value)` CTE, as the check's one row. */
const BREACHES = [
  'SELECT count_if(value > objective) AS breaching_workflows,',
  "  coalesce(array_join(sort_array(collect_list(CASE WHEN value > objective THEN concat(workflow, ' ', round(value, 2), ' > ', objective) END)), ', '), '') AS breaches",
  'FROM measured',
].join('\n');

/**
 * The checks of a set of workflows' SLOs, one query per kind of objective, in a fixed order: failure
 * rate (always), p95 duration and missed schedule (when any workflow has that objective). Each workflow
 * is measured against its own objective and window, so the number of queries, alerts and alert tasks
 * does not grow with the workflows.
 */
export function sloChecks(workflows: readonly MonitoredWorkflow[], workspaceId?: string): SloCheck[] {
  if (workflows.length === 0) return [];
  const table = workflowsTable(workflows);
  const longestWindow = Math.max(...workflows.map((w) => w.slo?.windowDays ?? DEFAULT_SLO_WINDOW_DAYS));
  const windowed = [
    runsSince(`current_timestamp() - INTERVAL ${longestWindow} DAYS`, workspaceId),
    WINDOWED_RUNS,
  ];
  const check = (kind: SloKind, description: string, ctes: string[]): SloCheck => ({
    kind,
    column: 'breaching_workflows',
    description,
    sql: [`WITH ${[table, ...ctes].join(',\n')}`, BREACHES].join('\n'),
  });
  const checks = [
    check('failure-rate', "failure rate in the SLO window above the workflow's objective", [
      ...windowed,
      [
        'measured AS (SELECT w.workflow, w.slo_max_failure_rate AS objective,',
        `  coalesce(avg(CASE WHEN r.result_state IN ${FAILED_STATES} THEN 1.0 ELSE 0.0 END), 0) AS value`,
        '  FROM workflows w LEFT JOIN windowed r ON r.job_id = w.job_id GROUP BY ALL)',
      ].join('\n'),
    ]),
  ];
  if (workflows.some((w) => w.slo?.p95DurationMinutes !== undefined)) {
    checks.push(
      check('p95-duration', "p95 run duration in the SLO window above the workflow's objective", [
        ...windowed,
        [
          'measured AS (SELECT w.workflow, w.slo_p95_minutes AS objective,',
          `  coalesce(percentile_approx(${RUN_MINUTES}, 0.95), 0) AS value`,
          '  FROM workflows w LEFT JOIN windowed r ON r.job_id = w.job_id',
          '  WHERE w.slo_p95_minutes IS NOT NULL GROUP BY ALL)',
        ].join('\n'),
      ]),
    );
  }
  if (workflows.some((w) => w.slo?.maxHoursSinceSuccess !== undefined)) {
    // Counted from the later of the last success and the job's last change, so a new job is not late.
    checks.push(
      check('missed-schedule', "hours since the last success above the workflow's objective", [
        [
          'last_success AS (SELECT t.job_id, max(t.period_end_time) AS at FROM system.lakeflow.job_run_timeline t',
          `  JOIN workflows w ON t.job_id = w.job_id${workspaceFilter(workspaceId, 't.')}`,
          "  WHERE t.result_state = 'SUCCEEDED' GROUP BY t.job_id)",
        ].join('\n'),
        [
          'last_change AS (SELECT j.job_id, max(j.change_time) AS at FROM system.lakeflow.jobs j',
          `  JOIN workflows w ON j.job_id = w.job_id${workspaceFilter(workspaceId, 'j.')} GROUP BY j.job_id)`,
        ].join('\n'),
        [
          'measured AS (SELECT w.workflow, w.slo_max_hours_since_success AS objective,',
          '  (unix_timestamp(current_timestamp()) - unix_timestamp(greatest(s.at, c.at))) / 3600.0 AS value',
          '  FROM workflows w LEFT JOIN last_success s ON s.job_id = w.job_id LEFT JOIN last_change c ON c.job_id = w.job_id',
          '  WHERE w.slo_max_hours_since_success IS NOT NULL)',
        ].join('\n'),
      ]),
    );
  }
  return checks;
}
