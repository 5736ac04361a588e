import type { EnvironmentSpec, ProjectSpec } from './workspace-spec';

/** Where an environment's objects live in the workspace: one formula for the stack and the policies. */

/**
 * The Git folder path of an environment, as `WorkspaceStack` mounts it: `/Repos/<owner>/<name>`,
 * the name defaulting to `<project>-<env>`.
 */
export function gitFolderPath(
  project: Pick<ProjectSpec, 'project'>,
  env: Pick<EnvironmentSpec, 'name' | 'mount'>,
): string {
  return `/Repos/${env.mount.owner}/${env.mount.name ?? `${project.project.name}-${env.name}`}`;
}

/** The environment's own workspace folder, as `WorkspaceStack` creates it: `/Shared/<project>/<env>`. */
export function workspaceFolderPath(
  project: Pick<ProjectSpec, 'project'>,
  env: Pick<EnvironmentSpec, 'name' | 'mount'>,
): string {
  return `/Shared/${project.project.name}/${env.name}`;
}
