import { existsSync, readFileSync } from 'node:fs';
import type { JsonObject } from './json';

/** The kinds of workspace objects `workspace/get-status` reports. */
export type WorkspaceObjectType = 'DIRECTORY' | 'FILE' | 'NOTEBOOK' | 'REPO';

/** One node of the workspace tree, keyed in the state by its path (without a `/Workspace` prefix). */
export interface WorkspaceObject {
  path: string;
  object_type: WorkspaceObjectType;
  object_id: number;
  language?: string;
  /** Base64 content of a file or notebook. */
  content?: string;
  created_at: number;
  modified_at: number;
}

/** A Git folder. `id` is also the `object_id` of its REPO workspace node. */
export interface RepoRecord {
  id: number;
  url: string;
  provider: string;
  path: string;
  branch?: string;
  head_commit_id: string;
  sparse_checkout?: JsonObject;
}

/** A cluster: `spec` is exactly what create/edit sent (echoed by clusters/get); the rest is lifecycle. */
export interface ClusterRecord {
  cluster_id: string;
  spec: JsonObject;
  state: 'PENDING' | 'RUNNING' | 'RESTARTING' | 'RESIZING' | 'TERMINATING' | 'TERMINATED';
  state_message: string;
  pinned: boolean;
  creator_user_name: string;
  created_at: number;
  start_time: number;
  terminated_time?: number;
  /** Why the cluster last terminated, when not by a user (e.g. an init script failure). */
  termination_reason?: JsonObject;
  /** Number of clusters/get calls seen since the cluster last left TERMINATED (drives PENDING → RUNNING). */
  polls: number;
  libraries: JsonObject[];
}

/** A cluster policy; `definition` is the opaque JSON string as sent. */
export interface PolicyRecord {
  policy_id: string;
  fields: JsonObject;
  creator_user_name: string;
  created_at_timestamp: number;
}

/** A job: `settings` is exactly what create/reset/update left. */
export interface JobRecord {
  job_id: number;
  creator_user_name: string;
  created_time: number;
  settings: JsonObject;
}

/** How a run or one task of it ends (see `run-outcome.ts`). */
export interface RunOutcome {
  life_cycle_state: 'TERMINATED' | 'INTERNAL_ERROR';
  result_state: string;
  state_message: string;
  code: string;
}

/** The lifecycle of an emulated job run. */
export interface RunRecord {
  run_id: number;
  job_id: number;
  number_in_job: number;
  run_name: string;
  creator_user_name: string;
  /** When the run left the queue (or was triggered, when it never queued). */
  start_time: number;
  /** When run-now was called. */
  trigger_time?: number;
  end_time?: number;
  /** Number of runs/get calls seen since the run started (drives PENDING → RUNNING → TERMINATED). */
  polls: number;
  life_cycle_state: 'QUEUED' | 'PENDING' | 'RUNNING' | 'TERMINATED' | 'INTERNAL_ERROR' | 'SKIPPED';
  /** How the run ends once its workload is done. */
  final_result_state: string;
  final_state_message: string;
  final_life_cycle_state?: 'TERMINATED' | 'INTERNAL_ERROR';
  final_code?: string;
  /** How each task ends, keyed by task key. */
  task_outcomes?: Record<string, RunOutcome>;
  /** A message while QUEUED or once SKIPPED. */
  queue_message?: string;
  cancelled: boolean;
  task_keys: string[];
  job_parameters?: JsonObject;
  /** What started the run: `CONTINUOUS` when a continuous job started it by itself. @default 'ONE_TIME' */
  trigger?: 'ONE_TIME' | 'CONTINUOUS';
}

/** A secret scope with its secrets (only a digest of each value, never the value) and ACLs. */
export interface SecretScopeRecord {
  name: string;
  backend_type: string;
  keyvault_metadata?: JsonObject;
  secrets: Record<string, { last_updated_timestamp: number; value_sha256: string }>;
  acls: Record<string, string>;
}

/** One direct grant as PUT through the permissions API. */
export interface AccessControlEntry {
  user_name?: string;
  group_name?: string;
  service_principal_name?: string;
  permission_level: string;
}

/** A notification destination; `config` is stored as sent (secrets are masked on read). */
export interface NotificationDestinationRecord {
  id: string;
  display_name: string;
  destination_type: string;
  config: JsonObject;
}

/** A global init script. */
export interface GlobalInitScriptRecord {
  script_id: string;
  name: string;
  script: string;
  enabled: boolean;
  position: number;
  created_at: number;
  created_by: string;
  updated_at: number;
  updated_by: string;
}

/** The head commit of one branch of one remote repository. */
export interface GitHead {
  url: string;
  branch: string;
  generation: number;
  commit: string;
}

/** One file of a Git commit: a notebook (keyed by its path without extension) or a plain file. */
export interface GitFile {
  object_type: 'NOTEBOOK' | 'FILE';
  language?: string;
  /** Base64 content. */
  content: string;
}

/** The files of one commit, keyed by path relative to the repository root. */
export type GitTree = Record<string, GitFile>;

/** How the next run (of one job, or of any job) ends. */
export interface RunResultOverride {
  result_state: string;
  state_message: string;
}

/** Everything the emulator knows; plain JSON so it can be dumped, persisted and reloaded. */
export interface EmulatorState {
  version: 1;
  workspace: Record<string, WorkspaceObject>;
  repos: Record<string, RepoRecord>;
  clusters: Record<string, ClusterRecord>;
  policies: Record<string, PolicyRecord>;
  jobs: Record<string, JobRecord>;
  runs: Record<string, RunRecord>;
  secretScopes: Record<string, SecretScopeRecord>;
  /** Direct grants keyed by `<request object type>/<id>`, e.g. `clusters/0101-000000-abcdefgh`. */
  permissions: Record<string, AccessControlEntry[]>;
  notificationDestinations: Record<string, NotificationDestinationRecord>;
  globalInitScripts: Record<string, GlobalInitScriptRecord>;
  /** Keyed by `<url>#<branch>`. */
  gitHeads: Record<string, GitHead>;
  /** SCIM users, groups and service principals, each keyed by SCIM id (the calling user and built-in groups are implicit). */
  principals: {
    users: Record<string, JsonObject>;
    groups: Record<string, JsonObject>;
    servicePrincipals: Record<string, JsonObject>;
  };
  /** The content of pushed or seeded commits, keyed by commit id. */
  gitTrees: Record<string, GitTree>;
  /** The content of every commit of a URL without its own tree (seeded with `--git-content`), keyed by URL. */
  gitDefaults: Record<string, GitTree>;
  /** Keyed by job id, or `*` for any job. */
  nextRunResults: Record<string, RunResultOverride>;
  /** Databricks SQL: warehouses, their data source ids, queries, alerts, Lakeview dashboards (API shapes), by id. */
  sql: SqlState;
}

/** The Databricks SQL objects of the workspace, stored as the API returns them. */
export interface SqlState {
  warehouses: Record<string, JsonObject>;
  /** Data source id by warehouse id. */
  dataSources: Record<string, string>;
  queries: Record<string, JsonObject>;
  alerts: Record<string, JsonObject>;
  dashboards: Record<string, JsonObject>;
}

/** The folders a fresh workspace has, owned by the given user. */
export function createInitialState(userName: string, now: number): EmulatorState {
  const workspace: Record<string, WorkspaceObject> = {};
  const folders = ['/', '/Users', `/Users/${userName}`, '/Shared', '/Repos', `/Repos/${userName}`];
  folders.forEach((path, index) => {
    workspace[path] = { path, object_type: 'DIRECTORY', object_id: index, created_at: now, modified_at: now };
  });
  return {
    version: 1,
    workspace,
    repos: {},
    clusters: {},
    policies: {},
    jobs: {},
    runs: {},
    secretScopes: {},
    permissions: {},
    notificationDestinations: {},
    globalInitScripts: {},
    gitHeads: {},
    gitTrees: {},
    gitDefaults: {},
    principals: { users: {}, groups: {}, servicePrincipals: {} },
    nextRunResults: {},
    sql: { warehouses: {}, dataSources: {}, queries: {}, alerts: {}, dashboards: {} },
  };
}

/**
 * Reads a state file written by the emulator, or returns undefined when the file does not exist.
 * @throws when the file exists but is not an emulator state (so a wrong `--state` path is noticed).
 */
export function loadState(file: string): EmulatorState | undefined {
  if (!existsSync(file)) return undefined;
  const parsed = JSON.parse(readFileSync(file, 'utf8')) as Partial<EmulatorState>;
  if (parsed.version !== 1 || typeof parsed.workspace !== 'object') {
    throw new Error(`${file} is not a Databricks emulator state file (expected {"version":1,...}).`);
  }
  return { ...createInitialState('unused', 0), ...parsed } as EmulatorState;
}
