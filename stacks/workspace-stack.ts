import * as path from 'node:path';
import {
  AzurermBackend,
  CloudBackend,
  GcsBackend,
  LocalBackend,
  NamedCloudWorkspace,
  S3Backend,
  TerraformOutput,
  TerraformStack,
} from 'cdktf';
import { DatabricksProvider } from '@cdktf/provider-databricks/lib/provider';
import { Construct } from 'constructs';
import { BackupJob } from '../lib/backup-job';
import { ClusterPolicy } from '../lib/cluster-policy';
import { gitFolderPath, workspaceFolderPath } from './environment-paths';
import { AccessSpec, EnvironmentSpec, GroupRole, ProjectSpec } from './workspace-spec';
import { ManagedCluster } from '../lib/managed-cluster';
import { JobCompute, JobNotifications, JobSchedule, NotebookJob } from '../lib/notebook-job';
import { PinnedEnvironment } from '../lib/pinned-environment';
import { protect } from '../lib/protection';
import { Principal } from '../lib/principal';
import { RepoMount } from '../lib/repo-mount';
import { Flavor } from '../lib/requirements/flavor';
import { SecretScope } from '../lib/secret-scope';
import { SecurityScanJob } from '../lib/security-scan-job';
import { SmokeTestJob } from '../lib/smoke-test-job';
import { UnityCatalogExportJob } from '../lib/unity-catalog-export-job';
import { WorkflowJob } from '../lib/workflow-job';
import { WorkspaceFolder } from '../lib/workspace-folder';

/**
 * The provider versions the synthesized stacks accept: the bindings are generated for 1.99.0;
 * 1.84.0 is the newest the offline (air-gapped) mirror can be built from here, and everything the
 * constructs use exists in both (checked by `terraform validate` in test/integration).
 */
export const PROVIDER_VERSION_CONSTRAINT = '>= 1.84.0, <= 1.99.0';

/** What was deployed: recorded once per stack, in outputs (never in resource tags). */
export interface DeploymentRecord {
  /** Commit of this program that was synthesized. */
  readonly gitSha: string;
  /** Branch or tag of this program. */
  readonly gitRef: string;
}

/** Props of {@link WorkspaceStack}. */
export interface WorkspaceStackProps {
  readonly project: ProjectSpec;
  readonly environment: EnvironmentSpec;
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
}

type Levels = Required<AccessSpec>;

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
  readonly secretScope: SecretScope;
  readonly backupJob: BackupJob;
  readonly unityCatalogExportJob: UnityCatalogExportJob;
  readonly securityScanJobs = new Map<Flavor, SecurityScanJob>();
  /** Standard tags of every cluster and job. */
  readonly tags: Readonly<Record<string, string>>;

  constructor(scope: Construct, id: string, props: WorkspaceStackProps) {
    super(scope, id);
    const { project, environment: env } = props;
    const base = `${project.project.name}-${env.name}`;
    const isProtected = (kind: (typeof env.protected)[number]) => env.protected.includes(kind);

    new DatabricksProvider(this, 'Databricks', {
      host: props.workspaceHost ?? env.workspace.host,
      ...(props.retryTimeoutSeconds !== undefined ? { retryTimeoutSeconds: props.retryTimeoutSeconds } : {}),
    });
    this.addOverride('terraform.required_providers.databricks.version', PROVIDER_VERSION_CONSTRAINT);
    // The plan's destroy guard reads this: it protects these kinds even once the code drops them.
    if (env.protected.length > 0) this.addOverride('//.protected_kinds', [...env.protected]);
    this.configureBackend(props);

    this.tags = {
      ...project.project.tags,
      project: project.project.name,
      environment: env.name,
      cost_centre: project.project.costCentre,
      managed_by: 'cdktf',
    };

    // Principals of this environment's RBAC.
    const groups = project.groups;
    const admins = Principal.group(groups.admins);
    const runAs = env.runAs?.servicePrincipal
      ? Principal.servicePrincipal(env.runAs.servicePrincipal)
      : env.runAs?.userName
        ? Principal.user(env.runAs.userName)
        : undefined;
    const roles = (Object.entries(env.access) as Array<[GroupRole, AccessSpec]>)
      .filter(([role]) => role !== 'admins' && groups[role] !== undefined)
      .map(([role, levels]) => ({ principal: Principal.group(groups[role]!), levels }));
    const grantAll = <K extends keyof Levels>(kind: K, grant: (p: Principal, level: Levels[K]) => void) => {
      for (const { principal, levels } of roles) {
        const level = levels[kind];
        if (level) grant(principal, level as Levels[K]);
      }
    };

    this.folder = new WorkspaceFolder(this, 'Folder', {
      path: workspaceFolderPath(project, env),
    });
    this.folder.grant(admins, 'CAN_MANAGE');
    if (runAs) this.folder.grant(runAs, 'CAN_READ');
    for (const { principal } of roles) this.folder.grant(principal, 'CAN_READ');

    this.repoMount = new RepoMount(this, 'RepoMount', {
      url: project.git.url,
      gitProvider: project.git.provider,
      path: gitFolderPath(project, env),
      ...env.git,
      protected: isProtected('repoMount'),
    });
    this.repoMount.grant(admins, 'CAN_MANAGE');
    if (runAs) this.repoMount.grant(runAs, 'CAN_RUN');
    grantAll('repo', (p, level) => this.repoMount.grant(p, level));

    // One pinned environment and policy per flavor in use.
    const pinned = new Construct(this, 'Pinned');
    const policies = new Construct(this, 'Policies');
    const flavors = [
      ...new Set<Flavor>([...env.clusters.map((c) => c.flavor), env.jobCluster.flavor]),
    ].sort();
    for (const flavor of flavors) {
      const pinnedEnv = new PinnedEnvironment(pinned, flavor, {
        flavor,
        requirementsDir: project.requirementsDir,
        folder: this.folder,
        containerImage: project.requirements.containerImages[flavor],
      });
      this.pinnedEnvironments.set(flavor, pinnedEnv);
      const policy = new ClusterPolicy(policies, flavor, {
        policyName: `${base}-${flavor}`,
        pinnedEnvironment: pinnedEnv,
        allowedNodeTypes: env.policy.allowedNodeTypes,
        maxWorkers: env.policy.maxWorkers,
        maxAutoterminationMinutes: env.policy.maxAutoterminationMinutes,
        requiredTags: {
          project: this.tags.project,
          environment: this.tags.environment,
          cost_centre: this.tags.cost_centre,
        },
      });
      policy.grant(admins);
      if (runAs) policy.grant(runAs);
      grantAll('clusterPolicies', (p, level) => policy.grant(p, level));
      this.policies.set(flavor, policy);
    }

    const clusters = new Construct(this, 'Clusters');
    for (const c of env.clusters) {
      const cluster = new ManagedCluster(clusters, c.name, {
        clusterName: `${base}-${c.name}`,
        policy: this.policies.get(c.flavor)!,
        nodeTypeId: c.nodeTypeId,
        numWorkers: c.numWorkers,
        autoscale: c.autoscale,
        autoterminationMinutes: c.autoterminationMinutes,
        tags: this.tags,
      });
      if (isProtected('clusters')) protect(cluster.resource);
      cluster.grant(admins, 'CAN_MANAGE');
      if (runAs) cluster.grant(runAs, 'CAN_RESTART');
      grantAll('clusters', (p, level) => cluster.grant(p, level));
      this.clusters.set(c.name, cluster);
    }

    const jobCompute = (flavor: Flavor = env.jobCluster.flavor): JobCompute => ({
      jobCluster: {
        policy: this.policies.get(flavor)!,
        nodeTypeId: env.jobCluster.nodeTypeId,
        numWorkers: env.jobCluster.numWorkers,
        autoscale: env.jobCluster.autoscale,
      },
    });
    const notifications: JobNotifications = {
      emails: project.notifications.emails,
      destinationIds: project.notifications.slackDestinationId
        ? [project.notifications.slackDestinationId]
        : [],
    };
    const common = { notifications, runAs, tags: this.tags, maxConcurrentRuns: env.maxConcurrentRuns };
    const schedule = (
      s: { cron: string; timezone: string } | undefined,
      paused?: boolean,
    ): JobSchedule | undefined =>
      s && { cron: s.cron, timezone: s.timezone, paused: paused ?? env.schedulesPaused };
    const grantJob = (job: { grant: NotebookJob['grant'] }) => {
      job.grant(admins, 'CAN_MANAGE');
      grantAll('jobs', (p, level) => job.grant(p, level));
    };

    const jobs = new Construct(this, 'Jobs');
    for (const w of project.workflows) {
      const override = env.workflows[w.name] ?? {};
      const job = new WorkflowJob(jobs, w.name, {
        ...common,
        jobName: `${env.jobNamePrefix}${w.name}`,
        repoMount: this.repoMount,
        notebook: w.notebook,
        parameters: w.parameters,
        compute: w.compute === 'job-cluster' ? jobCompute() : { cluster: this.clusters.get(w.compute)! },
        schedule: schedule(override.schedule ?? w.schedule, override.paused),
        maxRetries: w.maxRetries,
        minRetryIntervalMillis: w.minRetryIntervalMillis,
        timeoutSeconds: w.timeoutSeconds,
        runDurationWarningSeconds: w.runDurationWarningSeconds ?? Math.floor(w.timeoutSeconds / 2),
        maxConcurrentRuns: override.maxConcurrentRuns ?? env.maxConcurrentRuns,
      });
      if (isProtected('jobs')) protect(job.resource);
      grantJob(job);
      this.workflowJobs.set(w.name, job);
    }

    this.smokeTestJob = new SmokeTestJob(this, 'SmokeTests', {
      ...common,
      jobName: `${env.jobNamePrefix}smoke-tests`,
      repoMount: this.repoMount,
      notebooks: project.smokeTests.notebooks,
      compute: jobCompute(),
      timeoutSeconds: project.smokeTests.timeoutSeconds,
    });
    grantJob(this.smokeTestJob);

    this.secretScope = new SecretScope(this, 'Secrets', {
      scopeName: base,
      protected: isProtected('secretScope'),
    });
    this.secretScope.grantManage(admins);
    if (runAs) this.secretScope.grantRead(runAs);
    grantAll('secrets', (p, level) => this.secretScope.grant(p, level));

    const ops = { ...common, folder: this.folder, compute: jobCompute() };
    this.backupJob = new BackupJob(this, 'Backup', {
      ...ops,
      jobName: `${env.jobNamePrefix}backup-delta-tables`,
      tables: project.backup.tables,
      targetCatalog: project.backup.targetCatalog,
      location: project.backup.location,
      schedule: schedule(project.backup.schedule),
      maxRetries: 2,
      protected: isProtected('backupJob'),
    });
    grantJob(this.backupJob);
    this.unityCatalogExportJob = new UnityCatalogExportJob(this, 'UnityCatalogExport', {
      ...ops,
      jobName: `${env.jobNamePrefix}unity-catalog-export`,
      catalogs: project.unityCatalogExport.catalogs,
      location: project.unityCatalogExport.location,
      schedule: schedule(project.unityCatalogExport.schedule),
      maxRetries: 1,
      protected: isProtected('unityCatalogExportJob'),
    });
    grantJob(this.unityCatalogExportJob);
    const scans = new Construct(this, 'SecurityScan');
    for (const flavor of flavors) {
      const scan = new SecurityScanJob(scans, flavor, {
        ...ops,
        compute: jobCompute(flavor),
        jobName: `${env.jobNamePrefix}security-scan-${flavor}`,
        pinnedEnvironment: this.pinnedEnvironments.get(flavor)!,
        disallowedLicenses: project.securityScan.disallowedLicenses,
        schedule: schedule(project.securityScan.schedule),
      });
      grantJob(scan);
      this.securityScanJobs.set(flavor, scan);
    }

    this.addOutputs(props.deployment ?? { gitSha: 'unknown', gitRef: 'unknown' });
  }

  private configureBackend(props: WorkspaceStackProps): void {
    const backend = props.environment.stateBackend;
    const env = props.environment.name;
    switch (backend.type) {
      case 'local': {
        const file =
          props.localStateFile ??
          (backend.path
            ? path.resolve(props.project.configDir, backend.path)
            : path.resolve(props.project.configDir, '..', '.state', `${env}.tfstate`));
        const stackDir = path.resolve(props.stackOutdir ?? path.join('cdktf.out', 'stacks', env));
        new LocalBackend(this, { path: path.relative(stackDir, file) });
        return;
      }
      case 's3':
        new S3Backend(this, {
          bucket: backend.bucket,
          key: backend.key,
          region: backend.region,
          encrypt: backend.encrypt,
          ...(backend.dynamodbTable ? { dynamodbTable: backend.dynamodbTable } : {}),
        });
        return;
      case 'azurerm':
        new AzurermBackend(this, {
          resourceGroupName: backend.resourceGroupName,
          storageAccountName: backend.storageAccountName,
          containerName: backend.containerName,
          key: backend.key,
        });
        return;
      case 'gcs':
        new GcsBackend(this, { bucket: backend.bucket, prefix: backend.prefix });
        return;
      case 'cloud':
        new CloudBackend(this, {
          hostname: backend.hostname,
          organization: backend.organization,
          workspaces: new NamedCloudWorkspace(backend.workspace),
        });
    }
  }

  private addOutputs(deployment: DeploymentRecord): void {
    const out = (id: string, value: unknown, description: string) =>
      new TerraformOutput(this, id, { value, description });
    out('repo_mount_path', this.repoMount.mountPath, 'Workspace path of the Git folder');
    out('repo_id', this.repoMount.repoId, 'Id of the Git folder');
    out('git_ref', this.repoMount.ref, 'Branch or tag the Git folder tracks');
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
    out('deployed_git_sha', deployment.gitSha, 'Commit of the deployment program');
    out('deployed_git_ref', deployment.gitRef, 'Ref of the deployment program');
  }
}
