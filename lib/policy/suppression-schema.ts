import { z } from 'zod';

/**
 * The config side of policy suppressions, with no dependency beyond zod so that the config schema
 * (`app/config/schema.ts`) can import it.
 */

/** A suppression's reason must say why, in at least this many characters. */
export const MIN_REASON_LENGTH = 20;

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
