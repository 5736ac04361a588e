import { Dashboard } from '@cdktf/provider-databricks/lib/dashboard';
import { Construct } from 'constructs';
import { DEFAULT_MAX_FAILURE_RATE, DEFAULT_SLO_WINDOW_DAYS, WorkflowSlo } from './slo';

/** A workflow job the dashboard shows. */
export interface DashboardWorkflow {
  /** The workflow's name, as the dashboard lists it. */
  readonly name: string;
  /** The job's id (usually a token of the `databricks_job`). */
  readonly jobId: string;
  /** @default - the SLO defaults */
  readonly slo?: WorkflowSlo;
}

/** Props of {@link JobHealthDashboard}. */
export interface JobHealthDashboardProps {
  readonly displayName: string;
  /** Workspace folder of the dashboard; it inherits the folder's permissions. */
  readonly parentPath: string;
  readonly warehouseId: string;
  /** The workflows shown, in this order. */
  readonly workflows: readonly DashboardWorkflow[];
  /** The workspace's numeric id, to tell its runs from other workspaces'. @default - matched by job id alone */
  readonly workspaceId?: string;
  /** Days of daily history shown. @default 30 */
  readonly historyDays?: number;
}

const FAILED = "('FAILED', 'TIMED_OUT', 'ERROR')";

/** SQL text as a SQL string literal. */
function literal(text: string): string {
  return `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

/**
 * A Lakeview dashboard (`databricks_dashboard`, published) of the environment's workflows over the
 * jobs system tables: per workflow, its runs, failures and p95 duration in its SLO window next to its
 * objectives, and runs and failures per day.
 */
export class JobHealthDashboard extends Construct {
  readonly resource: Dashboard;
  readonly dashboardId: string;

  constructor(scope: Construct, id: string, props: JobHealthDashboardProps) {
    super(scope, id);
    if (props.workflows.length === 0)
      throw new Error(`${this.node.path}: a dashboard needs at least one workflow`);
    this.resource = new Dashboard(this, 'Resource', {
      displayName: props.displayName,
      parentPath: props.parentPath,
      warehouseId: props.warehouseId,
      embedCredentials: false,
      serializedDashboard: JSON.stringify(serializedDashboard(props)),
    });
    this.dashboardId = this.resource.id;
  }
}

/** The workflows as an inline table: name, job id, SLO window and objectives. */
function workflowsTable(props: JobHealthDashboardProps): string {
  const rows = props.workflows.map((w) => {
    const days = w.slo?.windowDays ?? DEFAULT_SLO_WINDOW_DAYS;
    const rate = w.slo?.maxFailureRate ?? DEFAULT_MAX_FAILURE_RATE;
    const p95 = w.slo?.p95DurationMinutes ?? 'CAST(NULL AS DOUBLE)';
    return `(${literal(w.name)}, '${w.jobId}', ${days}, ${rate}, ${p95})`;
  });
  return `workflows AS (SELECT * FROM VALUES ${rows.join(', ')} AS w(workflow, job_id, window_days, slo_max_failure_rate, slo_p95_minutes))`;
}

/** Runs of the listed jobs, one row per run, from `since` on. */
function runsOf(props: JobHealthDashboardProps, since: string): string {
  const workspace = props.workspaceId ? ` AND t.workspace_id = '${props.workspaceId}'` : '';
  return [
    'runs AS (SELECT t.job_id, t.run_id, min(t.period_start_time) AS started, max(t.period_end_time) AS ended,',
    '  max_by(t.result_state, t.period_end_time) AS result_state',
    '  FROM system.lakeflow.job_run_timeline t JOIN workflows w ON t.job_id = w.job_id',
    `  WHERE t.period_start_time >= ${since}${workspace}`,
    '  GROUP BY t.job_id, t.run_id)',
  ].join('\n');
}

function sloDataset(props: JobHealthDashboardProps): string {
  return [
    `WITH ${workflowsTable(props)},`,
    runsOf(props, 'current_timestamp() - INTERVAL 90 DAYS') + ',',
    'windowed AS (SELECT r.* FROM runs r JOIN workflows w ON r.job_id = w.job_id',
    '  WHERE r.result_state IS NOT NULL AND r.started >= current_timestamp() - make_interval(0, 0, 0, w.window_days))',
    'SELECT w.workflow, w.window_days, count(r.run_id) AS runs,',
    `  count_if(r.result_state IN ${FAILED}) AS failures,`,
    `  round(coalesce(avg(CASE WHEN r.result_state IN ${FAILED} THEN 1.0 ELSE 0.0 END), 0), 3) AS failure_rate,`,
    '  w.slo_max_failure_rate,',
    '  round(percentile_approx((unix_timestamp(r.ended) - unix_timestamp(r.started)) / 60.0, 0.95), 1) AS p95_duration_minutes,',
    '  w.slo_p95_minutes',
    'FROM workflows w LEFT JOIN windowed r ON r.job_id = w.job_id',
    'GROUP BY ALL ORDER BY w.workflow',
  ].join('\n');
}

function dailyDataset(props: JobHealthDashboardProps): string {
  const days = props.historyDays ?? 30;
  return [
    `WITH ${workflowsTable(props)},`,
    runsOf(props, `current_timestamp() - INTERVAL ${days} DAYS`),
    "SELECT date_trunc('DAY', r.started) AS day, w.workflow, count(*) AS runs,",
    `  count_if(r.result_state IN ${FAILED}) AS failures,`,
    '  round(avg((unix_timestamp(r.ended) - unix_timestamp(r.started)) / 60.0), 1) AS avg_duration_minutes',
    'FROM runs r JOIN workflows w ON r.job_id = w.job_id WHERE r.result_state IS NOT NULL',
    'GROUP BY ALL ORDER BY day',
  ].join('\n');
}

const field = (name: string) => ({ name, expression: `\`${name}\`` });

/** The dashboard in Lakeview's serialized form: two datasets, one page, a table and a chart. */
function serializedDashboard(props: JobHealthDashboardProps) {
  const sloColumns = [
    'workflow',
    'window_days',
    'runs',
    'failures',
    'failure_rate',
    'slo_max_failure_rate',
    'p95_duration_minutes',
    'slo_p95_minutes',
  ];
  return {
    datasets: [
      {
        name: 'slo',
        displayName: 'Workflow SLOs',
        queryLines: sloDataset(props)
          .split('\n')
          .map((l) => `${l}\n`),
      },
      {
        name: 'daily',
        displayName: 'Runs per day',
        queryLines: dailyDataset(props)
          .split('\n')
          .map((l) => `${l}\n`),
      },
    ],
    pages: [
      {
        name: 'job_health',
        displayName: 'Job health',
        layout: [
          {
            widget: {
              name: 'slo_table',
              queries: [
                {
                  name: 'main_query',
                  query: { datasetName: 'slo', fields: sloColumns.map(field), disaggregated: true },
                },
              ],
              spec: {
                version: 1,
                widgetType: 'table',
                encodings: { columns: sloColumns.map((c) => ({ fieldName: c, displayName: c })) },
                frame: { showTitle: true, title: 'Workflows against their SLOs' },
              },
            },
            position: { x: 0, y: 0, width: 6, height: 6 },
          },
          {
            widget: {
              name: 'daily_failures',
              queries: [
                {
                  name: 'main_query',
                  query: {
                    datasetName: 'daily',
                    fields: ['day', 'workflow', 'runs', 'failures'].map(field),
                    disaggregated: true,
                  },
                },
              ],
              spec: {
                version: 3,
                widgetType: 'bar',
                encodings: {
                  x: { fieldName: 'day', scale: { type: 'temporal' }, displayName: 'day' },
                  y: { fieldName: 'failures', scale: { type: 'quantitative' }, displayName: 'failures' },
                  color: { fieldName: 'workflow', scale: { type: 'categorical' }, displayName: 'workflow' },
                },
                frame: { showTitle: true, title: 'Failed runs per day' },
              },
            },
            position: { x: 0, y: 6, width: 6, height: 6 },
          },
        ],
      },
    ],
  };
}
