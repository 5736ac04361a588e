import * as path from 'node:path';
import { TerraformLocal, TerraformOutput, TerraformStack } from 'cdktf';
import { Construct, IConstruct } from 'constructs';
import { BackupJob } from '../lib/backup-job';
import { ClusterPolicy } from '../lib/cluster-policy';
import {
  DATA_QUALITY_ASSET,
  DataQualityNotebook,
  DataQualityTaskProps,
  TableChecks,
} from '../lib/data-quality';
import { ConfigFields, programDefault } from './config-fields';
import { gitFolderPath, workspaceFolderPath } from './environment-paths';
import { AccessSpec, EnvironmentSpec, GroupRole, ProjectSpec, WorkflowSpec } from './workspace-spec';
import { PROTECTED_RESOURCES_OUTPUT } from './protected-kinds';
import { configureBackend, configureProvider } from './stack-foundation';
import { isPartitioned, workflowsByGroup } from './partition-layout';
import { ProtectedAddresses, protectKinds } from './kind-protection';
import { JobHealthMonitoring } from '../lib/job-health-monitoring';
import { ManagedCluster } from '../lib/managed-cluster';
import { defaultMaxHoursSinceSuccess, WorkflowSlo } from '../lib/slo';
import { JobCompute, JobNotifications, JobSchedule, NotebookJob } from '../lib/notebook-job';
import { PinnedEnvironment } from '../lib/pinned-environment';
import { recordSettingOrigins, WHOLE } from '../lib/policy/setting-origin';
import { protect } from '../lib/protection';
import { Principal } from '../lib/principal';
import { RepoMount } from '../lib/repo-mount';
import { Flavor, flavorFiles } from '../lib/requirements/flavor';
import type { AccessMode } from '../lib/vocabulary';
import { SecretScope } from '../lib/secret-scope';
import { SecurityScanJob } from '../lib/security-scan-job';
import { SmokeTestJob } from '../lib/smoke-test-job';
import { UnityCatalogExportJob } from '../lib/unity-catalog-export-job';
import { WorkflowJob } from '../lib/workflow-job';
import { WorkspaceFolder } from '../lib/workspace-folder';
import { BUILT_IN_JOB_KEYS, SECURITY_SCAN_JOB_KEY_PREFIX } from '../lib/vocabulary';

export { PROVIDER_VERSION_CONSTRAINT } from './stack-foundation';

/** What was deployed: recorded once per stack, in outputs (never in resource tags). */
export interface DeploymentRecord {
  /** Commit of this program that was synthesized. */
  readonly gitSha: string;
  /** Branch or tag of this program. */
  readonly gitRef: string;
  /** URL of the repository `gitSha` belongs to (its origin). @default - unknown: nothing is pinned */
  readonly repositoryUrl?: string;
}

/**
 * The commit the environment's Git folder must run after apply: the commit the config was planned
 * from, when that commit belongs to the repository the Git folder mounts (config kept in the data
 * repository, as `npm run new-project` lays it out), on the ref the folder tracks, from a clean
 * checkout. Otherwise (config in another repository, a feature branch deployed to dev, a dirty tree,
 * an unknown commit) nothing is pinned.
 */
export function plannedCommit(
  deployment: DeploymentRecord | undefined,
  git: { readonly url: string; readonly branch?: string; readonly tag?: string },
): string | undefined {
  if (!deployment?.repositoryUrl || !/^[0-9a-f]{40}$/.test(deployment.gitSha)) return undefined;
  if (sameRepository(deployment.repositoryUrl, git.url) && deployment.gitRef === (git.branch ?? git.tag)) {
    return deployment.gitSha;
  }
  return undefined;
}

/** True when two Git URLs name one repository (https or ssh form, `.git` suffix, case of the host). */
export function sameRepository(a: string, b: string): boolean {
  const norm = (u: string) =>
    u
      .trim()
      .replace(/^git@([^:]+):/, 'https://$1/')
      .replace(/^ssh:\/\/git@/, 'https://')
      .replace(/\/+$/, '')
      .replace(/\.git$/, '')
      .toLowerCase();
  return norm(a) === norm(b);
}

/** The program's own files a stack uploads besides the config (the program passes its own). */
export interface StackAssets {
  /**
   * Folder of the ops notebooks, `<name>.py` each: `backup_delta_tables`, `export_unity_catalog`,
   * `security_scan` and `data_quality`.
   */
  readonly notebooksDir: string;
  /** Path of the pinned environments' init-script template. */
  readonly initScriptTemplate: string;
}

/** Props of {@link WorkspaceStack}. */
export interface WorkspaceStackProps {
  readonly project: ProjectSpec;
  readonly environment: EnvironmentSpec;
  readonly assets: StackAssets;
  /** @default - recorded as `unknown` */
  readonly deployment?: DeploymentRecord;
  /**
   * Overrides the environment's workspace host (e.g. the local emulator for every environment).
   * @default - the host in the environment's config
   */
  readonly workspaceHost?: string;
  /** Provider retry timeout; keep it low in tests so nothing hangs. @default - the provider's default */
  readonly retryTimeoutSeconds?: number;
  /**
   * Absolute path of the local backend's state file (local backend only).
   * @default - the config's `stateBackend.path`, else `.state/<env>.tfstate` in the project
   */
  readonly localStateFile?: string;
  /**
   * The folder this stack is synthesized into, to write the local state path relative to it.
   * @default 'cdktf.out/stacks/<env>'
   */
  readonly stackOutdir?: string;
  /**
   * Terraform addresses whose protection this synth lifts (no `prevent_destroy`, no `removed`
   * block): the `--allow-destroy` of a deploy, `DEVOPS_ALLOW_DESTROY` for `cdktf deploy`.
   * @default []
   */
  readonly allowDestroy?: readonly string[];
  /**
   * The environment's entry of the protected-resources ledger: protected addresses of earlier
   * synths, so that one dropped from code is forgotten by Terraform, not deleted.
   * @default {}
   */
  readonly formerlyProtected?: ProtectedAddresses;
}

type Levels = Required<AccessSpec>;

/** The principals of one environment's RBAC. */
interface Rbac {
  /** The admins group: CAN_MANAGE on everything. */
  readonly admins: Principal;
  /** The identity jobs run as. */
  readonly runAs?: Principal;
  /** Every other role that has a group, with its configured levels. */
  readonly roles: ReadonlyArray<{
    readonly role: GroupRole;
    readonly principal: Principal;
    readonly levels: AccessSpec;
  }>;
}

type Schedule = { readonly cron: string; readonly timezone: string } | undefined;

/**
 * One environment (dev, staging, prod, ...) of the project as a Terraform stack: provider and
 * state backend, the environment's Git folder at its ref, pinned environments and policies per
 * flavor, clusters, one job per workflow notebook, the smoke job, the secret scope, the DR and
 * security jobs, and every grant of the environment's RBAC.
 */
export class WorkspaceStack extends TerraformStack {
  readonly repoMount: RepoMount;
  readonly folder: WorkspaceFolder;
  readonly pinnedEnvironments = new Map<Flavor, PinnedEnvironment>();
  readonly policies = new Map<Flavor, ClusterPolicy>();
  readonly clusters = new Map<string, ManagedCluster>();
  readonly workflowJobs = new Map<string, WorkflowJob>();
  readonly smokeTestJob: SmokeTestJob;
  /** The data-quality notebook, when a workflow declares output checks. */
  readonly dataQuality?: DataQualityNotebook;
  readonly secretScope: SecretScope;
  readonly backupJob: BackupJob;
  readonly unityCatalogExportJob: UnityCatalogExportJob;
  readonly securityScanJobs = new Map<Flavor, SecurityScanJob>();
  /** Job-health dashboard and SLO alerts, unless the project turns observability off. */
  readonly monitoring?: JobHealthMonitoring;
  private protectedAddresses: ProtectedAddresses = {};
  /** Standard tags of every cluster and job. */
  readonly tags: Readonly<Record<string, string>>;
  private readonly project: ProjectSpec;
  private readonly env: EnvironmentSpec;
  /** `<project>-<env>`: the name of the environment's policies, clusters and secret scope. */
  private readonly baseName: string;
  private readonly rbac: Rbac;
  private readonly deployment?: DeploymentRecord;
  private readonly assets: StackAssets;
  /** The config fields the stack's settings come from, for policy findings. */
  private readonly fields: ConfigFields;

  constructor(scope: Construct, id: string, props: WorkspaceStackProps) {
    super(scope, id);
    this.project = props.project;
    this.env = props.environment;
    this.deployment = props.deployment;
    this.assets = props.assets;
    this.baseName = `${this.project.project.name}-${this.env.name}`;
    this.fields = new ConfigFields(this.project.file, this.env.file);
    // Construction order is synthesis order: keep it.
    configureProvider(this, props);
    configureBackend(this, props, props.environment.name);
    this.tags = this.standardTags();
    this.rbac = this.principals();
    this.recordSharedOrigins(this);
    this.folder = this.addFolder();
    this.repoMount = this.addRepoMount();
    const flavors = this.flavorsInUse();
    this.addPinnedEnvironmentsAndPolicies(flavors);
    this.addClusters();
    this.dataQuality = this.addDataQualityNotebook();
    this.addWorkflowJobs();
    this.smokeTestJob = this.addSmokeTestJob();
    this.secretScope = this.addSecretScope();
    this.backupJob = this.addBackupJob();
    this.unityCatalogExportJob = this.addUnityCatalogExportJob();
    this.addSecurityScanJobs(flavors);
    // Partitioned, the monitoring refers to the jobs of every group: it gets a stack of its own (addMonitoringTo).
    this.monitoring = isPartitioned(this.env) ? undefined : this.addMonitoringTo(this);
    this.markProtectedKinds(props);
    this.addOutputs(this.deployment ?? { gitSha: 'unknown', gitRef: 'unknown' }, this.env);
  }

  /**
   * Carries the environment's protection into Terraform (see {@link protectKinds}), and records the
   * protected addresses per kind in the `protected_resources` output, which the plan's destroy
   * guard reads from the last apply's state once the code no longer defines a resource.
   */
  private markProtectedKinds(props: WorkspaceStackProps): void {
    if (this.env.protected.length === 0) return;
    this.protectedAddresses = protectKinds(this, {
      kinds: this.env.protected,
      allowDestroy: props.allowDestroy,
      formerlyProtected: props.formerlyProtected,
    });
    new TerraformOutput(this, PROTECTED_RESOURCES_OUTPUT, {
      value: this.protectedAddresses,
      description: 'Protected resources by kind (the destroy guard reads it from the state)',
    });
  }

  /** The protected resources' addresses per kind (empty when the environment protects nothing). */
  get protectedResources(): ProtectedAddresses {
    return this.protectedAddresses;
  }

  /** The kinds the environment protects (its `protected` list). */
  get protectedKinds(): EnvironmentSpec['protected'] {
    return this.env.protected;
  }

  private isProtected(kind: EnvironmentSpec['protected'][number]): boolean {
    return this.env.protected.includes(kind);
  }

  private standardTags(): Readonly<Record<string, string>> {
    const { project } = this.project;
    return {
      ...project.tags,
      project: project.name,
      environment: this.env.name,
      cost_centre: project.costCentre,
      managed_by: 'cdktf',
    };
  }

  /** The principals of this environment's RBAC. */
  private principals(): Rbac {
    const { groups } = this.project;
    const { runAs } = this.env;
    return {
      admins: Principal.group(groups.admins),
      runAs: runAs?.servicePrincipal
        ? Principal.servicePrincipal(runAs.servicePrincipal)
        : runAs?.userName
          ? Principal.user(runAs.userName)
          : undefined,
      roles: (Object.entries(this.env.access) as Array<[GroupRole, AccessSpec]>)
        .filter(([role]) => role !== 'admins' && groups[role] !== undefined)
        .map(([role, levels]) => ({ role, principal: Principal.group(groups[role]!), levels })),
    };
  }

  /**
   * Grants each role its configured level of one object kind (roles without one get nothing), and
   * records on `target` that the grant comes from `access.<role>.<kind>` of the environment's file.
   */
  private grantRoles<K extends keyof Levels>(
    kind: K,
    target: IConstruct,
    grant: (p: Principal, level: Levels[K]) => void,
  ): void {
    // A secret scope has one ACL resource per principal; other objects one access control list.
    const setting = kind === 'secrets' ? 'principal' : 'access_control';
    for (const { role, principal, levels } of this.rbac.roles) {
      const level = levels[kind];
      if (!level) continue;
      grant(principal, level as Levels[K]);
      recordSettingOrigins(target, {
        [`${setting}.${principal.name}`]: this.fields.environment('access', role, kind),
      });
    }
  }

  /** The field the environment's run-as comes from (`runAs`, to set, when it has none). */
  private runAsField(): string {
    const { runAs } = this.env;
    if (runAs?.servicePrincipal) return this.fields.environment('runAs', 'servicePrincipal');
    if (runAs?.userName) return this.fields.environment('runAs', 'userName');
    return this.fields.environment('runAs');
  }

  /**
   * Origins of the settings every job and cluster of the environment shares (see
   * lib/policy/setting-origin.ts), recorded on `scope`: this stack, or a stack of a partitioned
   * environment the jobs are built into; a construct records its own on top.
   */
  private recordSharedOrigins(scope: IConstruct): void {
    const f = this.fields;
    recordSettingOrigins(scope, {
      [WHOLE]: programDefault(`what the program builds in every environment (${this.env.name})`),
      run_as: this.runAsField(),
      email_notifications: f.project('notifications', 'emails'),
      webhook_notifications: f.project('notifications', 'slackDestinationId'),
      max_concurrent_runs: f.environment('maxConcurrentRuns'),
      tags: f.project('project'),
      custom_tags: f.project('project'),
      job_cluster: f.environment('jobCluster'),
      'job_cluster.new_cluster.data_security_mode': f.environment('jobCluster', 'accessMode'),
      'job_cluster.new_cluster.custom_tags': f.project('project'),
    });
  }

  private addFolder(): WorkspaceFolder {
    const { admins, runAs, roles } = this.rbac;
    const folder = new WorkspaceFolder(this, 'Folder', {
      path: workspaceFolderPath(this.project, this.env),
    });
    folder.grant(admins, 'CAN_MANAGE');
    if (runAs) folder.grant(runAs, 'CAN_READ');
    for (const { principal } of roles) folder.grant(principal, 'CAN_READ');
    return folder;
  }

  private addRepoMount(): RepoMount {
    const { admins, runAs } = this.rbac;
    const repoMount = new RepoMount(this, 'RepoMount', {
      url: this.project.git.url,
      gitProvider: this.project.git.provider,
      path: gitFolderPath(this.project, this.env),
      branch: this.env.git.branch,
      tag: this.env.git.tag,
      protected: this.isProtected('repoMount'),
      commit: plannedCommit(this.deployment, { url: this.project.git.url, ...this.env.git }),
    });
    repoMount.grant(admins, 'CAN_MANAGE');
    if (runAs) repoMount.grant(runAs, 'CAN_RUN');
    this.grantRoles('repo', repoMount, (p, level) => repoMount.grant(p, level));
    return repoMount;
  }

  /** The flavors the environment's clusters and job cluster use, sorted. */
  private flavorsInUse(): Flavor[] {
    const { clusters, jobCluster } = this.env;
    return [...new Set<Flavor>([...clusters.map((c) => c.flavor), jobCluster.flavor])].sort();
  }

  /** One pinned environment and policy per flavor in use. */
  private addPinnedEnvironmentsAndPolicies(flavors: readonly Flavor[]): void {
    const { admins, runAs } = this.rbac;
    const pinned = new Construct(this, 'Pinned');
    const policies = new Construct(this, 'Policies');
    for (const flavor of flavors) {
      const pinnedEnv = new PinnedEnvironment(pinned, flavor, {
        flavor,
        requirements: flavorFiles(this.project.requirementsDir, flavor),
        initScriptTemplate: this.assets.initScriptTemplate,
        folder: this.folder,
        containerImage: this.project.requirements.containerImages[flavor],
      });
      recordSettingOrigins(pinnedEnv, {
        [WHOLE]: programDefault(
          `the ${flavor} lock of the requirements folder, which this environment's ${flavor} clusters install`,
        ),
      });
      this.pinnedEnvironments.set(flavor, pinnedEnv);
      const policy = new ClusterPolicy(policies, flavor, {
        policyName: `${this.baseName}-${flavor}`,
        pinnedEnvironment: pinnedEnv,
        allowedNodeTypes: this.env.policy.allowedNodeTypes,
        maxWorkers: this.env.policy.maxWorkers,
        maxAutoterminationMinutes: this.env.policy.maxAutoterminationMinutes,
        dataSecurityMode: this.accessModeOf(flavor),
        requiredTags: {
          project: this.tags.project,
          environment: this.tags.environment,
          cost_centre: this.tags.cost_centre,
        },
      });
      policy.grant(admins);
      if (runAs) policy.grant(runAs);
      this.grantRoles('clusterPolicies', policy, (p, level) => policy.grant(p, level));
      this.policies.set(flavor, policy);
    }
  }

  /** The one access mode of the flavor's clusters: its policy fixes it. */
  private accessModeOf(flavor: Flavor): AccessMode {
    const shapes = [...this.env.clusters, this.env.jobCluster].filter((c) => c.flavor === flavor);
    const modes = [...new Set(shapes.map((c) => c.accessMode))];
    if (modes.length > 1) {
      throw new Error(
        `${this.node.path}: the ${flavor} clusters ask for different access modes (${modes.join(', ')}); one policy per flavor fixes one mode`,
      );
    }
    return modes[0];
  }

  private addClusters(): void {
    const { admins, runAs } = this.rbac;
    const clusters = new Construct(this, 'Clusters');
    for (const [i, c] of this.env.clusters.entries()) {
      const singleUser = c.singleUserName ? userOrServicePrincipal(c.singleUserName) : runAs;
      if (!singleUser) {
        throw new Error(
          `${this.node.path}: cluster ${c.name} is dedicated (SINGLE_USER) and needs singleUserName or the environment's runAs`,
        );
      }
      // The init script runs as the cluster's user: it reads the pinned files in the folder.
      if (singleUser !== runAs) this.folder.grant(singleUser, 'CAN_READ');
      const cluster = new ManagedCluster(clusters, c.name, {
        clusterName: `${this.baseName}-${c.name}`,
        policy: this.policies.get(c.flavor)!,
        nodeTypeId: c.nodeTypeId,
        numWorkers: c.numWorkers,
        autoscale: c.autoscale,
        autoterminationMinutes: c.autoterminationMinutes,
        tags: this.tags,
        singleUser,
      });
      recordSettingOrigins(cluster, {
        [WHOLE]: this.fields.environment('clusters', i),
        autotermination_minutes: this.fields.environment('clusters', i, 'autoterminationMinutes'),
        data_security_mode: this.fields.environment('clusters', i, 'accessMode'),
        single_user_name: c.singleUserName
          ? this.fields.environment('clusters', i, 'singleUserName')
          : this.runAsField(),
      });
      if (this.isProtected('clusters')) protect(cluster.resource);
      cluster.grant(admins, 'CAN_MANAGE');
      if (runAs) cluster.grant(runAs, 'CAN_RESTART');
      if (singleUser !== runAs) cluster.grant(singleUser, 'CAN_RESTART');
      this.grantRoles('clusters', cluster, (p, level) => cluster.grant(p, level));
      this.clusters.set(c.name, cluster);
    }
  }

  /** A fresh job cluster per run, under the flavor's policy. */
  private jobCompute(flavor: Flavor = this.env.jobCluster.flavor): JobCompute {
    const { jobCluster } = this.env;
    return {
      jobCluster: {
        policy: this.policies.get(flavor)!,
        nodeTypeId: jobCluster.nodeTypeId,
        numWorkers: jobCluster.numWorkers,
        autoscale: jobCluster.autoscale,
      },
    };
  }

  /** Props every job of the environment shares. */
  private jobDefaults() {
    const { notifications } = this.project;
    const jobNotifications: JobNotifications = {
      emails: notifications.emails,
      destinationIds: notifications.slackDestinationId ? [notifications.slackDestinationId] : [],
    };
    return {
      notifications: jobNotifications,
      runAs: this.rbac.runAs,
      tags: this.tags,
      maxConcurrentRuns: this.env.maxConcurrentRuns,
    };
  }

  /** Props the DR and security jobs share: uploaded notebooks in the folder, on a job cluster. */
  private opsJobDefaults(notebookName: string) {
    return {
      ...this.jobDefaults(),
      folder: this.folder,
      compute: this.jobCompute(),
      notebookFile: this.opsNotebook(notebookName),
    };
  }

  /** The source file of one of the program's ops notebooks. */
  private opsNotebook(name: string): string {
    return path.join(this.assets.notebooksDir, `${name}.py`);
  }

  /** A job schedule, paused as the environment says unless `paused` is given. */
  private schedule(s: Schedule, paused?: boolean): JobSchedule | undefined {
    return s && { cron: s.cron, timezone: s.timezone, paused: paused ?? this.env.schedulesPaused };
  }

  /** The job name of a key: `<jobNamePrefix><key>`. */
  private jobName(key: string): string {
    return `${this.env.jobNamePrefix}${key}`;
  }

  private grantJob(job: IConstruct & { grant: NotebookJob['grant'] }): void {
    job.grant(this.rbac.admins, 'CAN_MANAGE');
    this.grantRoles('jobs', job, (p, level) => job.grant(p, level));
  }

  /** Every declared output table of every workflow. */
  private allOutputs(): TableChecks[] {
    return this.project.workflows.flatMap((w) => w.outputs ?? []);
  }

  /** The data-quality notebook, uploaded when some workflow declares output checks. */
  private addDataQualityNotebook(): DataQualityNotebook | undefined {
    if (this.allOutputs().length === 0) return undefined;
    return new DataQualityNotebook(this, 'DataQuality', {
      folder: this.folder,
      notebookFile: this.opsNotebook(DATA_QUALITY_ASSET),
    });
  }

  /** The data-quality task of a job checking `outputs`. */
  private dataQualityTask(outputs: readonly TableChecks[] = []): DataQualityTaskProps | undefined {
    return this.dataQuality && { notebook: this.dataQuality, outputs };
  }

  /** One job per workflow notebook of this stack: all of them, or the ungrouped ones when partitioned. */
  private addWorkflowJobs(): void {
    this.addWorkflowJobsTo(this, workflowsByGroup(this.project, this.env).get(undefined) ?? []);
  }

  /**
   * One job per workflow, with its permissions, under `scope`'s `Jobs` namespace (the construct ids
   * of the unpartitioned layout, so a job keeps its Terraform address wherever it lives): this
   * stack for its own workflows, a {@link WorkflowGroupStack} for a group's, whose jobs then refer to
   * this stack's Git folder, policies and clusters through cdktf cross-stack references.
   * @returns the jobs added, by workflow name (also kept in {@link workflowJobs})
   */
  addWorkflowJobsTo(scope: Construct, workflows: readonly WorkflowSpec[]): Map<string, WorkflowJob> {
    if (scope !== this) this.recordSharedOrigins(scope);
    const jobs = new Construct(scope, 'Jobs');
    const added = new Map<string, WorkflowJob>();
    for (const w of workflows) {
      const i = this.project.workflows.indexOf(w);
      const override = this.env.workflows[w.name] ?? {};
      const job = new WorkflowJob(jobs, w.name, {
        ...this.jobDefaults(),
        jobName: this.jobName(w.name),
        repoMount: this.repoMount,
        notebook: w.notebook,
        parameters: this.env.values.workflowParameters[w.name] ?? w.parameters,
        compute: w.compute === 'job-cluster' ? this.jobCompute() : { cluster: this.clusters.get(w.compute)! },
        schedule: this.schedule(override.schedule ?? w.schedule, override.paused),
        maxRetries: w.maxRetries,
        minRetryIntervalMillis: w.minRetryIntervalMillis,
        timeoutSeconds: w.timeoutSeconds,
        runDurationWarningSeconds: w.runDurationWarningSeconds ?? Math.floor(w.timeoutSeconds / 2),
        maxConcurrentRuns: override.maxConcurrentRuns ?? this.env.maxConcurrentRuns,
        dataQuality: this.dataQualityTask(w.outputs),
      });
      this.recordWorkflowOrigins(job, i);
      if (this.isProtected('jobs')) protect(job.resource);
      this.grantJob(job);
      this.workflowJobs.set(w.name, job);
      added.set(w.name, job);
    }
    return added;
  }

  /** Where a workflow job's settings come from: project.yaml's `workflows[i]`, or the environment's override. */
  private recordWorkflowOrigins(job: WorkflowJob, i: number): void {
    const w = this.project.workflows[i];
    const override = this.env.workflows[w.name] ?? {};
    const f = this.fields;
    const parameters = this.env.values.workflowParameters[w.name] ?? w.parameters;
    recordSettingOrigins(job, {
      [WHOLE]: f.project('workflows', i),
      'task.notebook_task.notebook_path': f.project('workflows', i, 'notebook'),
      ...(override.maxConcurrentRuns !== undefined
        ? { max_concurrent_runs: f.environment('workflows', w.name, 'maxConcurrentRuns') }
        : {}),
      ...Object.fromEntries(
        Object.keys(parameters).map((k) => [
          `task.notebook_task.base_parameters.${k}`,
          f.overridden(
            override.parameters !== undefined,
            ['workflows', w.name, 'parameters', k],
            ['workflows', i, 'parameters', k],
          ),
        ]),
      ),
    });
  }

  private addSmokeTestJob(): SmokeTestJob {
    const job = new SmokeTestJob(this, 'SmokeTests', {
      ...this.jobDefaults(),
      jobName: this.jobName(BUILT_IN_JOB_KEYS.smokeTests),
      repoMount: this.repoMount,
      notebooks: this.project.smokeTests.notebooks,
      compute: this.jobCompute(),
      timeoutSeconds: this.project.smokeTests.timeoutSeconds,
      dataQuality: this.dataQualityTask(this.allOutputs()),
    });
    recordSettingOrigins(job, { [WHOLE]: this.fields.project('smokeTests') });
    this.grantJob(job);
    return job;
  }

  private addSecretScope(): SecretScope {
    const { admins, runAs } = this.rbac;
    const secretScope = new SecretScope(this, 'Secrets', {
      scopeName: this.baseName,
      protected: this.isProtected('secretScope'),
    });
    secretScope.grantManage(admins);
    if (runAs) secretScope.grantRead(runAs);
    recordSettingOrigins(secretScope, {
      [WHOLE]: programDefault(`the secret scope ${this.baseName} of every environment`),
      [`principal.${admins.name}`]: this.fields.project('groups', 'admins'),
      ...(runAs ? { [`principal.${runAs.name}`]: this.runAsField() } : {}),
    });
    this.grantRoles('secrets', secretScope, (p, level) => secretScope.grant(p, level));
    return secretScope;
  }

  private addBackupJob(): BackupJob {
    const { backup } = this.env.values;
    const job = new BackupJob(this, 'Backup', {
      ...this.opsJobDefaults(BackupJob.NOTEBOOK_NAME),
      jobName: this.jobName(BUILT_IN_JOB_KEYS.backup),
      tables: backup.tables,
      targetCatalog: backup.targetCatalog,
      location: backup.location,
      schedule: this.schedule(backup.schedule),
      maxRetries: 2,
      protected: this.isProtected('backupJob'),
    });
    const { data } = this.env;
    recordSettingOrigins(job, {
      [WHOLE]: this.fields.project('backup'),
      'task.notebook_task.base_parameters.target_catalog': this.fields.overridden(
        data.backupTargetCatalog !== undefined,
        ['data', 'backupTargetCatalog'],
        ['backup', 'targetCatalog'],
      ),
      'task.notebook_task.base_parameters.location': this.fields.overridden(
        data.backupLocation !== undefined,
        ['data', 'backupLocation'],
        ['backup', 'location'],
      ),
    });
    this.grantJob(job);
    return job;
  }

  private addUnityCatalogExportJob(): UnityCatalogExportJob {
    const { unityCatalogExport } = this.env.values;
    const job = new UnityCatalogExportJob(this, 'UnityCatalogExport', {
      ...this.opsJobDefaults(UnityCatalogExportJob.NOTEBOOK_NAME),
      jobName: this.jobName(BUILT_IN_JOB_KEYS.unityCatalogExport),
      catalogs: unityCatalogExport.catalogs,
      location: unityCatalogExport.location,
      schedule: this.schedule(unityCatalogExport.schedule),
      maxRetries: 1,
      protected: this.isProtected('unityCatalogExportJob'),
    });
    recordSettingOrigins(job, {
      [WHOLE]: this.fields.project('unityCatalogExport'),
      'task.notebook_task.base_parameters.location': this.fields.overridden(
        this.env.data.exportLocation !== undefined,
        ['data', 'exportLocation'],
        ['unityCatalogExport', 'location'],
      ),
    });
    this.grantJob(job);
    return job;
  }

  /** One dependency and licence scan per flavor, on that flavor's job cluster. */
  private addSecurityScanJobs(flavors: readonly Flavor[]): void {
    const scans = new Construct(this, 'SecurityScan');
    for (const flavor of flavors) {
      const scan = new SecurityScanJob(scans, flavor, {
        ...this.opsJobDefaults(SecurityScanJob.NOTEBOOK_NAME),
        compute: this.jobCompute(flavor),
        jobName: this.jobName(`${SECURITY_SCAN_JOB_KEY_PREFIX}${flavor}`),
        pinnedEnvironment: this.pinnedEnvironments.get(flavor)!,
        disallowedLicenses: this.project.securityScan.disallowedLicenses,
        schedule: this.schedule(this.project.securityScan.schedule),
      });
      recordSettingOrigins(scan, { [WHOLE]: this.fields.project('securityScan') });
      this.grantJob(scan);
      this.securityScanJobs.set(flavor, scan);
    }
  }

  /**
   * The job-health warehouse, dashboard and SLO alerts of the workflow jobs, and the job that notifies
   * the environment's destinations of a breach. Default objectives: the project's failure rate, a p95
   * duration at the job's run-duration warning, and a missed-schedule objective for unpaused schedules.
   * Built under `scope`: this stack, or a partitioned environment's {@link MonitoringStack} once every
   * group's jobs exist.
   */
  addMonitoringTo(scope: Construct): JobHealthMonitoring | undefined {
    const observability = this.project.observability;
    if (!observability?.enabled || this.project.workflows.length === 0) return undefined;
    if (scope !== this) this.recordSharedOrigins(scope);
    const { admins, runAs, roles } = this.rbac;
    const { notifications } = this.project;
    const monitoring = new JobHealthMonitoring(scope, 'Monitoring', {
      namePrefix: this.env.jobNamePrefix,
      folder: this.folder,
      workspaceId: this.env.workspace.id,
      warehouse: observability.warehouse,
      workflows: this.project.workflows.map((w) => ({
        name: w.name,
        jobId: this.workflowJobs.get(w.name)!.jobId,
        slo: this.sloOf(w),
      })),
      alertSchedule: this.schedule(observability.alertSchedule),
      destinationIds: notifications.slackDestinationId ? [notifications.slackDestinationId] : [],
      failureNotifications: this.jobDefaults().notifications,
      runAs,
      tags: this.tags,
    });
    recordSettingOrigins(monitoring, { [WHOLE]: this.fields.project('observability') });
    monitoring.warehouse.grant(admins, 'CAN_MANAGE');
    if (runAs) monitoring.warehouse.grantUse(runAs);
    for (const { principal } of roles) monitoring.warehouse.grantUse(principal);
    if (monitoring.alertJob) this.grantJob(monitoring.alertJob);
    return monitoring;
  }

  /** A workflow's SLO with this environment's defaults filled in. */
  private sloOf(w: ProjectSpec['workflows'][number]): WorkflowSlo {
    const override = this.env.workflows[w.name] ?? {};
    const schedule = override.schedule ?? w.schedule;
    const paused = override.paused ?? this.env.schedulesPaused;
    const warnSeconds = w.runDurationWarningSeconds ?? Math.floor(w.timeoutSeconds / 2);
    return {
      ...w.slo,
      p95DurationMinutes: w.slo?.p95DurationMinutes ?? warnSeconds / 60,
      maxHoursSinceSuccess:
        w.slo?.maxHoursSinceSuccess ??
        (schedule && !paused ? defaultMaxHoursSinceSuccess(schedule.cron) : undefined),
    };
  }

  private addOutputs(deployment: DeploymentRecord, env: EnvironmentSpec): void {
    const out = (id: string, value: unknown, description: string) =>
      new TerraformOutput(this, id, { value, description });
    out('repo_mount_path', this.repoMount.mountPath, 'Workspace path of the Git folder');
    out('repo_id', this.repoMount.repoId, 'Id of the Git folder');
    out('git_ref', this.repoMount.ref, 'Branch or tag the Git folder tracks');
    out(
      'repo_commit',
      this.repoMount.commit ?? '',
      'Commit the Git folder is pinned to: the planned commit (empty: not pinned, see plannedCommit)',
    );
    out(
      'workspace_folder',
      this.folder.path,
      'Folder of uploaded files (init scripts, locks, ops notebooks)',
    );
    out(
      'cluster_ids',
      Object.fromEntries([...this.clusters].map(([k, c]) => [k, c.clusterId])),
      'All-purpose clusters by name',
    );
    out(
      'job_ids',
      Object.fromEntries([...this.workflowJobs].map(([k, j]) => [k, j.jobId])),
      'Workflow jobs by name',
    );
    out('smoke_job_id', this.smokeTestJob.jobId, 'The smoke-test job (npm run smoke)');
    out(
      'ops_job_ids',
      {
        backup: this.backupJob.jobId,
        unity_catalog_export: this.unityCatalogExportJob.jobId,
        ...Object.fromEntries([...this.securityScanJobs].map(([f, j]) => [`security_scan_${f}`, j.jobId])),
      },
      'DR and security jobs',
    );
    if (this.monitoring) observabilityOutput(this, this.monitoring);
    out('secret_scope', this.secretScope.scopeName, 'Secret scope of the environment');
    out(
      'pinned_environments',
      Object.fromEntries(
        [...this.pinnedEnvironments].map(([f, p]) => [
          f,
          { digest: p.digest, spark_version: p.sparkVersion },
        ]),
      ),
      'Pinned environment digest and runtime per flavor',
    );
    // A local, so that the precondition below refers to an object (Terraform requires one).
    new TerraformLocal(this, 'planned_git_sha', deployment.gitSha);
    const output = new TerraformOutput(this, 'deployed_git_sha', {
      value: deployment.gitSha,
      description: 'Commit of the deployment program (`<sha>-dirty`: planned from uncommitted changes)',
    });
    // Staging and prod run only committed code, whatever applies the stack (cdktf, terraform, HCP).
    // (cdktf 0.21 drops TerraformOutput's `precondition` config at synth, hence the override.)
    if (env.tier !== 'dev') {
      output.addOverride('precondition', [
        {
          condition: `\${!endswith(local.planned_git_sha, "-dirty")}`,
          error_message:
            `${env.name} (tier ${env.tier}) was synthesized from a working tree with uncommitted changes: ` +
            'staging and prod deploy only committed code. Commit or stash the changes and plan again ' +
            '(dev accepts a dirty tree and records <sha>-dirty).',
        },
      ]);
    }
    out('deployed_git_ref', deployment.gitRef, 'Ref of the deployment program');
  }
}

/** A user name (e-mail) or a service principal's application id (a UUID), as a principal. */
function userOrServicePrincipal(name: string): Principal {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(name)
    ? Principal.servicePrincipal(name)
    : Principal.user(name);
}

/** The `observability` output: the job-health warehouse, dashboard and alert job ids. */
export function observabilityOutput(stack: TerraformStack, monitoring: JobHealthMonitoring): void {
  new TerraformOutput(stack, 'observability', {
    value: {
      warehouse_id: monitoring.warehouse.warehouseId,
      dashboard_id: monitoring.dashboard.dashboardId,
      ...(monitoring.alertJob ? { alert_job_id: monitoring.alertJob.jobId } : {}),
    },
    description: 'Job-health warehouse, dashboard and SLO alert job',
  });
}
