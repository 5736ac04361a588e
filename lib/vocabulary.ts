/**
 * The shared vocabulary of the library and the program: value lists and formats that the config
 * schema validates and the constructs accept. One definition each, imported by both.
 */

/**
 * How strict an environment is. The tier, never the environment's name, decides the policy packs,
 * destroy-guard defaults, schedule defaults and run-as requirements.
 */
export const TIERS = ['dev', 'staging', 'prod'] as const;
/** One of {@link TIERS}. */
export type Tier = (typeof TIERS)[number];

/**
 * Cluster access modes (`data_security_mode`) the constructs allow. Unity Catalog needs
 * `SINGLE_USER` (dedicated) or `USER_ISOLATION` (standard); only dedicated is allowed because it is
 * the one mode in which the pinned environment's init script, a workspace file, runs without more:
 * on standard compute an init script must be on the metastore's artifact allowlist
 * (`databricks_artifact_allowlist`, one authoritative resource per metastore, which per-environment
 * stacks cannot each own) and be stored in a Unity Catalog volume or cloud storage. See
 * docs/GETTING_STARTED.md, "Access modes".
 */
export const ACCESS_MODES = ['SINGLE_USER'] as const;
/** One of {@link ACCESS_MODES}. */
export type AccessMode = (typeof ACCESS_MODES)[number];

/** Git providers as the Databricks API names them. */
export const GIT_PROVIDERS = [
  'gitHub',
  'gitHubEnterprise',
  'gitLab',
  'gitLabEnterpriseEdition',
  'bitbucketCloud',
  'bitbucketServer',
  'azureDevOpsServices',
  'awsCodeCommit',
] as const;
/** One of {@link GIT_PROVIDERS}. */
export type GitProvider = (typeof GIT_PROVIDERS)[number];

/** Permission levels of each object kind, weakest first (a stronger grant wins over a weaker one). */
export const PERMISSION_LEVELS = {
  repo: ['CAN_READ', 'CAN_RUN', 'CAN_EDIT', 'CAN_MANAGE'],
  directory: ['CAN_READ', 'CAN_RUN', 'CAN_EDIT', 'CAN_MANAGE'],
  cluster: ['CAN_ATTACH_TO', 'CAN_RESTART', 'CAN_MANAGE'],
  clusterPolicy: ['CAN_USE'],
  job: ['CAN_VIEW', 'CAN_MANAGE_RUN', 'CAN_MANAGE'],
  sqlWarehouse: ['CAN_VIEW', 'CAN_MONITOR', 'CAN_USE', 'CAN_MANAGE'],
} as const;
/** An object kind that `databricks_permissions` covers. */
export type PermissionObjectKind = keyof typeof PERMISSION_LEVELS;
/** A permission level of one object kind. */
export type PermissionLevel<K extends PermissionObjectKind> = (typeof PERMISSION_LEVELS)[K][number];

/** Secret scope ACL levels, weakest first. */
export const SECRET_ACL_LEVELS = ['READ', 'WRITE', 'MANAGE'] as const;
/** One of {@link SECRET_ACL_LEVELS}. */
export type SecretAclLevel = (typeof SECRET_ACL_LEVELS)[number];

/** Licences the weekly security scan fails on unless configured otherwise. */
export const DEFAULT_DISALLOWED_LICENSES: readonly string[] = ['GPL', 'LGPL', 'AGPL'];

/** A resource key (project, workflow, cluster, Git folder name): 2-40 of `a-z`, `0-9`, `-`, starting with a letter. */
export const RESOURCE_KEY = /^[a-z][a-z0-9-]{0,38}[a-z0-9]$/;

/** `compute` of a workflow that runs on a fresh job cluster; no cluster may take this name. */
export const JOB_CLUSTER_COMPUTE = 'job-cluster';

/**
 * Names every JavaScript object already answers to (`constructor`, `__proto__`, `toString`, ...) and
 * `prototype`: as a map key or a construct id they shadow or vanish, so config names and keys may not
 * be one of them (exact spelling; `ToString` is an ordinary name).
 */
export const OBJECT_INTERNAL_NAMES: readonly string[] = [
  ...new Set([...Object.getOwnPropertyNames(Object.prototype), '__proto__', 'prototype']),
].sort();

/** Whether `name` is one of {@link OBJECT_INTERNAL_NAMES}. */
export function isObjectInternalName(name: string): boolean {
  return OBJECT_INTERNAL_NAMES.includes(name);
}

/** A three-part Unity Catalog name `catalog.schema.table`. */
export const UC_TABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]*\.[A-Za-z_][A-Za-z0-9_]*\.[A-Za-z_][A-Za-z0-9_]*$/;

/** A Unity Catalog catalog (or schema) name. */
export const UC_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** A cloud storage URL of the DR jobs' targets. */
export const STORAGE_URL = /^(s3|gs|abfss):\/\/\S+$/;

/** Keys of the jobs every environment has besides its workflows (job name `<prefix><key>`). */
export const BUILT_IN_JOB_KEYS = {
  smokeTests: 'smoke-tests',
  backup: 'backup-delta-tables',
  unityCatalogExport: 'unity-catalog-export',
} as const;
/** Job keys a workflow may not take: {@link BUILT_IN_JOB_KEYS}, and `security-scan-<flavor>` too. */
export const RESERVED_JOB_KEYS: readonly string[] = Object.values(BUILT_IN_JOB_KEYS);
/** Prefix of the per-flavor security scan jobs' keys. */
export const SECURITY_SCAN_JOB_KEY_PREFIX = 'security-scan-';

/**
 * The tag every job and cluster carries with its resource's construct path (e.g.
 * `dev/Jobs/etl/Resource`): with the `project` and `environment` tags it is the object's identity,
 * by which the deploy finds objects of its stack that state does not know (orphans).
 */
export const IDENTITY_TAG = 'cdktf_path';
