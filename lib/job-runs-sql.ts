import { DEFAULT_MAX_FAILURE_RATE, DEFAULT_SLO_WINDOW_DAYS, MonitoredWorkflow } from './slo';

/**
 * Databricks SQL over the jobs system tables (`system.lakeflow.job_run_timeline`, `system.lakeflow.jobs`),
 * shared by the job-health dashboard and the SLO alerts.
 *
 * A run's rows in `job_run_timeline` are time slices: a long run has several, and only its last slice
 * carries the `result_state`. {@link runsSince} therefore folds the slices per `run_id` first.
 */

/** Result states of a run that count as failures (SKIPPED and CANCELLED do not). */
export const FAILED_STATES = "('FAILED', 'TIMED_OUT', 'ERROR')";

/** Text as a SQL string literal. */
export function sqlLiteral(text: string): string {
  return `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

/** ` AND <alias>workspace_id = '<id>'` when the workspace is known (the tables span the account's workspaces). */
export function workspaceFilter(workspaceId: string | undefined, alias = ''): string {
  return workspaceId ? ` AND ${alias}workspace_id = '${workspaceId}'` : '';
}

/**
 * The CTE `workflows`: one row per workflow with its job id, SLO window and objectives (`NULL` where the
 * workflow has no such objective): `workflow, job_id, window_days, slo_max_failure_rate,
 * slo_p95_minutes, slo_max_hours_since_success`.
 */
export function workflowsTable(workflows: readonly MonitoredWorkflow[]): string {
  const orNull = (n: number | undefined) => (n === undefined ? 'CAST(NULL AS DOUBLE)' : String(n));
  const rows = workflows.map((w) => {
    const days = w.slo?.windowDays ?? DEFAULT_SLO_WINDOW_DAYS;
    const rate = w.slo?.maxFailureRate ?? DEFAULT_MAX_FAILURE_RATE;
    const objectives = [rate, orNull(w.slo?.p95DurationMinutes), orNull(w.slo?.maxHoursSinceSuccess)];
    return `(${sqlLiteral(w.name)}, '${w.jobId}', ${days}, ${objectives.join(', ')})`;
  });
  return [
    `workflows AS (SELECT * FROM VALUES ${rows.join(', ')}`,
    '  AS w(workflow, job_id, window_days, slo_max_failure_rate, slo_p95_minutes, slo_max_hours_since_success))',
  ].join('\n');
}

/** The CTE `runs`: the workflows' runs that started from `since` on, one row per run (`started`, `ended`, `result_state`). */
export function runsSince(since: string, workspaceId?: string): string {
  return [
    'runs AS (SELECT t.job_id, t.run_id, min(t.period_start_time) AS started, max(t.period_end_time) AS ended,',
    '  max_by(t.result_state, t.period_end_time) AS result_state',
    '  FROM system.lakeflow.job_run_timeline t JOIN workflows w ON t.job_id = w.job_id',
    `  WHERE t.period_start_time >= ${since}${workspaceFilter(workspaceId, 't.')}`,
    '  GROUP BY t.job_id, t.run_id)',
  ].join('\n');
}

/** The CTE `windowed`: the finished runs of `runs` inside each workflow's own SLO window. */
export const WINDOWED_RUNS = [
  'windowed AS (SELECT r.* FROM runs r JOIN workflows w ON r.job_id = w.job_id',
  '  WHERE r.result_state IS NOT NULL AND r.started >= current_timestamp() - make_interval(0, 0, 0, w.window_days))',
].join('\n');

/** A run's duration in minutes, over `runs` rows aliased `r`. */
export const RUN_MINUTES = '(unix_timestamp(r.ended) - unix_timestamp(r.started)) / 60.0';
