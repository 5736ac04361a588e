import { invalidParameter, notFound } from '../api-error';
import { uniqueId, uuid } from '../ids';
import { isJsonObject, type Json, type JsonObject } from '../json';
import { optionalObject, optionalString, paginate } from '../request-fields';
import type { Route } from '../router';
import type { NotificationDestinationRecord } from '../state';
import type { Store } from '../store';

/** Config block → destination_type, and the fields the API hides behind a `<field>_set: true` flag. */
const DESTINATION_TYPES: Record<string, { type: string; secrets: string[] }> = {
  slack: { type: 'SLACK', secrets: ['url', 'channel_id', 'oauth_token'] },
  email: { type: 'EMAIL', secrets: [] },
  generic_webhook: { type: 'WEBHOOK', secrets: ['url', 'username', 'password'] },
  microsoft_teams: {
    type: 'MICROSOFT_TEAMS',
    secrets: ['url', 'app_id', 'auth_secret', 'tenant_id', 'channel_url'],
  },
  pagerduty: { type: 'PAGERDUTY', secrets: ['integration_key'] },
};

function configKind(config: JsonObject): string {
  const kinds = Object.keys(config).filter((key) => DESTINATION_TYPES[key] && isJsonObject(config[key]));
  if (kinds.length !== 1 || Object.keys(config).length !== 1) {
    throw invalidParameter(`config needs exactly one of ${Object.keys(DESTINATION_TYPES).join(', ')}.`);
  }
  return kinds[0];
}

function maskedConfig(destination: NotificationDestinationRecord): JsonObject {
  const kind = configKind(destination.config);
  const block = structuredClone(destination.config[kind]) as JsonObject;
  for (const field of DESTINATION_TYPES[kind].secrets) {
    if (block[field] !== undefined) {
      delete block[field];
      block[`${field}_set`] = true;
    }
  }
  return { [kind]: block };
}

function info(destination: NotificationDestinationRecord): JsonObject {
  return {
    id: destination.id,
    display_name: destination.display_name,
    destination_type: destination.destination_type,
    config: maskedConfig(destination),
  };
}

function getDestination(store: Store, id: string): NotificationDestinationRecord {
  const destination = store.state.notificationDestinations[id];
  if (!destination) throw notFound(`Notification destination ${id} does not exist.`);
  return destination;
}

function validateBlock(kind: string, block: JsonObject): void {
  if (kind === 'email') {
    const addresses = block.addresses;
    if (!Array.isArray(addresses) || addresses.length === 0 || addresses.some((a) => typeof a !== 'string')) {
      throw invalidParameter('config.email.addresses must list at least one address.');
    }
  } else if (kind !== 'pagerduty' && typeof block.url !== 'string' && kind !== 'microsoft_teams') {
    throw invalidParameter(`Missing required field: config.${kind}.url`);
  }
}

/**
 * Creates a destination from a create request; `fixedId` (admin seeding only) gives it a known id, as a
 * destination made by hand in a workspace has.
 */
export function createDestination(store: Store, args: JsonObject, fixedId?: string): JsonObject {
  const config = optionalObject(args, 'config');
  if (!config) throw invalidParameter('Missing required field: config');
  const kind = configKind(config);
  validateBlock(kind, config[kind] as JsonObject);
  const id =
    fixedId ?? uniqueId(uuid, (candidate) => store.state.notificationDestinations[candidate] !== undefined);
  const destination: NotificationDestinationRecord = {
    id,
    display_name: optionalString(args, 'display_name') ?? '',
    destination_type: DESTINATION_TYPES[kind].type,
    config: structuredClone(config),
  };
  store.state.notificationDestinations[id] = destination;
  store.touch();
  return info(destination);
}

/** Webhook notification lists of job settings (and tasks) that name destinations by id. */
const WEBHOOK_EVENTS = [
  'on_start',
  'on_success',
  'on_failure',
  'on_duration_warning_threshold_exceeded',
  'on_streaming_backlog_exceeded',
];

/**
 * With `--strict-principals`, refuses webhook notifications naming a destination the workspace does not have
 * (400 INVALID_PARAMETER_VALUE).
 */
export function requireDestinations(store: Store, webhookNotifications: Json | undefined): void {
  if (!store.strictPrincipals || !isJsonObject(webhookNotifications)) return;
  for (const event of WEBHOOK_EVENTS) {
    const entries = webhookNotifications[event];
    if (!Array.isArray(entries)) continue;
    for (const entry of entries) {
      const id = isJsonObject(entry) ? entry.id : undefined;
      if (typeof id !== 'string' || !store.state.notificationDestinations[id]) {
        throw invalidParameter(
          `webhook_notifications.${event}: notification destination ${String(id)} does not exist.`,
        );
      }
    }
  }
}

function updateDestination(store: Store, id: string, args: JsonObject): Json {
  const destination = getDestination(store, id);
  const displayName = optionalString(args, 'display_name');
  if (displayName !== undefined) destination.display_name = displayName;
  const config = optionalObject(args, 'config');
  if (config) {
    const kind = configKind(config);
    if (DESTINATION_TYPES[kind].type !== destination.destination_type) {
      throw invalidParameter(
        `Cannot change destination type from ${destination.destination_type} to ${kind}.`,
      );
    }
    // Hidden fields that are not sent again keep their stored values.
    const block = { ...(destination.config[kind] as JsonObject), ...(config[kind] as JsonObject) };
    for (const key of Object.keys(block)) if (key.endsWith('_set')) delete block[key];
    validateBlock(kind, block);
    destination.config = { [kind]: block };
  }
  store.touch();
  return info(destination);
}

/** Notification destinations (`/api/2.0/notification-destinations`); secrets come back as `*_set` flags. */
export const notificationDestinationRoutes: Route[] = [
  {
    method: 'POST',
    pattern: 'notification-destinations',
    handler: ({ args }, store) => createDestination(store, args),
  },
  {
    method: 'GET',
    pattern: 'notification-destinations',
    handler: ({ args }, store) => {
      const all = Object.values(store.state.notificationDestinations).sort((a, b) =>
        a.display_name.localeCompare(b.display_name),
      );
      const { page, nextPageToken } = paginate(all, args, 'page_size', 100);
      const body: JsonObject = {
        results: page.map((d) => ({
          id: d.id,
          display_name: d.display_name,
          destination_type: d.destination_type,
        })),
      };
      if (nextPageToken) body.next_page_token = nextPageToken;
      return body;
    },
  },
  {
    method: 'GET',
    pattern: 'notification-destinations/:id',
    handler: ({ params }, store) => info(getDestination(store, params.id)),
  },
  {
    method: 'PATCH',
    pattern: 'notification-destinations/:id',
    handler: ({ params, args }, store) => updateDestination(store, params.id, args),
  },
  {
    method: 'DELETE',
    pattern: 'notification-destinations/:id',
    handler: ({ params }, store) => {
      getDestination(store, params.id);
      delete store.state.notificationDestinations[params.id];
      store.touch();
      return {};
    },
  },
];
