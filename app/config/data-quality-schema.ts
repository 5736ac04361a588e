import { z } from 'zod';
import { UC_TABLE_NAME } from '../../lib/vocabulary';

/**
 * Config of the data-quality checks of a workflow's output tables (`workflows[].outputs`): what
 * the data-quality notebook (assets/notebooks/data_quality.py) asserts after each run.
 */

const count = z.number().int().min(0);
const column = z.string().min(1).max(255).meta({ description: 'Column name.' });

const range = <T extends z.ZodType<number>>(n: T) =>
  z.strictObject({
    min: n.optional().meta({ description: 'Lowest allowed value (inclusive).' }),
    max: n.optional().meta({ description: 'Highest allowed value (inclusive).' }),
  });

const ordered = (r: { min?: number; max?: number }) =>
  r.min === undefined || r.max === undefined || r.min <= r.max;
const ORDER_MESSAGE = 'min must not exceed max';

export const outputTableSchema = z
  .strictObject({
    table: z
      .string()
      .regex(UC_TABLE_NAME, 'a three-part Unity Catalog table name catalog.schema.table')
      .meta({ description: 'The output table, `catalog.schema.table`.' }),
    rowCount: range(count)
      .refine(ordered, ORDER_MESSAGE)
      .optional()
      .meta({ description: 'Allowed number of rows, e.g. `{ min: 1 }`.' }),
    nullRate: z
      .array(
        z.strictObject({
          column,
          max: z.number().min(0).max(1).meta({ description: 'Highest allowed share of NULLs, 0 to 1.' }),
        }),
      )
      .max(100)
      .optional()
      .meta({ description: 'Highest share of NULL values per column.' }),
    distinctCount: z
      .array(range(count).extend({ column }).refine(ordered, ORDER_MESSAGE))
      .max(100)
      .optional()
      .meta({ description: 'Allowed number of distinct non-NULL values per column.' }),
    freshness: z
      .strictObject({
        column: column.meta({ description: 'A timestamp (or date) column, e.g. the ingestion time.' }),
        maxAgeHours: z
          .number()
          .positive()
          .max(24 * 366)
          .meta({ description: 'Highest allowed age of its newest value.' }),
      })
      .optional()
      .meta({ description: 'The newest row is at most this old.' }),
  })
  .refine(
    (o) => o.rowCount || o.nullRate?.length || o.distinctCount?.length || o.freshness,
    'declares no check: add rowCount, nullRate, distinctCount or freshness, or remove the table',
  )
  .meta({ description: 'An output table and its data-quality checks.' });

/** `workflows[].outputs`. */
export const outputsSchema = z.array(outputTableSchema).max(50).default([]).meta({
  description:
    "Output tables and their data-quality checks, run as a task after the workflow's notebook and in the smoke job; a breach fails the run.",
});

export type OutputTableConfig = z.infer<typeof outputTableSchema>;
