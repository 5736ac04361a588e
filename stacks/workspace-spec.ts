import type { TableChecks } from '../lib/data-quality';
import type { Flavor } from '../lib/requirements/flavor';
import type { WorkflowSlo } from '../lib/slo';
import type { WarehouseSize } from '../lib/sql-warehouse';
import type { AccessMode, GitProvider, PermissionLevel, SecretAclLevel, Tier } from '../lib/vocabulary';
import type { ProtectedKind } from './protected-kinds';

export type { ProtectedKind } from './protected-kinds';

/**
 * What a {@link WorkspaceStack} is built from: the stack's own typed input. The program's config
 * (app/config) satisfies these interfaces structurally and passes its validated objects as they
 * are; nothing here knows of YAML files or zod.
 */

/** A Quartz schedule. */
export interface ScheduleSpec {
  readonly cron: string;
  readonly timezone: string;
}

/** A cluster's size: a fixed number of workers or an autoscaling range. */
export interface ClusterShapeSpec {
  readonly nodeTypeId: string;
  readonly numWorkers?: number;
  readonly autoscale?: { readonly minWorkers: number; readonly maxWorkers: number };
  readonly flavor: Flavor;
  /** `data_security_mode` of the cluster; the flavor's policy fixes it. */
  readonly accessMode: AccessMode;
}

/** A workflow notebook, deployed as one job per environment. */
export interface WorkflowSpec {
  readonly name: string;
  readonly notebook: string;
  readonly schedule?: ScheduleSpec;
  readonly parameters: Readonly<Record<string, string>>;
  /** `job-cluster`, or the name of one of the environment's clusters. */
  readonly compute: string;
  readonly maxRetries: number;
  readonly minRetryIntervalMillis: number;
  readonly timeoutSeconds: number;
  readonly runDurationWarningSeconds?: number;
  /** Output tables and their data-quality checks. @default [] */
  readonly outputs?: readonly TableChecks[];
  /** Service-level objectives (SQL alerts). @default - failure rate over 7 days at most 0.1, and the defaults of {@link WorkspaceStack} */
  readonly slo?: WorkflowSlo;
  /** Workflow group: its stack in a partitioned environment. @default - the core stack */
  readonly group?: string;
}

/** Job-health observability: a warehouse, a dashboard, SLO alerts and their alert job. */
export interface ObservabilitySpec {
  readonly enabled: boolean;
  readonly warehouse: {
    readonly size: WarehouseSize;
    readonly autoStopMinutes: number;
    readonly serverless: boolean;
  };
  readonly alertSchedule: ScheduleSpec;
}

/** The group roles of the RBAC. */
export interface GroupsSpec {
  readonly admins: string;
  readonly developers: string;
  readonly releaseManagers: string;
  readonly readers?: string;
}
/** A role of {@link GroupsSpec}. */
export type GroupRole = keyof GroupsSpec;

/** Permission levels one group role gets in an environment. */
export interface AccessSpec {
  readonly repo?: PermissionLevel<'repo'>;
  readonly clusters?: PermissionLevel<'cluster'>;
  readonly jobs?: PermissionLevel<'job'>;
  readonly clusterPolicies?: PermissionLevel<'clusterPolicy'>;
  readonly secrets?: SecretAclLevel;
}

/** The state backends a stack can use. */
export type StateBackendSpec =
  | { readonly type: 'local'; readonly path?: string }
  | { readonly type: 'pg'; readonly schemaName?: string }
  | {
      readonly type: 's3';
      readonly bucket: string;
      readonly key: string;
      readonly region: string;
      readonly dynamodbTable?: string;
      readonly encrypt: boolean;
    }
  | {
      readonly type: 'azurerm';
      readonly resourceGroupName: string;
      readonly storageAccountName: string;
      readonly containerName: string;
      readonly key: string;
    }
  | { readonly type: 'gcs'; readonly bucket: string; readonly prefix: string }
  | {
      readonly type: 'cloud';
      readonly organization: string;
      readonly workspace: string;
      readonly hostname: string;
    };

/** What every environment of a project shares. */
export interface ProjectSpec {
  /** The project file as the user would type it (`config/project.yaml`): policy findings name it. */
  readonly file: string;
  readonly project: {
    readonly name: string;
    readonly costCentre: string;
    readonly tags: Readonly<Record<string, string>>;
  };
  readonly git: { readonly url: string; readonly provider?: GitProvider };
  readonly groups: GroupsSpec;
  readonly workflows: readonly WorkflowSpec[];
  readonly smokeTests: { readonly notebooks: readonly string[]; readonly timeoutSeconds: number };
  readonly notifications: { readonly emails: readonly string[]; readonly slackDestinationId?: string };
  readonly securityScan: { readonly schedule: ScheduleSpec; readonly disallowedLicenses: readonly string[] };
  /** @default - no observability resources */
  readonly observability?: ObservabilitySpec;
  readonly requirements: {
    readonly containerImages: Partial<
      Record<
        Flavor,
        {
          readonly url: string;
          readonly basicAuth?: { readonly username: string; readonly password: string };
        }
      >
    >;
  };
  /** Absolute path of the config folder (local state paths are relative to it). */
  readonly configDir: string;
  /** Absolute path of the requirements folder. */
  readonly requirementsDir: string;
}

/**
 * The provider's client-side request rate (its `rate_limit`, requests per second) unless an environment sets
 * `provider.rateLimit`: the lowest workspace rate limit the Databricks "Resource limits" page documents for an
 * endpoint a deploy calls (Jobs create, 20 per second), so one deploy alone never exceeds a documented limit
 * (Permissions PATCH/PUT 30, GET 100; Workspace import 30). The provider's own default is 15.
 */
export const DEFAULT_PROVIDER_RATE_LIMIT = 20;

/** One environment. */
export interface EnvironmentSpec {
  readonly name: string;
  /** The environment's file as the user would type it (`config/prod.yaml`): policy findings name it. */
  readonly file: string;
  readonly tier: Tier;
  /** The workspace: its URL, and its numeric id where known (system tables span the account). */
  readonly workspace: { readonly host: string; readonly id?: string };
  /** Settings of the Databricks provider. @default - `rateLimit` {@link DEFAULT_PROVIDER_RATE_LIMIT} */
  readonly provider?: { readonly rateLimit?: number };
  readonly git: { readonly branch?: string; readonly tag?: string; readonly devBranchReason?: string };
  readonly mount: { readonly owner: string; readonly name?: string };
  readonly jobNamePrefix: string;
  readonly runAs?: { readonly servicePrincipal?: string; readonly userName?: string };
  readonly schedulesPaused: boolean;
  readonly clusters: ReadonlyArray<
    ClusterShapeSpec & {
      readonly name: string;
      readonly autoterminationMinutes: number;
      /** User name or service principal application id the dedicated cluster is assigned to; default: the run-as. */
      readonly singleUserName?: string;
    }
  >;
  readonly jobCluster: ClusterShapeSpec;
  readonly policy: {
    readonly allowedNodeTypes: readonly string[];
    readonly maxWorkers: number;
    readonly maxAutoterminationMinutes: number;
  };
  readonly access: Partial<Record<GroupRole, AccessSpec>>;
  readonly workflows: Readonly<
    Record<
      string,
      {
        readonly schedule?: ScheduleSpec;
        readonly paused?: boolean;
        readonly maxConcurrentRuns?: number;
        /** Parameters replacing the project's (resolved into `values.workflowParameters`). */
        readonly parameters?: Readonly<Record<string, string>>;
      }
    >
  >;
  readonly maxConcurrentRuns: number;
  /** The environment's overrides of the project's backup and export targets (resolved into `values`). */
  readonly data: {
    readonly backupTargetCatalog?: string;
    readonly backupLocation?: string;
    readonly exportLocation?: string;
  };
  readonly stateBackend: StateBackendSpec;
  /** Partitioning into a core stack and one stack per workflow group. @default - off: one stack */
  readonly partitioning?: PartitioningSpec;
  /** The project settings as this environment resolves them (its own data targets). */
  readonly values: {
    /** Per workflow name, its notebook parameters in this environment. */
    readonly workflowParameters: Readonly<Record<string, Readonly<Record<string, string>>>>;
    readonly backup: {
      readonly tables: readonly string[];
      readonly targetCatalog: string;
      readonly location: string;
      readonly schedule: ScheduleSpec;
    };
    readonly unityCatalogExport: {
      readonly catalogs: readonly string[];
      readonly location: string;
      readonly schedule: ScheduleSpec;
    };
  };
  /** Resource kinds guarded against destroy (see {@link PROTECTED_KINDS}). */
  readonly protected: readonly ProtectedKind[];
}

/** How an environment is split into stacks (see `stacks/partition-layout.ts`). */
export interface PartitioningSpec {
  readonly enabled: boolean;
  /** A stack skipped as unchanged is planned anyway once its last refresh is older than this. */
  readonly maxStalenessHours: number;
}
