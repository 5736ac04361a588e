import { ApiError, invalidParameter, notFound } from '../api-error';
import { uuid } from '../ids';
import { isJsonObject, type Json, type JsonObject } from '../json';
import { addGroup, addServicePrincipal, addUser, BUILT_IN_GROUPS, scimId } from '../principals';
import type { Route } from '../router';
import type { EmulatorState } from '../state';
import type { Store } from '../store';

const LIST_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:ListResponse';

/** A stable numeric SCIM id for a user name. */
export function userId(userName: string): string {
  return scimId('user', userName);
}

/** One SCIM resource family: where it is stored, its schema and the attribute that names a member. */
interface Family {
  path: string;
  schema: string;
  key: 'userName' | 'displayName' | 'applicationId';
  label: string;
  records(state: EmulatorState): Record<string, JsonObject>;
  add(state: EmulatorState, fields: JsonObject): JsonObject;
  /** Members every workspace has (the calling user, the built-in groups). */
  implicit(store: Store): JsonObject[];
  /** Makes up the naming attribute when a create omits it. @default - it is required */
  generate?: () => string;
}

const FAMILIES: Family[] = [
  {
    path: 'Users',
    schema: 'urn:ietf:params:scim:schemas:core:2.0:User',
    key: 'userName',
    label: 'User',
    records: (state) => state.principals.users,
    add: (state, fields) => addUser(state, fields as JsonObject & { userName: string }),
    implicit: (store) => (store.callerKind === 'user' ? [me(store)] : []),
  },
  {
    path: 'Groups',
    schema: 'urn:ietf:params:scim:schemas:core:2.0:Group',
    key: 'displayName',
    label: 'Group',
    records: (state) => state.principals.groups,
    add: (state, fields) => addGroup(state, fields as JsonObject & { displayName: string }),
    implicit: () =>
      BUILT_IN_GROUPS.map((name) => ({ id: scimId('group', name), displayName: name, members: [] })),
  },
  {
    path: 'ServicePrincipals',
    schema: 'urn:ietf:params:scim:schemas:core:2.0:ServicePrincipal',
    key: 'applicationId',
    label: 'Service principal',
    records: (state) => state.principals.servicePrincipals,
    add: (state, fields) => addServicePrincipal(state, fields as JsonObject & { applicationId: string }),
    implicit: () => [],
    // An AWS or GCP workspace makes up the application id of a Databricks-managed service principal.
    generate: uuid,
  },
];

/**
 * The caller as SCIM Me answers: a user, or a service principal (`userName` is its application id, as for a
 * workspace's service principal calling Me; the provider's `databricks_current_user` reads it as `user_name`).
 */
function me(store: Store): JsonObject {
  if (store.callerKind === 'servicePrincipal') {
    const sp = Object.values(store.state.principals.servicePrincipals).find(
      (candidate) => candidate.applicationId === store.userName,
    );
    return {
      id: scimId('servicePrincipal', store.userName),
      userName: store.userName,
      displayName: sp?.displayName ?? store.userName,
      active: true,
    };
  }
  return {
    id: userId(store.userName),
    userName: store.userName,
    displayName: store.userName.split('@')[0],
    active: true,
    emails: [{ value: store.userName, type: 'work', primary: true }],
  };
}

function withSchema(family: Family, record: JsonObject): JsonObject {
  return { schemas: [family.schema], ...record };
}

function all(family: Family, store: Store): JsonObject[] {
  const stored = Object.values(family.records(store.state));
  const implicit = family
    .implicit(store)
    .filter((record) => !stored.some((other) => other[family.key] === record[family.key]));
  return [...implicit, ...stored];
}

/** `attr eq "value"` (or 'value'); other SCIM filters are refused as unsupported. */
function matchesFilter(filter: string | undefined, record: JsonObject): boolean {
  if (filter === undefined || filter.trim() === '') return true;
  const found = /^\s*(\w+)\s+(eq|co|sw)\s+["']?(.*?)["']?\s*$/i.exec(filter);
  if (!found) throw invalidParameter(`Unsupported filter: ${filter}`);
  const [, attribute, operator, value] = found;
  const actual = String(record[attribute] ?? '');
  const op = operator.toLowerCase();
  if (op === 'eq') return actual.toLowerCase() === value.toLowerCase();
  if (op === 'co') return actual.toLowerCase().includes(value.toLowerCase());
  return actual.toLowerCase().startsWith(value.toLowerCase());
}

function find(family: Family, store: Store, id: string): JsonObject {
  const record = all(family, store).find((candidate) => candidate.id === id);
  if (!record) throw notFound(`${family.label} not found: ${id}`);
  return record;
}

/** SCIM's multi-valued attributes of `{value}` entries. */
const MULTI_VALUED = ['entitlements', 'roles', 'groups', 'members'];

/**
 * Drops entries without a `value` from multi-valued attributes, and an attribute left empty, as a workspace does:
 * the provider sends `"entitlements":[{}]` for a user without entitlements and reads back none.
 */
function withoutEmptyEntries(record: JsonObject): JsonObject {
  for (const key of MULTI_VALUED) {
    const entries = record[key];
    if (!Array.isArray(entries)) continue;
    const kept = entries.filter((entry) => !isJsonObject(entry) || (entry.value ?? '') !== '');
    if (kept.length > 0) record[key] = kept;
    else delete record[key];
  }
  return record;
}

function create(family: Family, store: Store, args: JsonObject): Json {
  const name = args[family.key] ?? family.generate?.();
  if (typeof name !== 'string' || name === '')
    throw invalidParameter(`Missing required field: ${family.key}`);
  if (all(family, store).some((record) => record[family.key] === name)) {
    throw new ApiError(
      409,
      'RESOURCE_ALREADY_EXISTS',
      `${family.label} with ${family.key} ${name} already exists.`,
    );
  }
  const fields: JsonObject = { ...args, [family.key]: name };
  delete fields.schemas;
  delete fields.id;
  const record = family.add(store.state, withoutEmptyEntries(fields));
  store.touch();
  return withSchema(family, record);
}

/** Applies SCIM PATCH operations (add/replace/remove of top-level attributes and of `members`). */
function patch(family: Family, store: Store, id: string, args: JsonObject): Json {
  const record = family.records(store.state)[id];
  if (!record) throw notFound(`${family.label} not found: ${id}`);
  const operations = Array.isArray(args.Operations) ? args.Operations.filter(isJsonObject) : [];
  for (const operation of operations) {
    const op = String(operation.op ?? '').toLowerCase();
    const path = typeof operation.path === 'string' ? operation.path : undefined;
    if (op === 'remove' && path) {
      const member = /^members\[value eq "?([^"\]]+)"?\]$/.exec(path);
      if (member && Array.isArray(record.members)) {
        record.members = record.members.filter((m) => !(isJsonObject(m) && m.value === member[1]));
      } else delete record[path];
    } else if ((op === 'add' || op === 'replace') && path) {
      if (path === 'members' && op === 'add' && Array.isArray(operation.value)) {
        record.members = [...(Array.isArray(record.members) ? record.members : []), ...operation.value];
      } else if (operation.value !== undefined) record[path] = operation.value;
    } else if ((op === 'add' || op === 'replace') && isJsonObject(operation.value)) {
      Object.assign(record, operation.value);
    }
  }
  withoutEmptyEntries(record);
  record.id = id;
  store.touch();
  return withSchema(family, record);
}

function familyRoutes(family: Family): Route[] {
  const base = `preview/scim/v2/${family.path}`;
  return [
    {
      method: 'GET',
      pattern: base,
      handler: ({ args }, store) => {
        const filter = typeof args.filter === 'string' ? args.filter : undefined;
        const matched = all(family, store).filter((record) => matchesFilter(filter, record));
        const startIndex = Math.max(1, Number(args.startIndex ?? 1) || 1);
        const count = Number(args.count ?? 10000) || 10000;
        const page = matched.slice(startIndex - 1, startIndex - 1 + count);
        return {
          schemas: [LIST_SCHEMA],
          totalResults: matched.length,
          startIndex,
          itemsPerPage: page.length,
          Resources: page.map((record) => withSchema(family, record)),
        };
      },
    },
    { method: 'POST', pattern: base, handler: ({ args }, store) => create(family, store, args) },
    {
      method: 'GET',
      pattern: `${base}/:id`,
      handler: ({ params }, store) => withSchema(family, find(family, store, params.id)),
    },
    {
      method: 'PATCH',
      pattern: `${base}/:id`,
      handler: ({ params, args }, store) => patch(family, store, params.id, args),
    },
    {
      method: 'PUT',
      pattern: `${base}/:id`,
      handler: ({ params, args }, store) => {
        if (!family.records(store.state)[params.id])
          throw notFound(`${family.label} not found: ${params.id}`);
        const fields: JsonObject = { ...args, id: params.id };
        delete fields.schemas;
        family.records(store.state)[params.id] = withoutEmptyEntries(fields);
        store.touch();
        return withSchema(family, fields);
      },
    },
    {
      method: 'DELETE',
      pattern: `${base}/:id`,
      handler: ({ params }, store) => {
        if (!family.records(store.state)[params.id])
          throw notFound(`${family.label} not found: ${params.id}`);
        delete family.records(store.state)[params.id];
        store.touch();
        return {};
      },
    },
  ];
}

/** SCIM (`/api/2.0/preview/scim/v2/...`): Me, and Users, Groups and ServicePrincipals seeded or created. */
export const scimRoutes: Route[] = [
  {
    method: 'GET',
    pattern: 'preview/scim/v2/Me',
    handler: (_request, store) => withSchema(FAMILIES[0], me(store)),
  },
  ...FAMILIES.flatMap(familyRoutes),
];
