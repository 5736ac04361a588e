import { SqlEndpoint } from '@cdktf/provider-databricks/lib/sql-endpoint';
import { Token } from 'cdktf';
import { Construct } from 'constructs';
import { IGrantable } from './grantable';
import { quoteValue } from './text/quote-value';
import { ObjectPermissions, PermissionLevel } from './object-permissions';
import { Principal } from './principal';
import { IDENTITY_TAG } from './vocabulary';

/** Warehouse sizes the SQL Warehouses API accepts (`cluster_size`), smallest first. */
export const WAREHOUSE_SIZES = [
  '2X-Small',
  'X-Small',
  'Small',
  'Medium',
  'Large',
  'X-Large',
  '2X-Large',
  '3X-Large',
  '4X-Large',
] as const;
/** One of {@link WAREHOUSE_SIZES}. */
export type WarehouseSize = (typeof WAREHOUSE_SIZES)[number];

/** Props of {@link SqlWarehouse}. */
export interface SqlWarehouseProps {
  /** Display name of the warehouse, unique in the workspace. */
  readonly name: string;
  /** @default '2X-Small' */
  readonly size?: WarehouseSize;
  /**
   * Minutes of inactivity after which the warehouse stops. The API takes 10 or more (0, never, is
   * refused here: an always-on warehouse is a cost surprise). @default 10
   */
  readonly autoStopMinutes?: number;
  /** Serverless compute (a PRO warehouse). Turn off where the workspace has no serverless SQL. @default true */
  readonly serverless?: boolean;
  /** @default 1 */
  readonly maxClusters?: number;
  /** Custom tags of the warehouse's compute. @default {} */
  readonly tags?: Readonly<Record<string, string>>;
}

/**
 * A Databricks SQL warehouse (`databricks_sql_endpoint`) that stops when idle, with its permissions.
 * Queries, alerts and dashboards run on it.
 */
export class SqlWarehouse extends Construct implements IGrantable<PermissionLevel<'sqlWarehouse'>> {
  readonly warehouseId: string;
  readonly resource: SqlEndpoint;
  private readonly permissions: ObjectPermissions<'sqlWarehouse'>;

  constructor(scope: Construct, id: string, props: SqlWarehouseProps) {
    super(scope, id);
    const autoStopMinutes = props.autoStopMinutes ?? 10;
    const maxClusters = props.maxClusters ?? 1;
    const size = props.size ?? '2X-Small';
    const where = this.node.path;
    if (!Token.isUnresolved(size) && !WAREHOUSE_SIZES.includes(size)) {
      throw new Error(
        `${where}: size must be one of ${WAREHOUSE_SIZES.join(', ')}, found ${quoteValue(size)}`,
      );
    }
    if (
      !Token.isUnresolved(autoStopMinutes) &&
      (!Number.isInteger(autoStopMinutes) || autoStopMinutes < 10)
    ) {
      throw new Error(
        `${where}: autoStopMinutes must be a whole number of at least 10, found ${autoStopMinutes}`,
      );
    }
    if (
      !Token.isUnresolved(maxClusters) &&
      (!Number.isInteger(maxClusters) || maxClusters < 1 || maxClusters > 30)
    ) {
      throw new Error(`${where}: maxClusters must be a whole number from 1 to 30, found ${maxClusters}`);
    }
    const serverless = props.serverless ?? true;
    const tags = { ...(props.tags ?? {}), [IDENTITY_TAG]: `${this.node.path}/Resource` };
    this.resource = new SqlEndpoint(this, 'Resource', {
      name: props.name,
      clusterSize: size,
      autoStopMins: autoStopMinutes,
      maxNumClusters: maxClusters,
      enableServerlessCompute: serverless,
      warehouseType: serverless ? 'PRO' : 'CLASSIC',
      tags: {
        customTags: Object.entries(tags)
          .sort(([a], [b]) => (a < b ? -1 : 1))
          .map(([key, value]) => ({ key, value })),
      },
    });
    this.warehouseId = this.resource.id;
    this.permissions = new ObjectPermissions(this, 'Permissions', {
      kind: 'sqlWarehouse',
      objectId: this.warehouseId,
    });
  }

  /** Grants CAN_VIEW, CAN_MONITOR, CAN_USE or CAN_MANAGE on the warehouse. */
  grant(principal: Principal, level: PermissionLevel<'sqlWarehouse'>): void {
    this.permissions.grant(principal, level);
  }

  /** Lets a principal run queries on the warehouse (CAN_USE). */
  grantUse(principal: Principal): void {
    this.grant(principal, 'CAN_USE');
  }
}
