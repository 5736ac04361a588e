import type { EnvironmentSpec, ProjectSpec, WorkflowSpec } from './workspace-spec';

/**
 * How a partitioned environment is split into stacks: the core stack keeps the environment's name
 * (and so its state, its outputs and every construct id of the unpartitioned layout); each workflow
 * group gets a stack of its own holding those jobs and their permissions.
 */

/** One stack of a partitioned environment. */
export interface PartitionStack {
  /** The stack's name: its folder under `cdktf.out/stacks/` and the `cdktf deploy` argument. */
  readonly name: string;
  /**
   * `core`: Git folder, policies, clusters, built-in jobs, ungrouped workflows; `group`: one
   * workflow group; `monitoring`: the job-health monitoring of every job (when observability is on).
   */
  readonly role: 'core' | 'group' | 'monitoring';
  /** The workflow group (group stacks only). */
  readonly group?: string;
}

/** The layout of one partitioned environment. */
export interface PartitionLayout {
  readonly environment: string;
  /** Core first, then the groups sorted by name, then monitoring: the order plans and applies run in. */
  readonly stacks: readonly PartitionStack[];
  /** A stack skipped as unchanged is planned anyway once its last refresh is older than this. */
  readonly maxStalenessHours: number;
}

/** The stack name of a workflow group: `<env>-jobs-<group>`. */
export function groupStackName(environment: string, group: string): string {
  return `${environment}-jobs-${group}`;
}

/** The stack name of a partitioned environment's job-health monitoring: `<env>-monitoring`. */
export function monitoringStackName(environment: string): string {
  return `${environment}-monitoring`;
}

/** True when the environment is synthesized as several stacks. */
export function isPartitioned(env: Pick<EnvironmentSpec, 'partitioning'>): boolean {
  return env.partitioning?.enabled === true;
}

/**
 * The workflows each stack of the environment holds: `undefined` (the core stack) maps to every
 * workflow outside a group, and to all of them when the environment is not partitioned.
 */
export function workflowsByGroup(
  project: Pick<ProjectSpec, 'workflows'>,
  env: Pick<EnvironmentSpec, 'partitioning'>,
): Map<string | undefined, WorkflowSpec[]> {
  const byGroup = new Map<string | undefined, WorkflowSpec[]>([[undefined, []]]);
  const partitioned = isPartitioned(env);
  for (const w of project.workflows) {
    const key = partitioned ? w.group : undefined;
    byGroup.set(key, [...(byGroup.get(key) ?? []), w]);
  }
  return byGroup;
}

/** The layout of a partitioned environment, or `undefined` when it is one stack. */
export function partitionLayout(
  project: Pick<ProjectSpec, 'workflows' | 'observability'>,
  env: Pick<EnvironmentSpec, 'name' | 'partitioning'>,
): PartitionLayout | undefined {
  if (!isPartitioned(env)) return undefined;
  const groups = [...workflowsByGroup(project, env).keys()]
    .filter((g): g is string => g !== undefined)
    .sort();
  return {
    environment: env.name,
    stacks: [
      { name: env.name, role: 'core' },
      ...groups.map((group) => ({ name: groupStackName(env.name, group), role: 'group' as const, group })),
      ...(project.observability?.enabled && project.workflows.length > 0
        ? [{ name: monitoringStackName(env.name), role: 'monitoring' as const }]
        : []),
    ],
    maxStalenessHours: env.partitioning!.maxStalenessHours,
  };
}

/**
 * The file synth writes beside `stacks/` in its output folder when some environment is partitioned:
 * the layout of each partitioned environment, which plan and deploy read. Absent otherwise, so an
 * unpartitioned project's output is what it always was.
 */
export const PARTITIONS_FILE = 'partitions.json';

/** Contents of {@link PARTITIONS_FILE}: the layouts by environment name. */
export type PartitionManifest = Readonly<Record<string, PartitionLayout>>;

/**
 * The name of a stack's own state beside its environment's: the part of the stack name after the
 * environment's (`-jobs-<group>`), empty for the core stack.
 */
export function stateKeySuffix(environment: string, stackName: string): string {
  return stackName === environment ? '' : stackName.slice(environment.length);
}
