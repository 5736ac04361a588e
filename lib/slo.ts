import { Token } from 'cdktf';

/**
 * Service-level objectives of a workflow job, checked from the jobs system tables
 * (`system.lakeflow.job_run_timeline`, `system.lakeflow.jobs`) by SQL alerts.
 *
 * A run's rows in `job_run_timeline` are time slices: a long run has several, and only its last
 * slice carries the `result_state`. The queries below therefore fold the slices per `run_id` first.
 */
export interface WorkflowSlo {
  /** Days of runs the failure rate and the p95 duration are computed over. @default 7 */
  readonly windowDays?: number;
  /** Highest acceptable share of failed runs in the window, 0-1. @default 0.1 */
  readonly maxFailureRate?: number;
  /** Highest acceptable 95th-percentile run duration in minutes. @default - no duration objective */
  readonly p95DurationMinutes?: number;
  /**
   * Hours after the last successful run (or the last change of the job) that count as a missed
   * schedule. @default - no missed-schedule objective
   */
  readonly maxHoursSinceSuccess?: number;
}

/** The kinds of objective an SLO alert checks. */
export type SloKind = 'failure-rate' | 'p95-duration' | 'missed-schedule';

/** One objective as a query whose single row and column the alert compares with the threshold. */
export interface SloCheck {
  readonly kind: SloKind;
  /** The column of the query's one row the alert reads. */
  readonly column: string;
  /** The alert triggers when the column's value is greater than this. */
  readonly threshold: number;
  /** Databricks SQL over the jobs system tables. */
  readonly sql: string;
  /** What the objective says, for display names and dashboards. */
  readonly description: string;
}

/** Where a job's runs are found in the system tables. */
export interface JobRunsSource {
  /** The job's id (usually a token of the `databricks_job`). */
  readonly jobId: string;
  /**
   * The workspace's numeric id: the system tables hold every workspace of the account in the region,
   * and job ids are unique only within a workspace. @default - runs are matched by job id alone
   */
  readonly workspaceId?: string;
}

export const DEFAULT_SLO_WINDOW_DAYS = 7;
export const DEFAULT_MAX_FAILURE_RATE = 0.1;

/** Result states of a run that count as failures (SKIPPED and CANCELLED do not). */
const FAILED_STATES = "('FAILED', 'TIMED_OUT', 'ERROR')";

/** Checks an SLO's numbers (tokens pass); returns the problems, each naming the field. */
export function sloProblems(slo: WorkflowSlo): string[] {
  const problems: string[] = [];
  const known = (n: number | undefined): n is number => n !== undefined && !Token.isUnresolved(n);
  if (
    known(slo.windowDays) &&
    (!Number.isInteger(slo.windowDays) || slo.windowDays < 1 || slo.windowDays > 90)
  ) {
    problems.push(
      `windowDays must be a whole number of days from 1 to 90 (the system tables keep more), found ${slo.windowDays}`,
    );
  }
  if (known(slo.maxFailureRate) && !(slo.maxFailureRate >= 0 && slo.maxFailureRate < 1)) {
    problems.push(
      `maxFailureRate is a share of runs from 0 to below 1 (0.1 = 10%), found ${slo.maxFailureRate}`,
    );
  }
  for (const field of ['p95DurationMinutes', 'maxHoursSinceSuccess'] as const) {
    const value = slo[field];
    if (known(value) && !(value > 0 && Number.isFinite(value))) {
      problems.push(`${field} must be a positive number, found ${value}`);
    }
  }
  return problems;
}

/** The `WHERE` clause selecting one job's timeline rows. */
function jobFilter(source: JobRunsSource): string {
  const workspace = source.workspaceId ? ` AND workspace_id = '${source.workspaceId}'` : '';
  return `job_id = '${source.jobId}'${workspace}`;
}

/** The job's finished runs that started in the last `days` days, one row per run. */
function finishedRuns(source: JobRunsSource, days: number): string {
  return [
    'WITH runs AS (',
    '  SELECT run_id, min(period_start_time) AS started, max(period_end_time) AS ended,',
    '         max_by(result_state, period_end_time) AS result_state',
    '  FROM system.lakeflow.job_run_timeline',
    `  WHERE ${jobFilter(source)} AND period_start_time >= current_timestamp() - INTERVAL ${days} DAYS`,
    '  GROUP BY run_id',
    ')',
  ].join('\n');
}

/**
 * The checks of one job's SLO, in a fixed order: failure rate (always), p95 duration and missed
 * schedule (when set).
 */
export function sloChecks(source: JobRunsSource, slo: WorkflowSlo): SloCheck[] {
  const days = slo.windowDays ?? DEFAULT_SLO_WINDOW_DAYS;
  const maxFailureRate = slo.maxFailureRate ?? DEFAULT_MAX_FAILURE_RATE;
  const checks: SloCheck[] = [
    {
      kind: 'failure-rate',
      column: 'failure_rate',
      threshold: maxFailureRate,
      description: `failure rate over ${days} days above ${maxFailureRate}`,
      sql: [
        finishedRuns(source, days),
        `SELECT coalesce(avg(CASE WHEN result_state IN ${FAILED_STATES} THEN 1.0 ELSE 0.0 END), 0) AS failure_rate`,
        'FROM runs WHERE result_state IS NOT NULL',
      ].join('\n'),
    },
  ];
  if (slo.p95DurationMinutes !== undefined) {
    checks.push({
      kind: 'p95-duration',
      column: 'p95_duration_minutes',
      threshold: slo.p95DurationMinutes,
      description: `p95 run duration over ${days} days above ${slo.p95DurationMinutes} minutes`,
      sql: [
        finishedRuns(source, days),
        'SELECT coalesce(percentile_approx((unix_timestamp(ended) - unix_timestamp(started)) / 60.0, 0.95), 0)',
        '       AS p95_duration_minutes',
        'FROM runs WHERE result_state IS NOT NULL',
      ].join('\n'),
    });
  }
  if (slo.maxHoursSinceSuccess !== undefined) {
    checks.push({
      kind: 'missed-schedule',
      column: 'hours_since_success',
      threshold: slo.maxHoursSinceSuccess,
      description: `no successful run for more than ${slo.maxHoursSinceSuccess} hours`,
      // Counted from the later of the last success and the job's last change, so a new job is not late.
      sql: [
        'SELECT (unix_timestamp(current_timestamp()) - unix_timestamp(greatest(',
        `  (SELECT max(period_end_time) FROM system.lakeflow.job_run_timeline WHERE ${jobFilter(source)} AND result_state = 'SUCCEEDED'),`,
        `  (SELECT max(change_time) FROM system.lakeflow.jobs WHERE ${jobFilter(source)})`,
        '))) / 3600.0 AS hours_since_success',
      ].join('\n'),
    });
  }
  return checks;
}

/**
 * Hours without a success that count as a missed run of a Quartz schedule: a day and two hours for
 * schedules that name no day (daily or more often), eight days and two hours for weekly ones (a day of
 * week), 32 days for monthly ones (a day of month).
 */
export function defaultMaxHoursSinceSuccess(cron: string): number {
  const fields = cron.trim().split(/\s+/);
  const dayOfMonth = fields[3] ?? '*';
  const dayOfWeek = fields[5] ?? '?';
  const any = (field: string) => field === '*' || field === '?';
  if (!any(dayOfMonth)) return 32 * 24;
  if (!any(dayOfWeek)) return 8 * 24 + 2;
  return 26;
}
