import type { Tier } from '../vocabulary';

/** A principal that belongs to another environment: must not read this environment's secrets. */
export interface ForeignPrincipal {
  /** Group name, user name or service principal application id, as in ACLs. */
  readonly name: string;
  /** Why it is foreign, e.g. `the run-as service principal of staging`. */
  readonly why: string;
}

/** A job parameter naming where the job writes (DBX-D1). */
export interface WriteTarget {
  /** The job's full name, e.g. `Prod – ingest-orders`. */
  readonly jobName: string;
  /** The notebook parameter holding the target, e.g. `target_schema`. */
  readonly parameter: string;
  /** The target: a Unity Catalog name or a storage URL. */
  readonly target: string;
}

/**
 * What the rules know about the environment a stack deploys, beyond the stack's own resources.
 * The program builds it from config; tests write it by hand.
 */
export interface PolicyContext {
  /** Environment name: `dev`, `staging`, `prod`, `qa`, ... (for messages only). */
  readonly environment: string;
  /** How strict the environment is: decides which rules apply. */
  readonly tier: Tier;
  /** Upper bound on all-purpose clusters' autotermination in prod (DBX-C2). */
  readonly maxAutoterminationMinutes: number;
  /** Workspace folders jobs may run notebooks from: the environment's Git folder and its own folder (DBX-J2). */
  readonly sourcePaths: readonly string[];
  /** Other environments' Git folders and folders, to say whose a wrong path is (DBX-J2). */
  readonly foreignSourcePaths: ReadonlyArray<{ readonly environment: string; readonly path: string }>;
  /** Groups allowed CAN_MANAGE in prod (DBX-P1). */
  readonly adminGroups: readonly string[];
  /** Principals of other environments that must not be on this environment's secret ACLs (DBX-S2). */
  readonly foreignPrincipals: readonly ForeignPrincipal[];
  /** Where this environment's jobs write, by job and parameter (DBX-D1). */
  readonly writeTargets: readonly WriteTarget[];
  /** Where the other environments' jobs write (DBX-D1). */
  readonly foreignWriteTargets: ReadonlyArray<WriteTarget & { readonly environment: string }>;
  /** Data this environment reads from elsewhere and must never write, e.g. prod tables staging reads (DBX-D1). */
  readonly readOnlyInputs: readonly string[];
}

/** Whether a workspace path is the folder itself or inside it (`/Repos/a/b` is not inside `/Repos/a/b-dev`). */
export function isInside(path: string, folder: string): boolean {
  return path === folder || path.startsWith(folder.endsWith('/') ? folder : `${folder}/`);
}
