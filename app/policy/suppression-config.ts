import { TerraformStack } from 'cdktf';
import { IConstruct } from 'constructs';
import { ConfigIssue } from '../config/config-error';
import type { EnvironmentConfig } from '../config/load-config';
import { PolicySuppressions, suppressionProblem } from '../../lib/policy/policy-suppressions';
import { SuppressionConfig } from '../../lib/policy/suppression-schema';

/** The environment's configured suppressions (none when the config has no `suppressions`). */
export function configuredSuppressions(env: EnvironmentConfig): readonly SuppressionConfig[] {
  return (env as EnvironmentConfig & { suppressions?: readonly SuppressionConfig[] }).suppressions ?? [];
}

/** The construct at `path` below `stack` (segments of construct ids), or undefined. */
function findByPath(stack: TerraformStack, path: string): IConstruct | undefined {
  let node: IConstruct | undefined = stack;
  for (const id of path.split('/')) {
    node = node?.node.tryFindChild(id);
    if (!node) return undefined;
  }
  return node;
}

/**
 * Applies an environment's configured suppressions to its stack (or stacks, when partitioned: a
 * path relative to a stack, looked up in each, the core stack first).
 * @returns one issue per entry with an unknown rule, a short reason or a path that matches nothing
 */
export function applyConfigSuppressions(
  stacks: TerraformStack | readonly TerraformStack[],
  suppressions: readonly SuppressionConfig[],
  file: string,
): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  // A partitioned environment's stacks: a path names a construct in any of them (the core first).
  const all: readonly TerraformStack[] = Array.isArray(stacks) ? stacks : [stacks];
  const stack = all[0];
  suppressions.forEach((s, i) => {
    const problem = suppressionProblem(s.rule, s.reason);
    if (problem) {
      issues.push({ file, path: `suppressions[${i}]`, message: problem });
      return;
    }
    const relative = s.path.replace(/^\/+|\/+$/g, '');
    const target =
      s.path.trim() === '' ? undefined : all.map((stack) => findByPath(stack, relative)).find((t) => t);
    if (!target) {
      const topLevel = stack.node.children.map((c) => c.node.id).join(', ');
      issues.push({
        file,
        path: `suppressions[${i}].path`,
        message: `expected the path of a construct in the ${stack.node.id} stack, relative to it (top level: ${topLevel}), found ${JSON.stringify(s.path)}`,
      });
      return;
    }
    PolicySuppressions.add(target, s.rule, s.reason, file);
  });
  return issues;
}
