import { invalidParameter, notFound } from '../api-error';
import { isJsonObject, type Json, type JsonObject } from '../json';
import type { Route } from '../router';
import type { AccessControlEntry } from '../state';
import { KIND_OF_FIELD, principalFieldOf, requirePrincipal } from '../principals';
import type { Store } from '../store';
import { findObjectById } from '../workspace-tree';
import { warehouseExists } from './sql';

const PRINCIPAL_FIELDS = ['user_name', 'group_name', 'service_principal_name'] as const;
const WORKSPACE_LEVELS = ['CAN_READ', 'CAN_RUN', 'CAN_EDIT', 'CAN_MANAGE'];

interface ObjectKind {
  /** `object_type` in GET responses. */
  objectType: string;
  levels: string[];
  /** Whether the object exists (permissions of unknown objects are 404). */
  exists(store: Store, id: string): boolean;
  /** The direct grants an object has before anyone PUTs permissions. */
  defaults(store: Store, id: string): AccessControlEntry[];
}

/** The grant a workspace gives the creator of an object, naming a service principal creator as such. */
const creatorGrant = (store: Store, creator: string, level: string): AccessControlEntry => ({
  [principalFieldOf(store, creator)]: creator,
  permission_level: level,
});

const creatorManages = (store: Store): AccessControlEntry[] => [
  creatorGrant(store, store.userName, 'CAN_MANAGE'),
];

function workspaceKind(objectType: string, type: 'DIRECTORY' | 'FILE' | 'NOTEBOOK'): ObjectKind {
  return {
    objectType,
    levels: WORKSPACE_LEVELS,
    exists: (store, id) => /^\d+$/.test(id) && findObjectById(store, Number(id), type) !== undefined,
    defaults: creatorManages,
  };
}

/** Queries, alerts and Lakeview dashboards: the workspace levels, while not in the trash. */
function sqlObjectKind(
  objectType: string,
  find: (store: Store, id: string) => JsonObject | undefined,
): ObjectKind {
  return {
    objectType,
    levels: WORKSPACE_LEVELS,
    exists: (store, id) => {
      const found = find(store, id);
      return found !== undefined && found.lifecycle_state !== 'TRASHED';
    },
    defaults: creatorManages,
  };
}

/** Object types by the path segment of `/api/2.0/permissions/<type>/<id>`. */
const KINDS: Record<string, ObjectKind> = {
  clusters: {
    objectType: 'cluster',
    levels: ['CAN_ATTACH_TO', 'CAN_RESTART', 'CAN_MANAGE'],
    exists: (store, id) => store.state.clusters[id] !== undefined,
    defaults: (store, id) => [
      creatorGrant(store, store.state.clusters[id]?.creator_user_name ?? store.userName, 'CAN_MANAGE'),
    ],
  },
  jobs: {
    objectType: 'job',
    levels: ['CAN_VIEW', 'CAN_MANAGE_RUN', 'CAN_MANAGE', 'IS_OWNER'],
    exists: (store, id) => store.state.jobs[id] !== undefined,
    defaults: (store, id) => [
      creatorGrant(store, store.state.jobs[id]?.creator_user_name ?? store.userName, 'IS_OWNER'),
    ],
  },
  'cluster-policies': {
    objectType: 'cluster-policy',
    levels: ['CAN_USE'],
    exists: (store, id) => store.state.policies[id] !== undefined,
    defaults: () => [],
  },
  repos: {
    objectType: 'repo',
    levels: WORKSPACE_LEVELS,
    exists: (store, id) => store.state.repos[id] !== undefined,
    defaults: creatorManages,
  },
  'sql/warehouses': {
    objectType: 'warehouses',
    levels: ['CAN_VIEW', 'CAN_MONITOR', 'CAN_USE', 'CAN_MANAGE', 'IS_OWNER'],
    exists: warehouseExists,
    defaults: creatorManages,
  },
  'sql/queries': sqlObjectKind('query', (store, id) => store.state.sql.queries[id]),
  'sql/alerts': sqlObjectKind('alert', (store, id) => store.state.sql.alerts[id]),
  dashboards: sqlObjectKind('dashboard', (store, id) => store.state.sql.dashboards[id]),
  directories: workspaceKind('directory', 'DIRECTORY'),
  files: workspaceKind('file', 'FILE'),
  notebooks: workspaceKind('notebook', 'NOTEBOOK'),
};

function kindOf(type: string): ObjectKind {
  const kind = KINDS[type];
  if (!kind) throw notFound(`The emulator has no permissions for object type ${type}.`);
  return kind;
}

function principalOf(entry: AccessControlEntry | JsonObject): string {
  for (const field of PRINCIPAL_FIELDS) {
    const value = entry[field];
    if (typeof value === 'string' && value !== '') return `${field}:${value}`;
  }
  return '';
}

/** Validates an access_control_list from a request and turns it into stored entries. */
function parseAcl(store: Store, kind: ObjectKind, acl: Json[]): AccessControlEntry[] {
  return acl.map((raw, index) => {
    if (!isJsonObject(raw)) throw invalidParameter(`access_control_list[${index}] must be an object.`);
    const principals = PRINCIPAL_FIELDS.filter(
      (field) => typeof raw[field] === 'string' && raw[field] !== '',
    );
    if (principals.length !== 1) {
      throw invalidParameter(
        `access_control_list[${index}] needs exactly one of user_name, group_name, service_principal_name.`,
      );
    }
    const level = raw.permission_level;
    if (typeof level !== 'string' || !kind.levels.includes(level)) {
      throw invalidParameter(
        `Permission level ${JSON.stringify(level)} is not valid for ${kind.objectType}; expected one of ${kind.levels.join(', ')}.`,
      );
    }
    if (level === 'IS_OWNER' && principals[0] === 'group_name') {
      throw invalidParameter('A group cannot be the owner of a job.');
    }
    const name = raw[principals[0]] as string;
    // A `user_name` naming a service principal's application id grants the service principal.
    const field = principals[0] === 'user_name' ? principalFieldOf(store, name) : principals[0];
    requirePrincipal(store, KIND_OF_FIELD[field], name);
    return { [field]: name, permission_level: level } as AccessControlEntry;
  });
}

function currentAcl(store: Store, type: string, id: string): AccessControlEntry[] {
  return store.state.permissions[`${type}/${id}`] ?? kindOf(type).defaults(store, id);
}

/** Jobs keep exactly one owner: a list without IS_OWNER keeps the current owner. */
function withOwner(
  store: Store,
  type: string,
  id: string,
  entries: AccessControlEntry[],
): AccessControlEntry[] {
  if (type !== 'jobs') return entries;
  const owners = entries.filter((entry) => entry.permission_level === 'IS_OWNER');
  if (owners.length > 1) throw invalidParameter('A job can have only one owner (IS_OWNER).');
  if (owners.length === 1) return entries;
  const previous = currentAcl(store, type, id).find((entry) => entry.permission_level === 'IS_OWNER');
  if (!previous) throw invalidParameter(`Job ${id} with no existing owner must provide a new owner.`);
  return [...entries.filter((entry) => principalOf(entry) !== principalOf(previous)), previous];
}

/** Replaces the direct grants of `<type>/<id>` (used by PUT and by jobs/create's access_control_list). */
export function setAccessControlList(store: Store, key: string, acl: Json[]): void {
  // The id is the last segment; the type may have two (`sql/warehouses`).
  const split = key.lastIndexOf('/');
  const [type, id] = [key.slice(0, split), key.slice(split + 1)];
  store.state.permissions[key] = withOwner(store, type, id, parseAcl(store, kindOf(type), acl));
  store.touch();
}

function objectPermissions(store: Store, type: string, id: string): JsonObject {
  const kind = kindOf(type);
  const direct = currentAcl(store, type, id).map((entry) => {
    const principal: JsonObject = {};
    for (const field of PRINCIPAL_FIELDS) if (entry[field]) principal[field] = entry[field] as string;
    return {
      ...principal,
      all_permissions: [{ permission_level: entry.permission_level, inherited: false }],
    };
  });
  const admins = {
    group_name: 'admins',
    all_permissions: [
      { permission_level: 'CAN_MANAGE', inherited: true, inherited_from_object: [`/${type}/`] },
    ],
  };
  // The workspace root has no parent to inherit from: its admins grant is a direct one.
  const isRoot = type === 'directories' && String(store.state.workspace['/']?.object_id) === id;
  return {
    object_id: `/${type}/${id}`,
    object_type: kind.objectType,
    access_control_list: kind.levels.includes('CAN_MANAGE') && !isRoot ? [...direct, admins] : direct,
  };
}

function existing(store: Store, type: string, id: string): void {
  if (!kindOf(type).exists(store, id)) throw notFound(`${kindOf(type).objectType} ${id} does not exist.`);
}

function aclArg(args: JsonObject): Json[] {
  const acl = args.access_control_list;
  if (acl === undefined || acl === null) return [];
  if (!Array.isArray(acl)) throw invalidParameter('access_control_list must be an array.');
  return acl;
}

/** Object permissions (`/api/2.0/permissions/<type>/<id>`): PUT replaces direct grants, PATCH adds or changes. */
export const permissionRoutes: Route[] = [
  {
    method: 'GET',
    pattern: 'permissions/:type/:id',
    handler: ({ params }, store) => {
      existing(store, params.type, params.id);
      return objectPermissions(store, params.type, params.id);
    },
  },
  {
    method: 'PUT',
    pattern: 'permissions/:type/:id',
    handler: ({ params, args }, store) => {
      existing(store, params.type, params.id);
      setAccessControlList(store, `${params.type}/${params.id}`, aclArg(args));
      return objectPermissions(store, params.type, params.id);
    },
  },
  {
    method: 'PATCH',
    pattern: 'permissions/:type/:id',
    handler: ({ params, args }, store) => {
      existing(store, params.type, params.id);
      const changes = parseAcl(store, kindOf(params.type), aclArg(args));
      const merged = [...currentAcl(store, params.type, params.id)];
      for (const change of changes) {
        if (change.permission_level === 'IS_OWNER') {
          // Ownership moves: the previous owner keeps no direct grant, as in the real API.
          const previousOwner = merged.findIndex((entry) => entry.permission_level === 'IS_OWNER');
          if (previousOwner >= 0) merged.splice(previousOwner, 1);
        }
        const index = merged.findIndex((entry) => principalOf(entry) === principalOf(change));
        if (index >= 0) merged[index] = change;
        else merged.push(change);
      }
      store.state.permissions[`${params.type}/${params.id}`] = withOwner(
        store,
        params.type,
        params.id,
        merged,
      );
      store.touch();
      return objectPermissions(store, params.type, params.id);
    },
  },
  {
    method: 'GET',
    pattern: 'permissions/:type/:id/permissionLevels',
    handler: ({ params }, store) => {
      existing(store, params.type, params.id);
      return {
        permission_levels: kindOf(params.type).levels.map((level) => ({
          permission_level: level,
          description: `${level} on this ${kindOf(params.type).objectType}`,
        })),
      };
    },
  },
];

/**
 * The Databricks SQL objects' permissions live one segment deeper (`/api/2.0/permissions/sql/warehouses/<id>`,
 * `sql/queries`, `sql/alerts`): the same routes, with the type carrying its `sql/` prefix.
 */
permissionRoutes.push(
  ...permissionRoutes.map((route): Route => ({
    ...route,
    pattern: route.pattern.replace('permissions/:type', 'permissions/sql/:sqlType'),
    handler: (request, store) =>
      route.handler(
        { ...request, params: { ...request.params, type: `sql/${request.params.sqlType}` } },
        store,
      ),
  })),
);
