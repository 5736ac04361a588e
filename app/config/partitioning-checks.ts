import { partitionLayout } from '../../stacks/partition-layout';
import type { Report } from './isolation-checks';
import type { LoadedEnvironment } from './load-config';
import type { ProjectFile } from './schema';

/** State backends whose key a partitioned environment's extra stacks can derive from the environment's. */
const PARTITIONABLE_BACKENDS = ['local', 'pg'];

/**
 * A partitioned environment (`partitioning.enabled`) needs a state backend each stack can get its
 * own state in, and stack names no other environment uses.
 */
export function checkPartitioning(
  project: ProjectFile,
  envs: readonly LoadedEnvironment[],
  projectFile: string,
  report: Report,
): void {
  const names = new Set(envs.map((e) => e.name));
  for (const env of envs) {
    const layout = partitionLayout(project, env);
    if (!layout) continue;
    if (!PARTITIONABLE_BACKENDS.includes(env.stateBackend.type)) {
      report(
        env.file,
        'stateBackend.type',
        `expected ${PARTITIONABLE_BACKENDS.join(' or ')} with partitioning.enabled (each stack gets its own state beside the environment's), found ${JSON.stringify(env.stateBackend.type)}; change the backend or set partitioning.enabled: false`,
      );
    }
    for (const stack of layout.stacks) {
      if (stack.role !== 'core' && names.has(stack.name)) {
        report(
          projectFile,
          'workflows[].group',
          `expected stack names that are not the name of an environment, found ${stack.name} (${stack.group ? `group ${JSON.stringify(stack.group)}` : 'the monitoring stack'}); rename the ${stack.group ? 'group' : 'environment'}`,
        );
      }
    }
  }
}
