import { alreadyExists, invalidParameter, notFound } from '../api-error';
import { uniqueId, uuid } from '../ids';
import { isJsonObject, type Json, type JsonObject } from '../json';
import { optionalInt, optionalString, requiredString } from '../request-fields';
import type { Route } from '../router';
import type { SqlState } from '../state';
import type { Store } from '../store';
import { findObject, isContainer } from '../workspace-tree';

/** Sizes `cluster_size` takes, as the SQL Warehouses API lists them. */
const WAREHOUSE_SIZES = [
  '2X-Small',
  'X-Small',
  'Small',
  'Medium',
  'Large',
  'X-Large',
  '2X-Large',
  '3X-Large',
  '4X-Large',
];
const ALERT_OPERATORS = [
  'GREATER_THAN',
  'GREATER_THAN_OR_EQUAL',
  'LESS_THAN',
  'LESS_THAN_OR_EQUAL',
  'EQUAL',
  'NOT_EQUAL',
  'IS_NULL',
];

const sqlOf = (store: Store): SqlState => store.state.sql;
const timestamp = (store: Store): string => new Date(store.now()).toISOString();

/** A lower-case hex id like warehouse ids (16 characters). */
function warehouseId(store: Store): string {
  return uniqueId(
    () => uuid().replace(/-/g, '').slice(0, 16),
    (id) => sqlOf(store).warehouses[id] !== undefined,
  );
}

function getWarehouse(store: Store, id: string): JsonObject {
  const warehouse = sqlOf(store).warehouses[id];
  if (!warehouse) throw notFound(`Warehouse ${id} does not exist.`);
  return warehouse;
}

/** Checks the editable fields of a warehouse as the API does; returns them with the service's defaults. */
function warehouseSpec(args: JsonObject, current?: JsonObject): JsonObject {
  const spec: JsonObject = { ...(current ?? {}), ...args };
  delete spec.id;
  const name = requiredString(spec, 'name');
  if (name.length > 100) throw invalidParameter('Warehouse name must be at most 100 characters.');
  const size = requiredString(spec, 'cluster_size');
  if (!WAREHOUSE_SIZES.includes(size)) {
    throw invalidParameter(
      `Invalid cluster_size ${JSON.stringify(size)}; expected one of ${WAREHOUSE_SIZES.join(', ')}.`,
    );
  }
  const autoStop = optionalInt(spec, 'auto_stop_mins') ?? 120;
  if (autoStop !== 0 && autoStop < 10) {
    throw invalidParameter(`auto_stop_mins must be 0 (never) or at least 10, got ${autoStop}.`);
  }
  const maxClusters = optionalInt(spec, 'max_num_clusters') ?? 1;
  const minClusters = optionalInt(spec, 'min_num_clusters') ?? 1;
  if (maxClusters < 1 || maxClusters > 30 || minClusters < 1 || minClusters > maxClusters) {
    throw invalidParameter(
      `Cluster counts must satisfy 1 <= min_num_clusters (${minClusters}) <= max_num_clusters (${maxClusters}) <= 30.`,
    );
  }
  const type = optionalString(spec, 'warehouse_type') ?? 'CLASSIC';
  if (!['PRO', 'CLASSIC', 'TYPE_UNSPECIFIED'].includes(type)) {
    throw invalidParameter(`Invalid warehouse_type ${JSON.stringify(type)}; expected PRO or CLASSIC.`);
  }
  if (spec.enable_serverless_compute === true && type !== 'PRO') {
    throw invalidParameter('Serverless compute requires warehouse_type PRO.');
  }
  return {
    ...spec,
    auto_stop_mins: autoStop,
    max_num_clusters: maxClusters,
    min_num_clusters: minClusters,
    warehouse_type: type,
    enable_serverless_compute: spec.enable_serverless_compute === true,
    enable_photon: spec.enable_photon !== false,
    spot_instance_policy: optionalString(spec, 'spot_instance_policy') ?? 'COST_OPTIMIZED',
    channel: isJsonObject(spec.channel) ? spec.channel : { name: 'CHANNEL_NAME_CURRENT' },
  };
}

function uniqueWarehouseName(store: Store, name: Json, except?: string): void {
  const taken = Object.values(sqlOf(store).warehouses).some((w) => w.name === name && w.id !== except);
  if (taken) throw alreadyExists(`A warehouse named ${JSON.stringify(name)} already exists.`);
}

function createWarehouse(store: Store, args: JsonObject): Json {
  const spec = warehouseSpec(args);
  uniqueWarehouseName(store, spec.name);
  const id = warehouseId(store);
  const host = store.baseUrl.replace(/^https?:\/\//, '') || 'localhost';
  sqlOf(store).warehouses[id] = {
    ...spec,
    id,
    creator_name: store.userName,
    // A new warehouse starts at once here (a workspace takes a minute; the provider waits for RUNNING).
    state: 'RUNNING',
    num_clusters: 1,
    num_active_sessions: 0,
    health: { status: 'HEALTHY' },
    jdbc_url: `jdbc:spark://${host}:443/default;transportMode=http;ssl=1;AuthMech=3;httpPath=/sql/1.0/warehouses/${id};`,
    odbc_params: { hostname: host, path: `/sql/1.0/warehouses/${id}`, protocol: 'https', port: 443 },
  };
  sqlOf(store).dataSources[id] = uuid();
  store.touch();
  return { id };
}

function setWarehouseState(store: Store, id: string, state: 'RUNNING' | 'STOPPED'): Json {
  getWarehouse(store, id).state = state;
  store.touch();
  return {};
}

/** A workspace folder that must exist for a query, alert or dashboard (404 in the API's words otherwise). */
function requireParent(store: Store, parentPath: string | undefined): void {
  if (parentPath === undefined) return;
  const folder = findObject(store, parentPath);
  if (!folder || !isContainer(folder)) throw notFound(`Path (${parentPath}) doesn't exist.`);
}

/** The queries or alerts of the workspace: create, get, update by mask, trash. */
type SqlObjectKind = 'queries' | 'alerts';

const BODY_FIELD: Record<SqlObjectKind, string> = { queries: 'query', alerts: 'alert' };

function getSqlObject(store: Store, kind: SqlObjectKind, id: string): JsonObject {
  const found = sqlOf(store)[kind][id];
  if (!found) throw notFound(`${kind === 'queries' ? 'Query' : 'Alert'} ${id} does not exist.`);
  return found;
}

/** Checks a query's or an alert's fields; references (warehouse, query, folder) must exist. */
function checkSqlObject(store: Store, kind: SqlObjectKind, fields: JsonObject): void {
  const name = requiredString(fields, 'display_name');
  if (name.trim() === '') throw invalidParameter('display_name must not be blank.');
  requireParent(store, optionalString(fields, 'parent_path'));
  if (kind === 'queries') {
    requiredString(fields, 'query_text');
    getWarehouse(store, requiredString(fields, 'warehouse_id'));
    return;
  }
  const query = sqlOf(store).queries[requiredString(fields, 'query_id')];
  if (!query || query.lifecycle_state === 'TRASHED') {
    throw notFound(`Query ${String(fields.query_id)} does not exist.`);
  }
  const condition = fields.condition;
  if (!isJsonObject(condition)) throw invalidParameter('Missing required field: condition');
  if (typeof condition.op !== 'string' || !ALERT_OPERATORS.includes(condition.op)) {
    throw invalidParameter(
      `Invalid condition.op ${JSON.stringify(condition.op)}; expected one of ${ALERT_OPERATORS.join(', ')}.`,
    );
  }
  const column =
    isJsonObject(condition.operand) && isJsonObject(condition.operand.column)
      ? condition.operand.column
      : undefined;
  if (!column || typeof column.name !== 'string' || column.name === '') {
    throw invalidParameter('Missing required field: condition.operand.column.name');
  }
}

function createSqlObject(store: Store, kind: SqlObjectKind, args: JsonObject): Json {
  const fields = args[BODY_FIELD[kind]];
  if (!isJsonObject(fields)) throw invalidParameter(`Missing required field: ${BODY_FIELD[kind]}`);
  checkSqlObject(store, kind, fields);
  const id = uuid();
  const now = timestamp(store);
  const record: JsonObject = {
    ...structuredClone(fields),
    id,
    owner_user_name: store.userName,
    lifecycle_state: 'ACTIVE',
    create_time: now,
    update_time: now,
    ...(kind === 'queries' ? { last_modifier_user_name: store.userName } : { state: 'UNKNOWN' }),
  };
  sqlOf(store)[kind][id] = record;
  store.touch();
  return record;
}

/** PATCH with `update_mask`: only the named fields change (`*` would replace all; not used by the provider). */
function updateSqlObject(store: Store, kind: SqlObjectKind, id: string, args: JsonObject): Json {
  const record = getSqlObject(store, kind, id);
  if (record.lifecycle_state === 'TRASHED')
    throw notFound(`${kind === 'queries' ? 'Query' : 'Alert'} ${id} is in the trash.`);
  const mask = requiredString(args, 'update_mask');
  const fields = args[BODY_FIELD[kind]];
  if (!isJsonObject(fields)) throw invalidParameter(`Missing required field: ${BODY_FIELD[kind]}`);
  const next: JsonObject = { ...record };
  for (const path of mask.split(',').map((p) => p.trim())) {
    if (path === '') continue;
    if (fields[path] === undefined) delete next[path];
    else next[path] = structuredClone(fields[path]);
  }
  checkSqlObject(store, kind, next);
  next.update_time = timestamp(store);
  if (kind === 'queries') next.last_modifier_user_name = store.userName;
  sqlOf(store)[kind][id] = next;
  store.touch();
  return next;
}

/** DELETE moves the object to the trash: it can still be read, with `lifecycle_state: TRASHED`. */
function trashSqlObject(store: Store, kind: SqlObjectKind, id: string): Json {
  const record = getSqlObject(store, kind, id);
  record.lifecycle_state = 'TRASHED';
  store.touch();
  return {};
}

function sqlObjectRoutes(kind: SqlObjectKind): Route[] {
  return [
    {
      method: 'POST',
      pattern: `sql/${kind}`,
      handler: ({ args }, store) => createSqlObject(store, kind, args),
    },
    {
      method: 'GET',
      pattern: `sql/${kind}`,
      handler: (_request, store) => ({
        results: Object.values(sqlOf(store)[kind]).filter((o) => o.lifecycle_state !== 'TRASHED'),
      }),
    },
    {
      method: 'GET',
      pattern: `sql/${kind}/:id`,
      handler: ({ params }, store) => getSqlObject(store, kind, params.id),
    },
    {
      method: 'PATCH',
      pattern: `sql/${kind}/:id`,
      handler: ({ params, args }, store) => updateSqlObject(store, kind, params.id, args),
    },
    {
      method: 'DELETE',
      pattern: `sql/${kind}/:id`,
      handler: ({ params }, store) => trashSqlObject(store, kind, params.id),
    },
  ];
}

/** Whether a SQL warehouse exists (for permissions and job runs). */
export function warehouseExists(store: Store, id: string): boolean {
  return sqlOf(store).warehouses[id] !== undefined;
}

/** Whether an alert exists and is not in the trash (for job runs). */
export function activeAlertExists(store: Store, id: string): boolean {
  const alert = sqlOf(store).alerts[id];
  return alert !== undefined && alert.lifecycle_state !== 'TRASHED';
}

/** Databricks SQL: warehouses (`/api/2.0/sql/warehouses`), their data sources, queries and alerts. */
export const sqlRoutes: Route[] = [
  { method: 'POST', pattern: 'sql/warehouses', handler: ({ args }, store) => createWarehouse(store, args) },
  {
    method: 'GET',
    pattern: 'sql/warehouses',
    handler: (_request, store) => ({ warehouses: Object.values(sqlOf(store).warehouses) }),
  },
  {
    method: 'GET',
    pattern: 'sql/warehouses/:id',
    handler: ({ params }, store) => getWarehouse(store, params.id),
  },
  {
    method: 'POST',
    pattern: 'sql/warehouses/:id/edit',
    handler: ({ params, args }, store) => {
      const current = getWarehouse(store, params.id);
      const spec = warehouseSpec(args, current);
      uniqueWarehouseName(store, spec.name, params.id);
      sqlOf(store).warehouses[params.id] = { ...current, ...spec, id: params.id };
      store.touch();
      return {};
    },
  },
  {
    method: 'DELETE',
    pattern: 'sql/warehouses/:id',
    handler: ({ params }, store) => {
      getWarehouse(store, params.id);
      delete sqlOf(store).warehouses[params.id];
      delete sqlOf(store).dataSources[params.id];
      delete store.state.permissions[`sql/warehouses/${params.id}`];
      store.touch();
      return {};
    },
  },
  {
    method: 'POST',
    pattern: 'sql/warehouses/:id/start',
    handler: ({ params }, store) => setWarehouseState(store, params.id, 'RUNNING'),
  },
  {
    method: 'POST',
    pattern: 'sql/warehouses/:id/stop',
    handler: ({ params }, store) => setWarehouseState(store, params.id, 'STOPPED'),
  },
  {
    method: 'GET',
    pattern: 'preview/sql/data_sources',
    // A JSON array, not an object: the legacy data sources endpoint answers a bare list.
    handler: (_request, store) =>
      Object.entries(sqlOf(store).dataSources).map(([warehouse, id]) => ({
        id,
        warehouse_id: warehouse,
        endpoint_id: warehouse,
        name: String(sqlOf(store).warehouses[warehouse]?.name ?? warehouse),
        type: 'databricks_internal',
      })),
  },
  ...sqlObjectRoutes('queries'),
  ...sqlObjectRoutes('alerts'),
];
