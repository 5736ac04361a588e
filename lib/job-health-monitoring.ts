import { Construct } from 'constructs';
import { JobHealthDashboard } from './job-health-dashboard';
import { JobNotifications, JobSchedule } from './notebook-job';
import { Principal } from './principal';
import { sloChecks, sloProblems, WorkflowSlo } from './slo';
import { SloAlert } from './slo-alert';
import { SloAlertJob } from './slo-alert-job';
import { SqlWarehouse, SqlWarehouseProps } from './sql-warehouse';
import { WorkspaceFolder } from './workspace-folder';

/** A workflow job watched by {@link JobHealthMonitoring}. */
export interface MonitoredWorkflow {
  /** The workflow's name (a construct id and task-key part: letters, digits, `-`, `_`). */
  readonly name: string;
  /** The job's id (usually a token of the `databricks_job`). */
  readonly jobId: string;
  /** @default - the SLO defaults: failure rate over 7 days at most 0.1 */
  readonly slo?: WorkflowSlo;
}

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
 * a Lakeview dashboard, one query and alert per service-level objective of each workflow (failure rate,
 * p95 duration, missed schedule), and a job that evaluates the alerts on a schedule and notifies the
 * subscribers. Without subscribers there is no alert job: the alerts then show only in Databricks SQL.
 */
export class JobHealthMonitoring extends Construct {
  readonly warehouse: SqlWarehouse;
  readonly dashboard: JobHealthDashboard;
  /** The alerts by task key `<workflow>-<kind>`. */
  readonly alerts = new Map<string, SloAlert>();
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
    for (const w of props.workflows) {
      const scope = new Construct(alerts, w.name);
      for (const check of sloChecks({ jobId: w.jobId, workspaceId: props.workspaceId }, w.slo ?? {})) {
        this.alerts.set(
          `${w.name}-${check.kind}`,
          new SloAlert(scope, check.kind, {
            check,
            displayName: `${props.namePrefix}${w.name}: ${check.kind}`,
            warehouseId,
            parentPath,
          }),
        );
      }
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
