import { Job, JobConfig, JobJobCluster, JobTask } from '@cdktf/provider-databricks/lib/job';
import { TerraformStack, Token } from 'cdktf';
import { Construct } from 'constructs';
import { ClusterPolicy } from './cluster-policy';
import { ClusterSize, pinnedClusterSpec } from './cluster-size';
import { ManagedCluster } from './managed-cluster';
import { ObjectPermissions, PermissionLevel } from './object-permissions';
import { IGrantable } from './grantable';
import { Principal } from './principal';
import { quartzCronProblems } from './quartz-cron';
import { timeZoneProblem } from './time-zone';
import { IDENTITY_TAG } from './vocabulary';

/** Where a job's tasks run: an existing all-purpose cluster, or a fresh job cluster per run. */
export type JobCompute =
  | { readonly cluster: ManagedCluster }
  | { readonly jobCluster: ClusterSize & { readonly policy: ClusterPolicy } };

/** A schedule in Quartz cron syntax. */
export interface JobSchedule {
  /** Quartz cron expression (seconds first), e.g. `0 0 2 * * ?`. */
  readonly cron: string;
  /** @default 'UTC' */
  readonly timezone?: string;
  /** @default false */
  readonly paused?: boolean;
}

/** Who hears about failed runs. */
export interface JobNotifications {
  /** @default [] */
  readonly emails?: readonly string[];
  /** Ids of Databricks notification destinations (Slack, Teams, webhooks). @default [] */
  readonly destinationIds?: readonly string[];
}

/** One notebook task. Tasks run in the order given, each after the previous one succeeded. */
export interface NotebookTaskProps {
  /** Task key, unique in the job. */
  readonly taskKey: string;
  /** Absolute workspace path of the notebook. */
  readonly notebookPath: string;
  /** @default {} */
  readonly parameters?: Readonly<Record<string, string>>;
}

/** Props of {@link NotebookJob}. */
export interface NotebookJobProps {
  /** Full job name, including the environment prefix (e.g. `Prod – ingest-orders`). */
  readonly jobName: string;
  /** The notebooks to run, in order (at least one). */
  readonly tasks: readonly NotebookTaskProps[];
  readonly compute: JobCompute;
  /** @default - unscheduled: runs only when triggered */
  readonly schedule?: JobSchedule;
  /** @default 0 */
  readonly maxRetries?: number;
  /** @default 60000 */
  readonly minRetryIntervalMillis?: number;
  /** @default 14400 (4 hours) */
  readonly timeoutSeconds?: number;
  /** @default 1 */
  readonly maxConcurrentRuns?: number;
  /** @default - nobody is notified */
  readonly notifications?: JobNotifications;
  /** Health rule: flag runs that take longer than this. @default - no health rule */
  readonly runDurationWarningSeconds?: number;
  /** Identity the job runs as (a service principal in staging and prod). @default - the deploying identity */
  readonly runAs?: Principal;
  /** @default {} */
  readonly tags?: Readonly<Record<string, string>>;
}

const JOB_CLUSTER_KEY = 'main';

/** Fails on a cron expression or time zone Databricks would refuse at apply (unresolved tokens pass). */
export function checkSchedule(where: string, schedule: JobSchedule): void {
  if (!Token.isUnresolved(schedule.cron)) {
    const problems = quartzCronProblems(schedule.cron);
    if (problems.length > 0) {
      throw new Error(
        `${where}: schedule.cron ${JSON.stringify(schedule.cron)} is not a Quartz cron expression Databricks accepts (${problems.join('; ')}); write seconds first, e.g. "0 0 2 * * ?"`,
      );
    }
  }
  const zone = schedule.timezone ?? 'UTC';
  const problem = Token.isUnresolved(zone) ? undefined : timeZoneProblem(zone);
  if (problem) throw new Error(`${where}: schedule.timezone: ${problem}`);
}

/**
 * A Databricks job (`databricks_job`) of notebook tasks with the operational settings the
 * blueprint asks for: schedule, retries, timeout, bounded concurrency, failure notifications by
 * e-mail and destination, a run-duration health rule, run-as identity, tags and permissions.
 * The building block of {@link WorkflowJob}, {@link SmokeTestJob} and the DR and scan jobs.
 */
export class NotebookJob extends Construct implements IGrantable<PermissionLevel<'job'>> {
  readonly jobId: string;
  readonly jobName: string;
  /** Link to the job in the workspace UI. */
  readonly url: string;
  readonly resource: Job;
  private readonly permissions: ObjectPermissions<'job'>;

  constructor(scope: Construct, id: string, props: NotebookJobProps) {
    super(scope, id);
    const { timeoutSeconds, maxConcurrentRuns } = this.validate(props);
    const jobClusters = this.jobClusters(props);
    this.jobName = props.jobName;
    this.resource = new Job(this, 'Resource', {
      name: props.jobName,
      maxConcurrentRuns,
      timeoutSeconds,
      // The identity of the job (see IDENTITY_TAG); the child id 'Resource' is fixed API.
      tags: { ...(props.tags ?? {}), [IDENTITY_TAG]: `${this.node.path}/Resource` },
      queue: { enabled: true },
      ...(jobClusters.length > 0 ? { jobCluster: jobClusters } : {}),
      task: this.tasks(props),
      ...scheduleConfig(props.schedule),
      ...notificationConfig(props.notifications, props.runDurationWarningSeconds),
      ...runAsConfig(props.runAs),
      // The cluster's init script and lock exist before the job can start a run with them. Files of
      // another stack (a partitioned environment's core) exist first by stack order: Terraform takes
      // no depends_on across states.
      dependsOn: computePolicy(props.compute).pinnedEnvironment.files.filter(
        (file) => TerraformStack.of(file) === TerraformStack.of(this),
      ),
    });
    this.jobId = this.resource.id;
    this.url = this.resource.url;
    this.permissions = new ObjectPermissions(this, 'Permissions', { kind: 'job', objectId: this.jobId });
  }

  /** Checks the props; returns the timeout and concurrency with their defaults. */
  private validate(props: NotebookJobProps): { timeoutSeconds: number; maxConcurrentRuns: number } {
    const where = this.node.path;
    if (props.tasks.length === 0) throw new Error(`${where}: a job needs at least one task`);
    const keys = new Set(props.tasks.map((t) => t.taskKey));
    if (keys.size !== props.tasks.length) throw new Error(`${where}: task keys must be unique`);
    const timeout = props.timeoutSeconds ?? 4 * 3600;
    const maxConcurrentRuns = props.maxConcurrentRuns ?? 1;
    const known = (n: number | undefined) => n !== undefined && !Token.isUnresolved(n);
    if (
      known(maxConcurrentRuns) &&
      (!Number.isInteger(maxConcurrentRuns) || maxConcurrentRuns < 1 || maxConcurrentRuns > 1000)
    ) {
      throw new Error(
        `${where}: maxConcurrentRuns must be a whole number from 1 to 1000, found ${maxConcurrentRuns}`,
      );
    }
    if (known(timeout) && (!Number.isInteger(timeout) || timeout < 1)) {
      throw new Error(`${where}: timeoutSeconds must be a positive whole number, found ${timeout}`);
    }
    if (props.runAs && props.runAs.kind === 'group') throw new Error(`${where}: a job cannot run as a group`);
    if (props.schedule) checkSchedule(where, props.schedule);
    const warn = props.runDurationWarningSeconds;
    if (known(warn) && known(timeout) && (!Number.isInteger(warn) || warn! < 1 || warn! >= timeout)) {
      throw new Error(
        `${where}: runDurationWarningSeconds must be below the timeout (${timeout}), found ${warn}`,
      );
    }
    return { timeoutSeconds: timeout, maxConcurrentRuns };
  }

  /** The shared job cluster, when the job runs on one. */
  private jobClusters(props: NotebookJobProps): JobJobCluster[] {
    if (!('jobCluster' in props.compute)) return [];
    const { jobCluster } = props.compute;
    return [
      {
        jobClusterKey: JOB_CLUSTER_KEY,
        // Dedicated to the run-as identity (Databricks assigns it when no run-as is given).
        newCluster: pinnedClusterSpec(
          this.node.path,
          jobCluster.policy,
          jobCluster,
          { ...(props.tags ?? {}) },
          props.runAs,
        ),
      },
    ];
  }

  /**
   * One notebook task per notebook, each depending on the previous one; listed in task_key order,
   * as the provider reads them back (else every plan shows a reorder).
   */
  private tasks(props: NotebookJobProps): JobTask[] {
    const onCluster = 'cluster' in props.compute ? props.compute.cluster : undefined;
    const tasks: JobTask[] = props.tasks.map((t, i) => ({
      taskKey: t.taskKey,
      ...(onCluster ? { existingClusterId: onCluster.clusterId } : { jobClusterKey: JOB_CLUSTER_KEY }),
      notebookTask: {
        notebookPath: t.notebookPath,
        source: 'WORKSPACE',
        ...(t.parameters && Object.keys(t.parameters).length > 0
          ? { baseParameters: { ...t.parameters } }
          : {}),
      },
      maxRetries: props.maxRetries ?? 0,
      minRetryIntervalMillis: props.minRetryIntervalMillis ?? 60_000,
      ...(i > 0 ? { dependsOn: [{ taskKey: props.tasks[i - 1].taskKey }] } : {}),
    }));
    return tasks.sort((a, b) => (a.taskKey < b.taskKey ? -1 : a.taskKey > b.taskKey ? 1 : 0));
  }

  /** Grants CAN_VIEW, CAN_MANAGE_RUN or CAN_MANAGE on the job. */
  grant(principal: Principal, level: PermissionLevel<'job'>): void {
    this.permissions.grant(principal, level);
  }

  /** Lets a principal see the job and its runs (CAN_VIEW). */
  grantView(principal: Principal): void {
    this.grant(principal, 'CAN_VIEW');
  }

  /** Lets a principal trigger and cancel runs (CAN_MANAGE_RUN). */
  grantRun(principal: Principal): void {
    this.grant(principal, 'CAN_MANAGE_RUN');
  }

  /** Lets a principal change and delete the job (CAN_MANAGE). */
  grantManage(principal: Principal): void {
    this.grant(principal, 'CAN_MANAGE');
  }
}

/** The cluster policy of a job's compute: the job cluster's, or the all-purpose cluster's. */
function computePolicy(compute: JobCompute): ClusterPolicy {
  return 'cluster' in compute ? compute.cluster.policy : compute.jobCluster.policy;
}

/** A job's `schedule` block, or nothing for an unscheduled job. */
export function scheduleConfig(schedule: JobSchedule | undefined): Partial<JobConfig> {
  if (!schedule) return {};
  return {
    schedule: {
      quartzCronExpression: schedule.cron,
      timezoneId: schedule.timezone ?? 'UTC',
      pauseStatus: schedule.paused ? 'PAUSED' : 'UNPAUSED',
    },
  };
}

/** Failure (and run-duration) notifications by e-mail and destination, and the health rule. */
export function notificationConfig(
  notifications: JobNotifications | undefined,
  warn: number | undefined,
): Partial<JobConfig> {
  const emails = [...(notifications?.emails ?? [])];
  const destinations = (notifications?.destinationIds ?? []).map((destinationId) => ({ id: destinationId }));
  return {
    ...(emails.length > 0
      ? {
          emailNotifications: {
            onFailure: emails,
            ...(warn !== undefined ? { onDurationWarningThresholdExceeded: emails } : {}),
          },
        }
      : {}),
    ...(destinations.length > 0
      ? {
          webhookNotifications: {
            onFailure: destinations,
            ...(warn !== undefined ? { onDurationWarningThresholdExceeded: destinations } : {}),
          },
        }
      : {}),
    ...(warn !== undefined
      ? { health: { rules: [{ metric: 'RUN_DURATION_SECONDS', op: 'GREATER_THAN', value: warn }] } }
      : {}),
  };
}

/** A job's `run_as` block, or nothing to run as the deploying identity. */
export function runAsConfig(runAs: Principal | undefined): Partial<JobConfig> {
  if (!runAs) return {};
  return {
    runAs:
      runAs.kind === 'servicePrincipal' ? { servicePrincipalName: runAs.name } : { userName: runAs.name },
  };
}
