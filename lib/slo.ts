import { Token } from 'cdktf';

/**
 * Service-level objectives of a workflow job, checked from the jobs system tables
 * (`system.lakeflow.job_run_timeline`, `system.lakeflow.jobs`) by SQL alerts (see `sloChecks`).
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

/** A workflow job watched for its service-level objectives. */
export interface MonitoredWorkflow {
  /** The workflow's name, as dashboards and alerts list it. */
  readonly name: string;
  /** The job's id (usually a token of the `databricks_job`). */
  readonly jobId: string;
  /** @default - the SLO defaults: failure rate over 7 days at most 0.1 */
  readonly slo?: WorkflowSlo;
}

export const DEFAULT_SLO_WINDOW_DAYS = 7;
export const DEFAULT_MAX_FAILURE_RATE = 0.1;

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
