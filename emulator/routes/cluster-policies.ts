import { alreadyExists, invalidParameter, notFound } from '../api-error';
import { hexId, uniqueId } from '../ids';
import type { Json, JsonObject } from '../json';
import { isJsonObject } from '../json';
import { omit, optionalInt, optionalString, paginate, requiredString } from '../request-fields';
import type { Route } from '../router';
import type { PolicyRecord } from '../state';
import type { Store } from '../store';

const POLICY_FAMILIES: readonly JsonObject[] = [
  {
    policy_family_id: 'personal-vm',
    name: 'Personal Compute',
    description: 'Single-node compute for one user.',
  },
  { policy_family_id: 'shared-compute', name: 'Shared Compute', description: 'Multi-user compute.' },
  { policy_family_id: 'power-user', name: 'Power User Compute', description: 'Larger compute for one user.' },
  { policy_family_id: 'job-cluster', name: 'Job Compute', description: 'Compute for jobs.' },
].map((family) => ({ ...family, definition: '{}' }));

function getPolicy(store: Store, id: string): PolicyRecord {
  const policy = store.state.policies[id];
  if (!policy) throw notFound(`Cluster policy ${id} does not exist.`);
  return policy;
}

/** The Policy shape: stored fields verbatim (`definition` as the exact string sent) plus computed fields. */
export function policyInfo(policy: PolicyRecord): JsonObject {
  return {
    ...structuredClone(policy.fields),
    policy_id: policy.policy_id,
    creator_user_name: policy.creator_user_name,
    created_at_timestamp: policy.created_at_timestamp,
    is_default: false,
  };
}

function validateFields(store: Store, args: JsonObject, selfId?: string): JsonObject {
  const name = requiredString(args, 'name');
  if (name.length > 100)
    throw invalidParameter(`Cluster policy name must be at most 100 characters, got ${name.length}.`);
  const definition = optionalString(args, 'definition');
  for (const [field, text] of [
    ['definition', definition],
    ['policy_family_definition_overrides', optionalString(args, 'policy_family_definition_overrides')],
  ] as const) {
    if (text === undefined || text.trim() === '') continue;
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      throw invalidParameter(`${field} is not valid JSON: ${text}`);
    }
    if (!isJsonObject(parsed)) throw invalidParameter(`${field} must be a JSON object.`);
  }
  const family = optionalString(args, 'policy_family_id');
  if (family !== undefined && !POLICY_FAMILIES.some((known) => known.policy_family_id === family)) {
    throw invalidParameter(`Policy family ${family} does not exist.`);
  }
  const maxClusters = optionalInt(args, 'max_clusters_per_user');
  if (maxClusters !== undefined && maxClusters < 1) {
    throw invalidParameter(`max_clusters_per_user must be >= 1, got ${maxClusters}.`);
  }
  const clash = Object.values(store.state.policies).find(
    (policy) => policy.fields.name === name && policy.policy_id !== selfId,
  );
  if (clash) throw alreadyExists(`Cluster policy with name '${name}' already exists.`);
  return omit(args, 'policy_id');
}

function createPolicy(store: Store, args: JsonObject): Json {
  const fields = validateFields(store, args);
  const id = uniqueId(hexId, (candidate) => store.state.policies[candidate] !== undefined);
  store.state.policies[id] = {
    policy_id: id,
    fields,
    creator_user_name: store.userName,
    created_at_timestamp: store.now(),
  };
  store.touch();
  return { policy_id: id };
}

/** Cluster policies (`/api/2.0/policies/clusters/*`) and policy families. */
export const clusterPolicyRoutes: Route[] = [
  {
    method: 'POST',
    pattern: 'policies/clusters/create',
    handler: ({ args }, store) => createPolicy(store, args),
  },
  {
    method: 'GET',
    pattern: 'policies/clusters/get',
    handler: ({ args }, store) => policyInfo(getPolicy(store, requiredString(args, 'policy_id'))),
  },
  {
    method: 'POST',
    pattern: 'policies/clusters/edit',
    handler: ({ args }, store) => {
      const policy = getPolicy(store, requiredString(args, 'policy_id'));
      policy.fields = validateFields(store, args, policy.policy_id);
      store.touch();
      return {};
    },
  },
  {
    method: 'POST',
    pattern: 'policies/clusters/delete',
    handler: ({ args }, store) => {
      const policy = getPolicy(store, requiredString(args, 'policy_id'));
      delete store.state.policies[policy.policy_id];
      delete store.state.permissions[`cluster-policies/${policy.policy_id}`];
      store.touch();
      return {};
    },
  },
  {
    method: 'GET',
    pattern: 'policies/clusters/list',
    handler: (_request, store) => {
      const policies = Object.values(store.state.policies)
        .sort((a, b) => a.created_at_timestamp - b.created_at_timestamp)
        .map(policyInfo);
      return { policies, total_count: policies.length };
    },
  },
  {
    method: 'GET',
    pattern: 'policy-families',
    handler: ({ args }) => {
      const { page, nextPageToken } = paginate([...POLICY_FAMILIES], args, 'max_results', 100);
      const body: JsonObject = { policy_families: page };
      if (nextPageToken) body.next_page_token = nextPageToken;
      return body;
    },
  },
  {
    method: 'GET',
    pattern: 'policy-families/:id',
    handler: ({ params }) => {
      const family = POLICY_FAMILIES.find((known) => known.policy_family_id === params.id);
      if (!family) throw notFound(`Policy family ${params.id} does not exist.`);
      return family;
    },
  },
];
