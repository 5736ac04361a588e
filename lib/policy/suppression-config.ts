import { TerraformStack } from 'cdktf';
import { IConstruct } from 'constructs';
import { z } from 'zod';
import { ConfigIssue } from '../config/config-error';
import { EnvironmentConfig } from '../config/load-config';
import { MIN_REASON_LENGTH, PolicySuppressions, suppressionProblem } from './policy-suppressions';

/**
 * The `suppressions` list of an environment file (`<env>.yaml`): each entry names a construct
 * (path relative to the environment's stack), a rule id and a reason.
 *
 * @example
 * suppressions:
 *   - path: Jobs/backfill-orders
 *     rule: DBX-J4
 *     reason: Backfill runs one partition per run, 20 in parallel by design.
 */
export const suppressionsSchema = z
  .array(
    z.strictObject({
      path: z.string().min(1).meta({
        description: 'Construct path relative to the stack, e.g. `Jobs/ingest-orders` or `Clusters/shared`.',
      }),
      rule: z
        .string()
        .regex(/^DBX-[A-Z]\d+$/, 'a rule id such as DBX-J4 (npm run policy -- rules)')
        .meta({ description: 'Rule id (`npm run policy -- rules`).' }),
      reason: z
        .string()
        .min(MIN_REASON_LENGTH)
        .meta({ description: `Why the exception is acceptable (at least ${MIN_REASON_LENGTH} characters).` }),
    }),
  )
  .default([])
  .meta({ description: 'Accepted exceptions to policy rules (docs/guardrails.md).' });

/** One entry of an environment's `suppressions`. */
export type SuppressionConfig = z.infer<typeof suppressionsSchema>[number];

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
 * Applies an environment's configured suppressions to its stack.
 * @returns one issue per entry with an unknown rule, a short reason or a path that matches nothing
 */
export function applyConfigSuppressions(
  stack: TerraformStack,
  suppressions: readonly SuppressionConfig[],
  file: string,
): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  suppressions.forEach((s, i) => {
    const problem = suppressionProblem(s.rule, s.reason);
    if (problem) {
      issues.push({ file, path: `suppressions[${i}]`, message: problem });
      return;
    }
    const target = s.path.trim() === '' ? undefined : findByPath(stack, s.path.replace(/^\/+|\/+$/g, ''));
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
