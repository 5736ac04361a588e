import { gitFolderPath, workspaceFolderPath } from '../../stacks/environment-paths';
import type { ForeignPrincipal, PolicyContext, WriteTarget } from '../../lib/policy/policy-context';
import { BUILT_IN_JOB_KEYS } from '../../lib/vocabulary';
import type { EnvironmentConfig, ProjectConfig } from '../config/load-config';
import type { GroupRole } from '../config/schema';

/** Principals with secret access in one environment: admins, its run-as, groups its config gives `secrets`. */
function secretPrincipals(project: ProjectConfig, env: EnvironmentConfig): ForeignPrincipal[] {
  const out: ForeignPrincipal[] = [{ name: project.groups.admins, why: 'the admins group' }];
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

/** Where an environment's jobs write: target parameters of workflows, the backup catalog and location, the export location. */
function writeTargets(env: EnvironmentConfig): WriteTarget[] {
  const job = (key: string) => `${env.jobNamePrefix}${key}`;
  const { workflowParameters, workflowTargets, backup, unityCatalogExport } = env.values;
  return [
    ...Object.entries(workflowTargets).flatMap(([name, keys]) =>
      keys
        .filter((k) => workflowParameters[name][k] !== undefined)
        .map((k) => ({ jobName: job(name), parameter: k, target: workflowParameters[name][k] })),
    ),
    { jobName: job(BUILT_IN_JOB_KEYS.backup), parameter: 'target_catalog', target: backup.targetCatalog },
    { jobName: job(BUILT_IN_JOB_KEYS.backup), parameter: 'location', target: backup.location },
    {
      jobName: job(BUILT_IN_JOB_KEYS.unityCatalogExport),
      parameter: 'location',
      target: unityCatalogExport.location,
    },
  ];
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
    tier: env.tier,
    maxAutoterminationMinutes: env.policy.maxAutoterminationMinutes,
    sourcePaths: [gitFolderPath(project, env), workspaceFolderPath(project, env)],
    foreignSourcePaths: others.flatMap((o) => [
      { environment: o.name, path: gitFolderPath(project, o) },
      { environment: o.name, path: workspaceFolderPath(project, o) },
    ]),
    adminGroups: [project.groups.admins],
    foreignPrincipals: [...foreign].map(([name, why]) => ({ name, why })),
    writeTargets: writeTargets(env),
    foreignWriteTargets: others.flatMap((o) => writeTargets(o).map((t) => ({ ...t, environment: o.name }))),
    readOnlyInputs: env.data.readOnlyInputs,
  };
}
