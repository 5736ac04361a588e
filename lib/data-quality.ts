import { Notebook } from '@cdktf/provider-databricks/lib/notebook';
import { Token } from 'cdktf';
import { Construct } from 'constructs';
import { readNotebookFile } from './asset-notebook-job';
import { NotebookTaskProps } from './notebook-job';
import { WorkspaceFolder } from './workspace-folder';
import { UC_TABLE_NAME } from './vocabulary';

/** An inclusive range; either end may be open. */
export interface CheckRange {
  /** @default - no lower bound */
  readonly min?: number;
  /** @default - no upper bound */
  readonly max?: number;
}

/**
 * The declared data-quality checks of one output table (blueprint section 4: "assert on
 * pre-defined distribution thresholds"). The data-quality notebook evaluates them; a breach fails
 * the run.
 */
export interface TableChecks {
  /** Three-part Unity Catalog name, `catalog.schema.table`. */
  readonly table: string;
  /** Number of rows. @default - not checked */
  readonly rowCount?: CheckRange;
  /** Share of NULLs in a column, 0..1, at most `max`. @default [] */
  readonly nullRate?: ReadonlyArray<{ readonly column: string; readonly max: number }>;
  /** Number of distinct non-NULL values of a column. @default [] */
  readonly distinctCount?: ReadonlyArray<CheckRange & { readonly column: string }>;
  /** The newest value of a timestamp column is at most `maxAgeHours` old. @default - not checked */
  readonly freshness?: { readonly column: string; readonly maxAgeHours: number };
}

/** Task key of the data-quality task in a job. */
export const DATA_QUALITY_TASK_KEY = 'data_quality';

/** Name of the notebook under `ops/` in the environment's folder (this repository ships it as `assets/notebooks/data_quality.py`). */
export const DATA_QUALITY_ASSET = 'data_quality';

/** Props of {@link DataQualityNotebook}. */
export interface DataQualityNotebookProps {
  /** The environment's folder; the notebook is uploaded to `<folder>/ops/data_quality`. */
  readonly folder: WorkspaceFolder;
  /**
   * Path of the data-quality notebook's source file (Databricks `.py` source format), read at synth
   * time; a plain path, never a token. It receives the `checks` (and `table_overrides`) parameters
   * as JSON and fails the run on a breach; this repository ships it as `assets/notebooks/data_quality.py`.
   */
  readonly notebookFile: string;
}

/**
 * The data-quality notebook the program ships ({@link DataQualityNotebookProps.notebookFile}), uploaded once per
 * environment. Jobs run it as their last task ({@link DataQualityNotebook.task}) with the checks
 * of their output tables as a parameter.
 */
export class DataQualityNotebook extends Construct {
  readonly notebook: Notebook;
  /** Workspace path of the uploaded notebook. */
  readonly notebookPath: string;

  constructor(scope: Construct, id: string, props: DataQualityNotebookProps) {
    super(scope, id);
    this.notebook = props.folder.addNotebook(this, 'Notebook', {
      name: `ops/${DATA_QUALITY_ASSET}`,
      content: readNotebookFile(this.node.path, props.notebookFile),
    });
    this.notebookPath = this.notebook.path;
  }

  /**
   * The task that checks `outputs` (validated here).
   * @param where construct path of the job, for messages
   * @param tableOverrides declared table → table to check instead, with the same thresholds
   */
  task(
    where: string,
    outputs: readonly TableChecks[],
    tableOverrides: Readonly<Record<string, string>> = {},
  ): NotebookTaskProps {
    outputs.forEach((o, i) => assertTableChecks(`${where}: dataQuality.outputs[${i}]`, o));
    return {
      taskKey: DATA_QUALITY_TASK_KEY,
      notebookPath: this.notebookPath,
      parameters: {
        checks: JSON.stringify(outputs),
        ...(Object.keys(tableOverrides).length > 0
          ? { table_overrides: JSON.stringify(tableOverrides) }
          : {}),
      },
    };
  }
}

/** What a job needs to end with the data-quality task. */
export interface DataQualityTaskProps {
  readonly notebook: DataQualityNotebook;
  /** The output tables to check; none: no task. */
  readonly outputs: readonly TableChecks[];
  /** Declared table → table to check instead (the canary's own outputs). @default {} */
  readonly tableOverrides?: Readonly<Record<string, string>>;
}

/** The data-quality task of a job, or none when no output is declared. */
export function dataQualityTasks(
  where: string,
  props: DataQualityTaskProps | undefined,
): NotebookTaskProps[] {
  if (!props || props.outputs.length === 0) return [];
  return [props.notebook.task(where, props.outputs, props.tableOverrides)];
}

const known = (n: number | undefined): n is number => n !== undefined && !Token.isUnresolved(n);

function assertRange(where: string, range: CheckRange): void {
  for (const [key, n] of Object.entries(range) as Array<[string, number | undefined]>) {
    if (key !== 'min' && key !== 'max') continue;
    if (known(n) && (!Number.isFinite(n) || n < 0)) {
      throw new Error(`${where}.${key}: expected a number of at least 0, found ${n}`);
    }
  }
  if (known(range.min) && known(range.max) && range.min > range.max) {
    throw new Error(`${where}: min (${range.min}) must not exceed max (${range.max}); swap them`);
  }
}

/** Fails with the field and the fix when a table's checks cannot be evaluated as declared. */
export function assertTableChecks(where: string, checks: TableChecks): void {
  if (!Token.isUnresolved(checks.table) && !UC_TABLE_NAME.test(checks.table)) {
    throw new Error(`${where}.table: expected catalog.schema.table, found ${JSON.stringify(checks.table)}`);
  }
  const declared =
    (checks.rowCount ? 1 : 0) +
    (checks.nullRate?.length ?? 0) +
    (checks.distinctCount?.length ?? 0) +
    (checks.freshness ? 1 : 0);
  if (declared === 0) {
    throw new Error(
      `${where}: declares no check; add rowCount, nullRate, distinctCount or freshness, or remove the table`,
    );
  }
  if (checks.rowCount) assertRange(`${where}.rowCount`, checks.rowCount);
  (checks.nullRate ?? []).forEach((c, i) => {
    if (known(c.max) && !(c.max >= 0 && c.max <= 1)) {
      throw new Error(`${where}.nullRate[${i}].max: expected a share from 0 to 1, found ${c.max}`);
    }
  });
  (checks.distinctCount ?? []).forEach((c, i) => assertRange(`${where}.distinctCount[${i}]`, c));
  if (checks.freshness && known(checks.freshness.maxAgeHours) && !(checks.freshness.maxAgeHours > 0)) {
    throw new Error(
      `${where}.freshness.maxAgeHours: expected a positive number of hours, found ${checks.freshness.maxAgeHours}`,
    );
  }
}
