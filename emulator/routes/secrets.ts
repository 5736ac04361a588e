import { createHash } from 'node:crypto';
import { alreadyExists, invalidParameter, notFound } from '../api-error';
import type { Json, JsonObject } from '../json';
import { optionalObject, optionalString, requiredString } from '../request-fields';
import type { Route } from '../router';
import type { SecretScopeRecord } from '../state';
import { acceptsPrincipal } from '../principals';
import type { Store } from '../store';

const NAME_PATTERN = /^[\w\-.@]{1,128}$/;
const KEY_PATTERN = /^[\w\-.]{1,128}$/;
const ACL_PERMISSIONS = ['READ', 'WRITE', 'MANAGE'];
const MAX_VALUE_BYTES = 128 * 1024;

function getScope(store: Store, name: string): SecretScopeRecord {
  const scope = store.state.secretScopes[name];
  if (!scope) throw notFound(`Scope ${name} does not exist!`);
  return scope;
}

function createScope(store: Store, args: JsonObject): Json {
  const name = requiredString(args, 'scope');
  if (!NAME_PATTERN.test(name)) {
    throw invalidParameter(
      `Scope name ${JSON.stringify(name)} is invalid: use up to 128 letters, digits, dashes, underscores, periods and @.`,
    );
  }
  if (store.state.secretScopes[name]) throw alreadyExists(`Scope ${name} already exists!`);
  const backend = optionalString(args, 'scope_backend_type') ?? 'DATABRICKS';
  if (backend !== 'DATABRICKS' && backend !== 'AZURE_KEYVAULT') {
    throw invalidParameter(`Invalid scope_backend_type ${backend}; expected DATABRICKS or AZURE_KEYVAULT.`);
  }
  const keyvault = optionalObject(args, 'backend_azure_keyvault');
  if (backend === 'AZURE_KEYVAULT' && (!keyvault || !keyvault.resource_id || !keyvault.dns_name)) {
    throw invalidParameter('An AZURE_KEYVAULT scope needs backend_azure_keyvault.resource_id and dns_name.');
  }
  const initialManager = optionalString(args, 'initial_manage_principal');
  if (initialManager !== undefined && initialManager !== 'users') {
    throw invalidParameter(
      `initial_manage_principal must be "users" when given, got ${JSON.stringify(initialManager)}.`,
    );
  }
  const scope: SecretScopeRecord = {
    name,
    backend_type: backend,
    secrets: {},
    acls: { [initialManager ?? store.userName]: 'MANAGE' },
  };
  if (keyvault) scope.keyvault_metadata = keyvault;
  store.state.secretScopes[name] = scope;
  store.touch();
  return {};
}

function putSecret(store: Store, args: JsonObject): Json {
  const scope = getScope(store, requiredString(args, 'scope'));
  const key = requiredString(args, 'key');
  if (!KEY_PATTERN.test(key)) {
    throw invalidParameter(
      `Secret key ${JSON.stringify(key)} is invalid: use letters, digits, dashes, underscores and periods.`,
    );
  }
  const text = optionalString(args, 'string_value');
  const bytes = optionalString(args, 'bytes_value');
  if ((text === undefined) === (bytes === undefined)) {
    throw invalidParameter('Exactly one of string_value and bytes_value must be given.');
  }
  const value = text !== undefined ? Buffer.from(text, 'utf8') : Buffer.from(bytes ?? '', 'base64');
  if (value.length > MAX_VALUE_BYTES)
    throw invalidParameter(`A secret value must be at most ${MAX_VALUE_BYTES} bytes.`);
  // Only a digest is kept: the API never returns secret values, so the emulator has no reason to hold them.
  scope.secrets[key] = {
    last_updated_timestamp: store.now(),
    value_sha256: createHash('sha256').update(value).digest('hex'),
  };
  store.touch();
  return {};
}

/** Secret scopes, secrets (write-only) and secret ACLs (`/api/2.0/secrets/*`). */
export const secretRoutes: Route[] = [
  {
    method: 'POST',
    pattern: 'secrets/scopes/create',
    handler: ({ args }, store) => createScope(store, args),
  },
  {
    method: 'GET',
    pattern: 'secrets/scopes/list',
    handler: (_request, store) => ({
      scopes: Object.values(store.state.secretScopes)
        .sort((a, b) => a.name.localeCompare(b.name))
        .map((scope) => {
          const info: JsonObject = { name: scope.name, backend_type: scope.backend_type };
          if (scope.keyvault_metadata) info.keyvault_metadata = scope.keyvault_metadata;
          return info;
        }),
    }),
  },
  {
    method: 'POST',
    pattern: 'secrets/scopes/delete',
    handler: ({ args }, store) => {
      const scope = getScope(store, requiredString(args, 'scope'));
      delete store.state.secretScopes[scope.name];
      store.touch();
      return {};
    },
  },
  { method: 'POST', pattern: 'secrets/put', handler: ({ args }, store) => putSecret(store, args) },
  {
    method: 'GET',
    pattern: 'secrets/list',
    handler: ({ args }, store) => {
      const scope = getScope(store, requiredString(args, 'scope'));
      return {
        secrets: Object.entries(scope.secrets)
          .sort(([a], [b]) => a.localeCompare(b))
          .map(([key, secret]) => ({ key, last_updated_timestamp: secret.last_updated_timestamp })),
      };
    },
  },
  {
    method: 'POST',
    pattern: 'secrets/delete',
    handler: ({ args }, store) => {
      const scope = getScope(store, requiredString(args, 'scope'));
      const key = requiredString(args, 'key');
      if (!scope.secrets[key]) throw notFound(`Secret ${key} does not exist in scope ${scope.name}.`);
      delete scope.secrets[key];
      store.touch();
      return {};
    },
  },
  {
    method: 'POST',
    pattern: 'secrets/acls/put',
    handler: ({ args }, store) => {
      const scope = getScope(store, requiredString(args, 'scope'));
      const principal = requiredString(args, 'principal');
      const permission = requiredString(args, 'permission');
      if (!ACL_PERMISSIONS.includes(permission)) {
        throw invalidParameter(
          `Invalid permission ${permission}; expected one of ${ACL_PERMISSIONS.join(', ')}.`,
        );
      }
      if (!acceptsPrincipal(store, ['user', 'group', 'servicePrincipal'], principal)) {
        throw invalidParameter(`Principal ${principal} does not exist.`);
      }
      scope.acls[principal] = permission;
      store.touch();
      return {};
    },
  },
  {
    method: 'GET',
    pattern: 'secrets/acls/get',
    handler: ({ args }, store) => {
      const scope = getScope(store, requiredString(args, 'scope'));
      const principal = requiredString(args, 'principal');
      const permission = scope.acls[principal];
      if (!permission) throw notFound(`No ACL for principal ${principal} in scope ${scope.name}.`);
      return { principal, permission };
    },
  },
  {
    method: 'GET',
    pattern: 'secrets/acls/list',
    handler: ({ args }, store) => {
      const scope = getScope(store, requiredString(args, 'scope'));
      return {
        items: Object.entries(scope.acls)
          .sort(([a], [b]) => a.localeCompare(b))
          .map(([principal, permission]) => ({ principal, permission })),
      };
    },
  },
  {
    method: 'POST',
    pattern: 'secrets/acls/delete',
    handler: ({ args }, store) => {
      const scope = getScope(store, requiredString(args, 'scope'));
      const principal = requiredString(args, 'principal');
      if (!scope.acls[principal]) throw notFound(`No ACL for principal ${principal} in scope ${scope.name}.`);
      delete scope.acls[principal];
      store.touch();
      return {};
    },
  },
];
