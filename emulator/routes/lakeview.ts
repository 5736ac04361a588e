import { alreadyExists, ApiError, invalidParameter, notFound } from '../api-error';
import { uniqueId, uuid } from '../ids';
import type { Json, JsonObject } from '../json';
import { booleanArg, optionalString, paginate, requiredString } from '../request-fields';
import type { Route } from '../router';
import type { Store } from '../store';
import { findObject, isContainer, normalizeWorkspacePath } from '../workspace-tree';
import { warehouseExists } from './sql';

const dashboards = (store: Store): Record<string, JsonObject> => store.state.sql.dashboards;

function getDashboard(store: Store, id: string): JsonObject {
  const dashboard = dashboards(store)[id];
  if (!dashboard) throw notFound(`Unable to find dashboard [${id}]`);
  return dashboard;
}

/** Checks a dashboard's fields as Lakeview does: a name, an existing folder and warehouse, JSON content. */
function checkFields(store: Store, fields: JsonObject): void {
  requiredString(fields, 'display_name');
  const parent = requiredString(fields, 'parent_path');
  const folder = findObject(store, parent);
  if (!folder || !isContainer(folder)) throw notFound(`Path (${parent}) doesn't exist.`);
  const warehouse = optionalString(fields, 'warehouse_id');
  if (warehouse !== undefined && warehouse !== '' && !warehouseExists(store, warehouse)) {
    throw invalidParameter(`Warehouse ${warehouse} does not exist.`);
  }
  const serialized = optionalString(fields, 'serialized_dashboard');
  if (serialized !== undefined) {
    try {
      JSON.parse(serialized);
    } catch {
      throw invalidParameter('serialized_dashboard is not valid JSON.');
    }
  }
}

const EDITABLE = ['display_name', 'parent_path', 'serialized_dashboard', 'warehouse_id'];

function pick(fields: JsonObject): JsonObject {
  const out: JsonObject = {};
  for (const key of EDITABLE) if (fields[key] !== undefined) out[key] = fields[key];
  return out;
}

function withDerived(store: Store, dashboard: JsonObject, etag: number): JsonObject {
  const parent = normalizeWorkspacePath(String(dashboard.parent_path));
  return {
    ...dashboard,
    path: `${parent === '/' ? '' : parent}/${String(dashboard.display_name)}.lvdash.json`,
    etag: String(etag),
    update_time: new Date(store.now()).toISOString(),
  };
}

/** Two dashboards cannot share a workspace path (`<folder>/<display name>.lvdash.json`). */
function uniquePath(store: Store, dashboard: JsonObject, except?: string): void {
  const taken = Object.values(dashboards(store)).some(
    (d) => d.path === dashboard.path && d.dashboard_id !== except && d.lifecycle_state !== 'TRASHED',
  );
  if (taken) throw alreadyExists(`Node named '${String(dashboard.path).split('/').pop()}' already exists`);
}

function createDashboard(store: Store, args: JsonObject): Json {
  const fields = pick(args);
  checkFields(store, fields);
  const id = uniqueId(
    () => uuid().replace(/-/g, ''),
    (candidate) => dashboards(store)[candidate] !== undefined,
  );
  const created = withDerived(
    store,
    {
      ...fields,
      dashboard_id: id,
      lifecycle_state: 'ACTIVE',
      create_time: new Date(store.now()).toISOString(),
    },
    1,
  );
  uniquePath(store, created);
  dashboards(store)[id] = created;
  store.touch();
  return created;
}

function activeDashboard(store: Store, id: string): JsonObject {
  const dashboard = getDashboard(store, id);
  if (dashboard.lifecycle_state === 'TRASHED') {
    throw new ApiError(403, 'PERMISSION_DENIED', `Dashboard [${id}] is in the trash.`);
  }
  return dashboard;
}

/** Lakeview (AI/BI) dashboards (`/api/2.0/lakeview/dashboards`): drafts, publishing, trash. */
export const lakeviewRoutes: Route[] = [
  {
    method: 'POST',
    pattern: 'lakeview/dashboards',
    handler: ({ args }, store) => createDashboard(store, args),
  },
  {
    method: 'GET',
    pattern: 'lakeview/dashboards',
    handler: ({ args }, store) => {
      const all = Object.values(dashboards(store)).filter(
        (d) => args.show_trashed === true || args.show_trashed === 'true' || d.lifecycle_state !== 'TRASHED',
      );
      const { page, nextPageToken } = paginate(all, args, 'page_size', 100);
      return { dashboards: page, ...(nextPageToken ? { next_page_token: nextPageToken } : {}) };
    },
  },
  {
    method: 'GET',
    pattern: 'lakeview/dashboards/:id',
    handler: ({ params }, store) => getDashboard(store, params.id),
  },
  {
    method: 'PATCH',
    pattern: 'lakeview/dashboards/:id',
    handler: ({ params, args }, store) => {
      const current = activeDashboard(store, params.id);
      const next = { ...current, ...pick(args) };
      checkFields(store, next);
      const updated = withDerived(store, next, Number(current.etag) + 1);
      uniquePath(store, updated, params.id);
      dashboards(store)[params.id] = updated;
      store.touch();
      return updated;
    },
  },
  {
    method: 'DELETE',
    pattern: 'lakeview/dashboards/:id',
    // Trashing a trashed dashboard is refused (403), as the provider expects.
    handler: ({ params }, store) => {
      activeDashboard(store, params.id).lifecycle_state = 'TRASHED';
      delete store.state.permissions[`dashboards/${params.id}`];
      store.touch();
      return {};
    },
  },
  {
    method: 'POST',
    pattern: 'lakeview/dashboards/:id/published',
    handler: ({ params, args }, store) => {
      const dashboard = activeDashboard(store, params.id);
      const warehouse = optionalString(args, 'warehouse_id') || optionalString(dashboard, 'warehouse_id');
      if (!warehouse || !warehouseExists(store, warehouse)) {
        throw invalidParameter(
          `Warehouse ${warehouse ?? '(none)'} does not exist; a dashboard is published on a warehouse.`,
        );
      }
      const published = {
        display_name: dashboard.display_name,
        warehouse_id: warehouse,
        embed_credentials: booleanArg(args, 'embed_credentials'),
        revision_create_time: new Date(store.now()).toISOString(),
      };
      dashboard.published = published;
      store.touch();
      return published;
    },
  },
  {
    method: 'GET',
    pattern: 'lakeview/dashboards/:id/published',
    handler: ({ params }, store) => {
      const published = getDashboard(store, params.id).published;
      if (published === undefined) throw notFound(`Dashboard [${params.id}] has no published version.`);
      return published;
    },
  },
];
