import { Job, JobTask } from '@cdktf/provider-databricks/lib/job';
import { Construct } from 'constructs';
import { IGrantable } from './grantable';
import {
  checkSchedule,
  JobNotifications,
  JobSchedule,
  notificationConfig,
  runAsConfig,
  scheduleConfig,
} from './notebook-job';
import { ObjectPermissions, PermissionLevel } from './object-permissions';
import { Principal } from './principal';
import { SloAlert } from './slo-alert';
import { IDENTITY_TAG } from './vocabulary';

/** Props of {@link SloAlertJob}. */
export interface SloAlertJobProps {
  /** Full job name, including the environment prefix. */
  readonly jobName: string;
  /** The warehouse the alerts' queries run on. */
  readonly warehouseId: string;
  /** The alerts to evaluate, by task key (unique, letters, digits, `-`, `_`). */
  readonly alerts: ReadonlyMap<string, SloAlert>;
  /** Notification destinations (Slack, Teams, e-mail, webhooks) a triggered alert notifies. @default [] */
  readonly destinationIds?: readonly string[];
  /** Workspace users a triggered alert e-mails. @default [] */
  readonly userNames?: readonly string[];
  /** Who hears that the alert job itself failed (a warehouse that cannot start, a broken query). @default - nobody */
  readonly failureNotifications?: JobNotifications;
  /** When the alerts are evaluated. */
  readonly schedule: JobSchedule;
  /** @default - the deploying identity */
  readonly runAs?: Principal;
  /** @default {} */
  readonly tags?: Readonly<Record<string, string>>;
}

/**
 * A job (`databricks_job`) of SQL alert tasks: on its schedule each task evaluates one alert on the
 * warehouse and, when the alert is triggered, notifies the subscribers. Databricks SQL alerts made with
 * `databricks_alert` carry no subscribers, so this job is what makes an SLO breach reach people.
 */
export class SloAlertJob extends Construct implements IGrantable<PermissionLevel<'job'>> {
  readonly jobId: string;
  readonly resource: Job;
  private readonly permissions: ObjectPermissions<'job'>;

  constructor(scope: Construct, id: string, props: SloAlertJobProps) {
    super(scope, id);
    const where = this.node.path;
    if (props.alerts.size === 0) throw new Error(`${where}: an alert job needs at least one alert`);
    const subscriptions = [
      ...(props.destinationIds ?? []).map((destinationId) => ({ destinationId })),
      ...(props.userNames ?? []).map((userName) => ({ userName })),
    ];
    if (subscriptions.length === 0) {
      throw new Error(`${where}: nobody would hear of a triggered alert; give destinationIds or userNames`);
    }
    checkSchedule(where, props.schedule);
    const tasks: JobTask[] = [...props.alerts]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([taskKey, alert]) => ({
        taskKey,
        sqlTask: { warehouseId: props.warehouseId, alert: { alertId: alert.alertId, subscriptions } },
      }));
    this.resource = new Job(this, 'Resource', {
      name: props.jobName,
      maxConcurrentRuns: 1,
      timeoutSeconds: 1800,
      tags: { ...(props.tags ?? {}), [IDENTITY_TAG]: `${this.node.path}/Resource` },
      queue: { enabled: true },
      task: tasks,
      ...scheduleConfig(props.schedule),
      ...notificationConfig(props.failureNotifications, undefined),
      ...runAsConfig(props.runAs),
    });
    this.jobId = this.resource.id;
    this.permissions = new ObjectPermissions(this, 'Permissions', { kind: 'job', objectId: this.jobId });
  }

  /** Grants CAN_VIEW, CAN_MANAGE_RUN or CAN_MANAGE on the job. */
  grant(principal: Principal, level: PermissionLevel<'job'>): void {
    this.permissions.grant(principal, level);
  }
}
