import { Construct } from 'constructs';
import { JobHealthDashboard } from './job-health-dashboard';
import { JobNotifications, JobSchedule } from './notebook-job';
import { Principal } from './principal';
import { MonitoredWorkflow, sloProblems } from './slo';
import { SloAlert } from './slo-alert';
import { SloAlertJob } from './slo-alert-job';
import { sloChecks, SloKind } from './slo-checks';
import { SqlWarehouse, SqlWarehouseProps } from './sql-warehouse';
import { WorkspaceFolder } from './workspace-folder';

/** Props of {@link JobHealthMonitoring}. */
export interface JobHealthMonitoringProps {
  /** Prefix of every display name (queries, alerts, dashboard, warehouse), e.g. `Prod – `. */
  readonly namePrefix: string;
  /** The folder the queries, alerts and dashboard live in (they inherit its permissions). */
  readonly folder: WorkspaceFolder;
  readonly workflows: readonly MonitoredWorkflow[];
  /** Size, auto-stop and serverless of the warehouse. @default - a serverless 2X-Small stopping after 10 minutes */
  readonly warehouse?: Omit<SqlWarehouseProps, 'name' | 'tags'>;
  /** The workspace's numeric id (system tables span the account's workspaces). @default - matched by job id */
  readonly workspaceId?: string;
  /** When the alert job evaluates the alerts. @default - hourly, on the hour, UTC, unpaused */
  readonly alertSchedule?: JobSchedule;
  /** Notification destinations a triggered alert notifies. @default [] */
  readonly destinationIds?: readonly string[];
  /** Workspace users a triggered alert e-mails. @default [] */
  readonly userNames?: readonly string[];
  /** Who hears that the alert job itself failed. @default - nobody */
  readonly failureNotifications?: JobNotifications;
  /** Identity of the alert job. @default - the deploying identity */
  readonly runAs?: Principal;
  /** Tags of the warehouse and the alert job. @default {} */
  readonly tags?: Readonly<Record<string, string>>;
}

/**
 * Job-health observability for a set of workflow jobs, from the jobs system tables: a SQL warehouse,
 * a Lakeview dashboard, one query and alert per kind of service-level objective (failure rate, p95
 * duration, missed schedule) that checks every workflow against its own objective, and a job that
 * evaluates the alerts on a schedule and notifies the subscribers. Without subscribers there is no
 * alert job: the alerts then show only in Databricks SQL.
 *
 * The alerts do not grow with the workflows: at most three queries, three alerts and three alert
 * tasks, whatever their number (a job of one alert task per workflow would pass the 100 tasks that
 * provider 1.84 can read back, and the 1,000 a job may have, and thousands of alerts would keep the
 * warehouse busy).
 */
export class JobHealthMonitoring extends Construct {
  readonly warehouse: SqlWarehouse;
  readonly dashboard: JobHealthDashboard;
  /** The alerts by kind of objective (also their task keys). */
  readonly alerts = new Map<SloKind, SloAlert>();
  readonly alertJob?: SloAlertJob;

  constructor(scope: Construct, id: string, props: JobHealthMonitoringProps) {
    super(scope, id);
    for (const w of props.workflows) {
      const problems = sloProblems(w.slo ?? {});
      if (problems.length > 0)
        throw new Error(`${this.node.path}: workflow ${w.name}: slo.${problems.join('; slo.')}`);
    }
    this.warehouse = new SqlWarehouse(this, 'Warehouse', {
      ...props.warehouse,
      name: `${props.namePrefix}job health`,
      tags: props.tags,
    });
    const parentPath = props.folder.resource.path;
    const { warehouseId } = this.warehouse;
    this.dashboard = new JobHealthDashboard(this, 'Dashboard', {
      displayName: `${props.namePrefix}job health`,
      parentPath,
      warehouseId,
      workflows: props.workflows,
      workspaceId: props.workspaceId,
    });
    const alerts = new Construct(this, 'Alerts');
    for (const check of sloChecks(props.workflows, props.workspaceId)) {
      this.alerts.set(
        check.kind,
        new SloAlert(alerts, check.kind, {
          check,
          displayName: `${props.namePrefix}SLO: ${check.kind}`,
          warehouseId,
          parentPath,
        }),
      );
    }
    if ((props.destinationIds?.length ?? 0) + (props.userNames?.length ?? 0) > 0) {
      this.alertJob = new SloAlertJob(this, 'AlertJob', {
        jobName: `${props.namePrefix}slo-alerts`,
        warehouseId,
        alerts: this.alerts,
        destinationIds: props.destinationIds,
        userNames: props.userNames,
        failureNotifications: props.failureNotifications,
        schedule: props.alertSchedule ?? { cron: '0 0 * * * ?', timezone: 'UTC' },
        runAs: props.runAs,
        tags: props.tags,
      });
    }
  }
}
