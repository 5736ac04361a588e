import { gitFolderPath, workspaceFolderPath } from '../../stacks/environment-paths';
import type { ForeignPrincipal, PolicyContext } from '../../lib/policy/policy-context';
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
  };
}
