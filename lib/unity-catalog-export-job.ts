import { Token } from 'cdktf';
import { Construct } from 'constructs';
import { AssetNotebookJob, AssetNotebookJobProps, assertStorageUrl } from './asset-notebook-job';

/** Props of {@link UnityCatalogExportJob}. */
export interface UnityCatalogExportJobProps extends AssetNotebookJobProps {
  /** Catalogs whose schemas, tables, columns and grants are exported. */
  readonly catalogs: readonly string[];
  /** Storage root the JSON exports are written to. */
  readonly location: string;
}

/**
 * The blueprint's Unity Catalog export: a periodic job writing the schemas, table definitions and
 * grants of the configured catalogs as JSON to the DR location (restored per docs/RUNBOOK-dr.md).
 */
export class UnityCatalogExportJob extends AssetNotebookJob {
  /** The notebook's name: its task key, and `ops/<name>` in the environment's folder. */
  static readonly NOTEBOOK_NAME = 'export_unity_catalog';

  constructor(scope: Construct, id: string, props: UnityCatalogExportJobProps) {
    if (
      props.catalogs.length === 0 ||
      props.catalogs.some((c) => !Token.isUnresolved(c) && !/^[A-Za-z_][A-Za-z0-9_]*$/.test(c))
    ) {
      throw new Error(
        `${scope.node.path}/${id}: catalogs must be non-empty catalog names, found ${JSON.stringify(props.catalogs)}`,
      );
    }
    assertStorageUrl(`${scope.node.path}/${id}`, props.location);
    super(
      scope,
      id,
      UnityCatalogExportJob.NOTEBOOK_NAME,
      { catalogs: props.catalogs.join(','), location: props.location },
      props,
    );
  }
}
