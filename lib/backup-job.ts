import { Token } from 'cdktf';
import { Construct } from 'constructs';
import { AssetNotebookJob, AssetNotebookJobProps, assertStorageUrl } from './asset-notebook-job';

/** Props of {@link BackupJob}. */
export interface BackupJobProps extends AssetNotebookJobProps {
  /** Critical Delta tables, `catalog.schema.table`. */
  readonly tables: readonly string[];
  /** Catalog receiving the deep clones (`<targetCatalog>.<schema>.<table>`). */
  readonly targetCatalog: string;
  /** Storage root of the backup catalog, in a separate bucket (`s3://`, `gs://`, `abfss://`). */
  readonly location: string;
}

const TABLE = /^[A-Za-z_][A-Za-z0-9_]*\.[A-Za-z_][A-Za-z0-9_]*\.[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * The blueprint's Delta Lake backup: a (daily) job that deep-clones each critical table into the
 * backup catalog. Deep clones are incremental, so a daily run copies only what changed.
 */
export class BackupJob extends AssetNotebookJob {
  /** The notebook's name: its task key, and `ops/<name>` in the environment's folder. */
  static readonly NOTEBOOK_NAME = 'backup_delta_tables';

  constructor(scope: Construct, id: string, props: BackupJobProps) {
    const bad = props.tables.filter((t) => !Token.isUnresolved(t) && !TABLE.test(t));
    if (props.tables.length === 0 || bad.length > 0) {
      throw new Error(
        `${scope.node.path}/${id}: tables must be non-empty catalog.schema.table names, found ${JSON.stringify(bad.length ? bad : props.tables)}`,
      );
    }
    assertStorageUrl(`${scope.node.path}/${id}`, props.location);
    super(
      scope,
      id,
      BackupJob.NOTEBOOK_NAME,
      { tables: props.tables.join(','), target_catalog: props.targetCatalog, location: props.location },
      props,
    );
  }
}
