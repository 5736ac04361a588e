import { Dashboard } from '@cdktf/provider-databricks/lib/dashboard';
import { Construct } from 'constructs';
import { FAILED_STATES, RUN_MINUTES, runsSince, WINDOWED_RUNS, workflowsTable } from './job-runs-sql';
import { MonitoredWorkflow } from './slo';

/** Props of {@link JobHealthDashboard}. */
export interface JobHealthDashboardProps {
  readonly displayName: string;
  /** Workspace folder of the dashboard; it inherits the folder's permissions. */
  readonly parentPath: string;
  readonly warehouseId: string;
  /** The workflows shown, in this order. */
  readonly workflows: readonly MonitoredWorkflow[];
  /** The workspace's numeric id, to tell its runs from other workspaces'. @default - matched by job id alone */
  readonly workspaceId?: string;
  /** Days of daily history shown. @default 30 */
  readonly historyDays?: number;
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

function sloDataset(props: JobHealthDashboardProps): string {
  return [
    `WITH ${workflowsTable(props.workflows)},`,
    runsSince('current_timestamp() - INTERVAL 90 DAYS', props.workspaceId) + ',',
    WINDOWED_RUNS,
    'SELECT w.workflow, w.window_days, count(r.run_id) AS runs,',
    `  count_if(r.result_state IN ${FAILED_STATES}) AS failures,`,
    `  round(coalesce(avg(CASE WHEN r.result_state IN ${FAILED_STATES} THEN 1.0 ELSE 0.0 END), 0), 3) AS failure_rate,`,
    '  w.slo_max_failure_rate,',
    `  round(percentile_approx(${RUN_MINUTES}, 0.95), 1) AS p95_duration_minutes,`,
    '  w.slo_p95_minutes',
    'FROM workflows w LEFT JOIN windowed r ON r.job_id = w.job_id',
    'GROUP BY ALL ORDER BY w.workflow',
  ].join('\n');
}

function dailyDataset(props: JobHealthDashboardProps): string {
  const days = props.historyDays ?? 30;
  return [
    `WITH ${workflowsTable(props.workflows)},`,
    runsSince(`current_timestamp() - INTERVAL ${days} DAYS`, props.workspaceId),
    "SELECT date_trunc('DAY', r.started) AS day, w.workflow, count(*) AS runs,",
    `  count_if(r.result_state IN ${FAILED_STATES}) AS failures,`,
    `  round(avg(${RUN_MINUTES}), 1) AS avg_duration_minutes`,
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
