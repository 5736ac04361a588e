import { readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { invalidParameter } from './api-error';
import { isJsonObject, type JsonObject } from './json';
import type { EmulatorState } from './state';
import type { Store } from './store';

/** Groups every workspace has. */
export const BUILT_IN_GROUPS = ['admins', 'users'];

/** A principal kind as the permissions API names its field. */
export type PrincipalKind = 'user' | 'group' | 'servicePrincipal';

/** The principals to seed: user names, group names and service principals (application id + name). */
export interface PrincipalSeed {
  readonly users?: readonly string[];
  readonly groups?: readonly string[];
  readonly servicePrincipals?: ReadonlyArray<{
    readonly applicationId: string;
    readonly displayName?: string;
  }>;
}

/** A stable numeric SCIM id for a principal. */
export function scimId(kind: PrincipalKind, name: string): string {
  const digest = createHash('sha256').update(`${kind}\n${name}`).digest();
  return String(1_000_000_000_000_000n + (digest.readBigUInt64BE(0) % 8_000_000_000_000_000n));
}

function strings(value: unknown, where: string): string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value) || value.some((item) => typeof item !== 'string' || item === '')) {
    throw invalidParameter(`${where} must be a list of non-empty strings.`);
  }
  return value as string[];
}

/** Reads a principals seed (`{users, groups, servicePrincipals}`) from JSON, refusing anything else. */
export function parsePrincipalSeed(value: unknown, where: string): PrincipalSeed {
  if (!isJsonObject(value))
    throw invalidParameter(`${where} must be an object {users, groups, servicePrincipals}.`);
  const unknown = Object.keys(value).filter((key) => !['users', 'groups', 'servicePrincipals'].includes(key));
  if (unknown.length > 0) throw invalidParameter(`${where} has unknown keys: ${unknown.join(', ')}.`);
  const sps = value.servicePrincipals ?? [];
  if (!Array.isArray(sps)) throw invalidParameter(`${where}.servicePrincipals must be a list.`);
  return {
    users: strings(value.users, `${where}.users`),
    groups: strings(value.groups, `${where}.groups`),
    servicePrincipals: sps.map((sp, index) => {
      if (typeof sp === 'string' && sp !== '') return { applicationId: sp };
      if (isJsonObject(sp) && typeof sp.applicationId === 'string' && sp.applicationId !== '') {
        return {
          applicationId: sp.applicationId,
          ...(typeof sp.displayName === 'string' ? { displayName: sp.displayName } : {}),
        };
      }
      throw invalidParameter(`${where}.servicePrincipals[${index}] needs an applicationId.`);
    }),
  };
}

/** Reads a `--principals FILE` (JSON). */
export function readPrincipalFile(file: string): PrincipalSeed {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(`Cannot read principals from ${file}: ${(error as Error).message}`);
  }
  return parsePrincipalSeed(parsed, file);
}

/** Adds the seeded principals (existing ones are kept). */
export function seedPrincipals(state: EmulatorState, seed: PrincipalSeed): void {
  for (const userName of seed.users ?? []) addUser(state, { userName });
  for (const displayName of seed.groups ?? []) addGroup(state, { displayName });
  for (const sp of seed.servicePrincipals ?? []) {
    addServicePrincipal(state, {
      applicationId: sp.applicationId,
      displayName: sp.displayName ?? sp.applicationId,
    });
  }
}

/** Stores a SCIM user (keyed by id) and returns it. */
export function addUser(state: EmulatorState, fields: JsonObject & { userName: string }): JsonObject {
  const id = scimId('user', fields.userName);
  const user: JsonObject = {
    displayName: fields.userName.split('@')[0],
    active: true,
    emails: [{ value: fields.userName, type: 'work', primary: true }],
    ...fields,
    id,
  };
  state.principals.users[id] = user;
  return user;
}

/** Stores a SCIM group and returns it. */
export function addGroup(state: EmulatorState, fields: JsonObject & { displayName: string }): JsonObject {
  const id = scimId('group', fields.displayName);
  const group: JsonObject = { members: [], ...fields, id };
  state.principals.groups[id] = group;
  return group;
}

/** Stores a SCIM service principal and returns it. */
export function addServicePrincipal(
  state: EmulatorState,
  fields: JsonObject & { applicationId: string },
): JsonObject {
  const id = scimId('servicePrincipal', fields.applicationId);
  const sp: JsonObject = { displayName: fields.applicationId, active: true, ...fields, id };
  state.principals.servicePrincipals[id] = sp;
  return sp;
}

/** True when a principal of this kind and name (user name, group name, application id) exists. */
export function principalExists(store: Store, kind: PrincipalKind, name: string): boolean {
  const { state } = store;
  if (kind === store.callerKind && name === store.userName) return true;
  switch (kind) {
    case 'user':
      return Object.values(state.principals.users).some((user) => user.userName === name);
    case 'group':
      return (
        BUILT_IN_GROUPS.includes(name) ||
        Object.values(state.principals.groups).some((group) => group.displayName === name)
      );
    case 'servicePrincipal':
      return Object.values(state.principals.servicePrincipals).some((sp) => sp.applicationId === name);
  }
}

/**
 * True when the workspace accepts `name` as a principal of one of `kinds`: always without
 * `--strict-principals`, else when such a principal exists.
 */
export function acceptsPrincipal(store: Store, kinds: readonly PrincipalKind[], name: string): boolean {
  return !store.strictPrincipals || kinds.some((kind) => principalExists(store, kind, name));
}

const KIND_LABEL: Record<PrincipalKind, string> = {
  user: 'UserName',
  group: 'GroupName',
  servicePrincipal: 'ServicePrincipalName',
};

/** Throws 400 INVALID_PARAMETER_VALUE "Principal: GroupName(x) does not exist" for an unknown principal. */
export function requirePrincipal(store: Store, kind: PrincipalKind, name: string): void {
  if (!acceptsPrincipal(store, [kind], name)) {
    throw invalidParameter(`Principal: ${KIND_LABEL[kind]}(${name}) does not exist`);
  }
}

/**
 * The permissions field naming `name` as a workspace reports it: `service_principal_name` for a service principal's
 * application id (the caller's or a known one), else `user_name`. A workspace resolves a `user_name` that is an
 * application id to the service principal: the provider grants the caller CAN_MANAGE and restores a job's creator
 * as owner with `user_name` even when they are service principals.
 */
export function principalFieldOf(store: Store, name: string): 'user_name' | 'service_principal_name' {
  const isUser = principalExists(store, 'user', name);
  return !isUser && principalExists(store, 'servicePrincipal', name) ? 'service_principal_name' : 'user_name';
}

/** The principal kind of a permissions/run_as field name. */
export const KIND_OF_FIELD: Record<string, PrincipalKind> = {
  user_name: 'user',
  group_name: 'group',
  service_principal_name: 'servicePrincipal',
};
