import { gitFolderPath, workspaceFolderPath } from '../environment-paths';
import type { EnvironmentConfig, ProjectConfig } from '../config/load-config';
import type { GroupRole } from '../config/schema';

/** A principal that belongs to another environment: must not read this environment's secrets. */
export interface ForeignPrincipal {
  /** Group name, user name or service principal application id, as in ACLs. */
  readonly name: string;
  /** Why it is foreign, e.g. `the run-as service principal of staging`. */
  readonly why: string;
}

/**
 * What the rules know about the environment a stack deploys, beyond the stack's own resources.
 * Build it from config with {@link policyContextFromConfig}; tests write it by hand.
 */
export interface PolicyContext {
  /** Environment name: `dev`, `staging`, `prod`, ... */
  readonly environment: string;
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
}

/** Principals with secret access in one environment: admins, its run-as, groups its config gives `secrets`. */
function secretPrincipals(
  project: ProjectConfig,
  env: EnvironmentConfig,
): Array<{ name: string; why: string }> {
  const out: Array<{ name: string; why: string }> = [
    { name: project.groups.admins, why: 'the admins group' },
  ];
  const runAs = env.runAs?.servicePrincipal ?? env.runAs?.userName;
  if (runAs)
    out.push({
      name: runAs,
      why: `the run-as ${env.runAs?.servicePrincipal ? 'service principal' : 'user'} of ${env.name}`,
    });
  for (const [role, access] of Object.entries(env.access) as Array<[GroupRole, { secrets?: string }]>) {
    const group = project.groups[role];
    if (access?.secrets && group)
      out.push({ name: group, why: `group ${role} with secret access in ${env.name}` });
  }
  return out;
}

/**
 * The {@link PolicyContext} of one environment of a project: bounds from its config, its own
 * source folders, and the principals and folders of the other environments.
 */
export function policyContextFromConfig(project: ProjectConfig, env: EnvironmentConfig): PolicyContext {
  const others = project.environments.filter((e) => e.name !== env.name);
  const own = new Set(secretPrincipals(project, env).map((p) => p.name));
  const foreign = new Map<string, string>();
  for (const other of others) {
    for (const p of secretPrincipals(project, other)) {
      if (!own.has(p.name) && !foreign.has(p.name)) foreign.set(p.name, p.why);
    }
  }
  return {
    environment: env.name,
    maxAutoterminationMinutes: env.policy.maxAutoterminationMinutes,
    sourcePaths: [gitFolderPath(project, env), workspaceFolderPath(project, env)],
    foreignSourcePaths: others.flatMap((o) => [
      { environment: o.name, path: gitFolderPath(project, o) },
      { environment: o.name, path: workspaceFolderPath(project, o) },
    ]),
    adminGroups: [project.groups.admins],
    foreignPrincipals: [...foreign].map(([name, why]) => ({ name, why })),
  };
}

/** Whether a workspace path is the folder itself or inside it (`/Repos/a/b` is not inside `/Repos/a/b-dev`). */
export function isInside(path: string, folder: string): boolean {
  return path === folder || path.startsWith(folder.endsWith('/') ? folder : `${folder}/`);
}

export { gitFolderPath, workspaceFolderPath };
