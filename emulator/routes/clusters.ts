import { invalidParameter, invalidState, notFound } from '../api-error';
import { clusterId, uniqueId } from '../ids';
import type { Json, JsonObject } from '../json';
import { isJsonObject } from '../json';
import { omit, optionalInt, optionalObject, paginate, requiredString } from '../request-fields';
import type { Route } from '../router';
import { type ClusterType, enforcePolicy } from '../policy-enforcement';
import { acceptsPrincipal } from '../principals';
import { FAIL_MARKER } from '../run-outcome';
import type { ClusterRecord } from '../state';
import type { Store } from '../store';
import { findObject } from '../workspace-tree';

/** How long a starting cluster stays PENDING at most, even when nobody polls it. */
const START_MS = 1000;

/** Spark versions the workspace offers (`databricks_spark_version` picks from these). */
export const SPARK_VERSIONS: ReadonlyArray<{ key: string; name: string }> = [
  { key: '13.3.x-scala2.12', name: '13.3 LTS (includes Apache Spark 3.4.1, Scala 2.12)' },
  { key: '14.3.x-scala2.12', name: '14.3 LTS (includes Apache Spark 3.5.0, Scala 2.12)' },
  { key: '15.4.x-scala2.12', name: '15.4 LTS (includes Apache Spark 3.5.0, Scala 2.12)' },
  { key: '15.4.x-cpu-ml-scala2.12', name: '15.4 LTS ML (includes Apache Spark 3.5.0, Scala 2.12)' },
  { key: '15.4.x-gpu-ml-scala2.12', name: '15.4 LTS ML (includes Apache Spark 3.5.0, GPU, Scala 2.12)' },
  { key: '15.4.x-photon-scala2.12', name: '15.4 LTS Photon (includes Apache Spark 3.5.0, Scala 2.12)' },
  { key: '16.4.x-scala2.12', name: '16.4 LTS (includes Apache Spark 3.5.2, Scala 2.12)' },
  { key: '16.4.x-cpu-ml-scala2.12', name: '16.4 LTS ML (includes Apache Spark 3.5.2, Scala 2.12)' },
  { key: '16.4.x-gpu-ml-scala2.12', name: '16.4 LTS ML (includes Apache Spark 3.5.2, GPU, Scala 2.12)' },
  { key: '16.4.x-scala2.13', name: '16.4 LTS (includes Apache Spark 3.5.2, Scala 2.13)' },
  { key: '17.0.x-scala2.13', name: '17.0 (includes Apache Spark 4.0.0, Scala 2.13)' },
];

function nodeType(id: string, cores: number, memoryMb: number, category: string, gpus = 0): JsonObject {
  return {
    node_type_id: id,
    instance_type_id: id,
    memory_mb: memoryMb,
    num_cores: cores,
    num_gpus: gpus,
    description: id,
    category,
    is_graviton: false,
    is_deprecated: false,
    node_instance_type: { instance_type_id: id, local_disks: 1, local_disk_size_gb: 150 },
  };
}

/** Node types of an AWS workspace. */
export const NODE_TYPES: readonly JsonObject[] = [
  nodeType('m5d.large', 2, 8192, 'General Purpose'),
  nodeType('m5d.xlarge', 4, 16384, 'General Purpose'),
  nodeType('i3.xlarge', 4, 31232, 'Storage Optimized'),
  nodeType('i3.2xlarge', 8, 62464, 'Storage Optimized'),
  nodeType('r5d.xlarge', 4, 32768, 'Memory Optimized'),
  nodeType('c5d.xlarge', 4, 8192, 'Compute Optimized'),
  nodeType('g4dn.xlarge', 4, 16384, 'GPU Accelerated', 1),
];

function getCluster(store: Store, id: string): ClusterRecord {
  const cluster = store.state.clusters[id];
  if (!cluster) throw notFound(`Cluster ${id} does not exist`);
  return cluster;
}

function stateName(state: string): string {
  return state.charAt(0) + state.slice(1).toLowerCase();
}

/**
 * Moves a starting cluster to RUNNING: after one observed PENDING poll, or after START_MS without polls.
 * @param countPoll true for clusters/get (a poll), false for list.
 */
function progress(store: Store, cluster: ClusterRecord, countPoll: boolean): void {
  if (cluster.state === 'PENDING' || cluster.state === 'RESTARTING' || cluster.state === 'RESIZING') {
    if (cluster.polls >= 1 || store.now() - cluster.start_time >= START_MS) {
      const failure = initScriptFailure(store, cluster);
      if (failure) {
        cluster.state = 'TERMINATED';
        cluster.state_message = failure;
        cluster.terminated_time = store.now();
        cluster.termination_reason = {
          code: 'INIT_SCRIPT_FAILURE',
          type: 'CLIENT_ERROR',
          parameters: { databricks_error_message: failure },
        };
      } else {
        cluster.state = 'RUNNING';
        cluster.state_message = '';
      }
      store.touch();
    } else if (countPoll) {
      cluster.polls += 1;
      store.touch();
    }
  }
}

/** The ClusterDetails shape: the stored spec verbatim plus computed fields only. */
export function clusterDetails(cluster: ClusterRecord): JsonObject {
  const spec = cluster.spec;
  const details: JsonObject = {
    ...structuredClone(spec),
    cluster_id: cluster.cluster_id,
    creator_user_name: cluster.creator_user_name,
    state: cluster.state,
    state_message: cluster.state_message,
    start_time: cluster.start_time,
    cluster_source: 'API',
    default_tags: {
      Vendor: 'Databricks',
      Creator: cluster.creator_user_name,
      ClusterName: typeof spec.cluster_name === 'string' ? spec.cluster_name : '',
      ClusterId: cluster.cluster_id,
    },
  };
  if (typeof spec.node_type_id === 'string' && spec.driver_node_type_id === undefined) {
    details.driver_node_type_id = spec.node_type_id;
  }
  if (cluster.state === 'RUNNING') details.spark_context_id = 1000000 + (cluster.start_time % 1000000);
  if (cluster.state === 'TERMINATED') {
    details.terminated_time = cluster.terminated_time ?? cluster.start_time;
    details.termination_reason = cluster.termination_reason ?? {
      code: 'USER_REQUEST',
      type: 'SUCCESS',
      parameters: { username: cluster.creator_user_name },
    };
  }
  return details;
}

/** Access modes (`data_security_mode`) a cluster can have. */
export const DATA_SECURITY_MODES = [
  'DATA_SECURITY_MODE_AUTO',
  'DATA_SECURITY_MODE_STANDARD',
  'DATA_SECURITY_MODE_DEDICATED',
  'SINGLE_USER',
  'USER_ISOLATION',
  'NONE',
  'LEGACY_TABLE_ACL',
  'LEGACY_PASSTHROUGH',
  'LEGACY_SINGLE_USER',
  'LEGACY_SINGLE_USER_STANDARD',
];

/** Access modes that assign the cluster to one user (or service principal). */
const SINGLE_USER_MODES = new Set(['SINGLE_USER', 'LEGACY_SINGLE_USER']);

/**
 * A job cluster in dedicated (single user) mode may leave `single_user_name` out: the job's run-as
 * identity is assigned to it (as Databricks' own job templates rely on). An all-purpose cluster must name it.
 */
function checkAccessMode(store: Store, spec: JsonObject, clusterType: ClusterType): void {
  const mode = spec.data_security_mode;
  if (mode === undefined || mode === null) return;
  if (typeof mode !== 'string' || !DATA_SECURITY_MODES.includes(mode)) {
    throw invalidParameter(
      `Invalid data_security_mode ${JSON.stringify(mode)}; expected one of ${DATA_SECURITY_MODES.join(', ')}.`,
    );
  }
  const singleUser = spec.single_user_name;
  const hasSingleUser = typeof singleUser === 'string' && singleUser !== '';
  if (SINGLE_USER_MODES.has(mode) && !hasSingleUser && clusterType !== 'job') {
    throw invalidParameter(`single_user_name must be set for data_security_mode ${mode}.`);
  }
  if (hasSingleUser && !acceptsPrincipal(store, ['user', 'servicePrincipal'], singleUser)) {
    throw invalidParameter(`Principal: UserName(${singleUser}) does not exist`);
  }
  if (hasSingleUser && (mode === 'USER_ISOLATION' || mode === 'DATA_SECURITY_MODE_STANDARD')) {
    throw invalidParameter(`single_user_name cannot be set for data_security_mode ${mode}.`);
  }
}

/**
 * Checks a cluster spec the way the clusters API (and jobs API, for job clusters) does: the cluster policy first
 * (its fixed and, when asked, default values may supply fields such as `spark_version`), then the required fields,
 * sizes and access mode of the result. Returns the spec with the policy's values applied.
 */
export function checkClusterSpec(store: Store, args: JsonObject, clusterType: ClusterType): JsonObject {
  const spec = enforcePolicy(store, args, clusterType);
  requiredString(spec, 'spark_version');
  if (spec.num_workers !== undefined && spec.autoscale !== undefined) {
    throw invalidParameter('Only one of num_workers and autoscale can be given.');
  }
  const workers = optionalInt(spec, 'num_workers');
  if (workers !== undefined && workers < 0)
    throw invalidParameter(`num_workers must be >= 0, got ${workers}.`);
  const autoscale = optionalObject(spec, 'autoscale');
  if (autoscale) {
    const min = optionalInt(autoscale, 'min_workers') ?? 0;
    const max = optionalInt(autoscale, 'max_workers') ?? 0;
    if (max < min || max < 1)
      throw invalidParameter(`autoscale needs 1 <= max_workers >= min_workers, got ${min}..${max}.`);
  }
  checkAccessMode(store, spec, clusterType);
  return spec;
}

/** Checks a create/edit spec the way the API does and returns it without the id. */
function validateSpec(store: Store, args: JsonObject): JsonObject {
  return omit(checkClusterSpec(store, args, 'all-purpose'), 'cluster_id');
}

/** The workspace init scripts of a cluster that are missing, or whose content holds the failure marker. */
function initScriptFailure(store: Store, cluster: ClusterRecord): string | undefined {
  const scripts = Array.isArray(cluster.spec.init_scripts) ? cluster.spec.init_scripts : [];
  for (const script of scripts.filter(isJsonObject)) {
    const workspace = script.workspace;
    if (!isJsonObject(workspace) || typeof workspace.destination !== 'string') continue;
    const destination = workspace.destination;
    let object;
    try {
      object = findObject(store, destination);
    } catch {
      object = undefined;
    }
    if (!object || object.object_type !== 'FILE') {
      return `Cluster scoped init script ${destination} failed: the workspace file does not exist.`;
    }
    if (
      Buffer.from(object.content ?? '', 'base64')
        .toString('utf8')
        .includes(FAIL_MARKER)
    ) {
      return `Cluster scoped init script ${destination} failed: Script exit status is non-zero`;
    }
  }
  return undefined;
}

function createCluster(store: Store, args: JsonObject): Json {
  const spec = validateSpec(store, args);
  const now = store.now();
  const id = uniqueId(
    () => clusterId(new Date(now)),
    (candidate) => store.state.clusters[candidate] !== undefined,
  );
  store.state.clusters[id] = {
    cluster_id: id,
    spec,
    state: 'PENDING',
    state_message: 'Starting Spark',
    pinned: false,
    creator_user_name: store.userName,
    created_at: now,
    start_time: now,
    polls: 0,
    libraries: [],
  };
  store.touch();
  return { cluster_id: id };
}

function startCluster(store: Store, cluster: ClusterRecord): void {
  cluster.state = 'PENDING';
  cluster.state_message = 'Starting Spark';
  cluster.start_time = store.now();
  cluster.polls = 0;
  delete cluster.terminated_time;
  delete cluster.termination_reason;
  store.touch();
}

function listClusters(store: Store, args: JsonObject, query: URLSearchParams, version: string): Json {
  const pinned = query.get('filter_by.is_pinned');
  const states = query.getAll('filter_by.cluster_states').flatMap((value) => value.split(','));
  const policyId = query.get('filter_by.policy_id');
  const clusters = Object.values(store.state.clusters)
    .map((cluster) => {
      progress(store, cluster, false);
      return cluster;
    })
    .filter((cluster) => pinned === null || cluster.pinned === (pinned === 'true'))
    .filter((cluster) => states.length === 0 || states.includes(cluster.state))
    .filter((cluster) => policyId === null || cluster.spec.policy_id === policyId)
    .sort((a, b) => b.created_at - a.created_at || a.cluster_id.localeCompare(b.cluster_id));
  if (version === '2.0') return { clusters: clusters.map(clusterDetails) };
  const { page, nextPageToken } = paginate(clusters, args, 'page_size', 100);
  const body: JsonObject = { clusters: page.map(clusterDetails) };
  if (nextPageToken) body.next_page_token = nextPageToken;
  return body;
}

function withCluster(
  handler: (store: Store, cluster: ClusterRecord, args: JsonObject) => Json,
): Route['handler'] {
  return ({ args }, store) => {
    const cluster = getCluster(store, requiredString(args, 'cluster_id'));
    // A cluster starts in time whether or not anyone polls it (the provider retries edit without polling).
    progress(store, cluster, false);
    return handler(store, cluster, args);
  };
}

/** Clusters (`/api/2.1/clusters/*`, also served under 2.0). */
export const clusterRoutes: Route[] = [
  { method: 'POST', pattern: 'clusters/create', handler: ({ args }, store) => createCluster(store, args) },
  {
    method: 'GET',
    pattern: 'clusters/get',
    handler: withCluster((store, cluster) => {
      progress(store, cluster, true);
      return clusterDetails(cluster);
    }),
  },
  {
    method: 'POST',
    pattern: 'clusters/edit',
    handler: withCluster((store, cluster, args) => {
      if (cluster.state !== 'RUNNING' && cluster.state !== 'TERMINATED') {
        throw invalidState(
          `Cluster ${cluster.cluster_id} is in unexpected state ${stateName(cluster.state)}.`,
        );
      }
      cluster.spec = validateSpec(store, args);
      if (cluster.state === 'RUNNING') {
        // A running cluster restarts to take the new configuration.
        startCluster(store, cluster);
        cluster.state = 'RESTARTING';
        cluster.state_message = 'Restarting to apply the new configuration';
      }
      store.touch();
      return {};
    }),
  },
  {
    method: 'POST',
    pattern: 'clusters/resize',
    handler: withCluster((store, cluster, args) => {
      if (cluster.state !== 'RUNNING') {
        throw invalidState(
          `Cluster ${cluster.cluster_id} is in unexpected state ${stateName(cluster.state)}.`,
        );
      }
      const autoscale = optionalObject(args, 'autoscale');
      const workers = optionalInt(args, 'num_workers');
      if ((autoscale === undefined) === (workers === undefined)) {
        throw invalidParameter('Exactly one of num_workers and autoscale must be given.');
      }
      if (autoscale) {
        delete cluster.spec.num_workers;
        cluster.spec.autoscale = autoscale;
      } else {
        delete cluster.spec.autoscale;
        cluster.spec.num_workers = workers ?? 0;
      }
      store.touch();
      return {};
    }),
  },
  {
    method: 'POST',
    pattern: 'clusters/delete',
    handler: withCluster((store, cluster) => {
      cluster.state = 'TERMINATED';
      cluster.state_message = 'Terminated by user';
      cluster.terminated_time = store.now();
      store.touch();
      return {};
    }),
  },
  {
    method: 'POST',
    pattern: 'clusters/permanent-delete',
    handler: withCluster((store, cluster) => {
      if (cluster.pinned) {
        throw invalidParameter(`Cluster ${cluster.cluster_id} is pinned. Please unpin the cluster first.`);
      }
      delete store.state.clusters[cluster.cluster_id];
      delete store.state.permissions[`clusters/${cluster.cluster_id}`];
      store.touch();
      return {};
    }),
  },
  {
    method: 'POST',
    pattern: 'clusters/start',
    handler: withCluster((store, cluster) => {
      if (cluster.state === 'RUNNING') {
        throw invalidState(`Cluster ${cluster.cluster_id} is in unexpected state Running.`);
      }
      if (cluster.state === 'TERMINATED') startCluster(store, cluster);
      return {};
    }),
  },
  {
    method: 'POST',
    pattern: 'clusters/restart',
    handler: withCluster((store, cluster) => {
      if (cluster.state === 'TERMINATED') {
        throw invalidState(`Cluster ${cluster.cluster_id} is in unexpected state Terminated.`);
      }
      startCluster(store, cluster);
      cluster.state = 'RESTARTING';
      return {};
    }),
  },
  ...(['pin', 'unpin'] as const).map((action): Route => ({
    method: 'POST',
    pattern: `clusters/${action}`,
    handler: withCluster((store, cluster) => {
      cluster.pinned = action === 'pin';
      store.touch();
      return {};
    }),
  })),
  {
    method: 'GET',
    pattern: 'clusters/list',
    handler: ({ args, query, version }, store) => listClusters(store, args, query, version),
  },
  {
    method: 'POST',
    pattern: 'clusters/events',
    handler: withCluster(() => ({ events: [], total_count: 0 })),
  },
  { method: 'GET', pattern: 'clusters/spark-versions', handler: () => ({ versions: [...SPARK_VERSIONS] }) },
  { method: 'GET', pattern: 'clusters/list-node-types', handler: () => ({ node_types: [...NODE_TYPES] }) },
  {
    method: 'GET',
    pattern: 'clusters/list-zones',
    handler: () => ({ zones: ['us-west-2a', 'us-west-2b', 'us-west-2c'], default_zone: 'us-west-2a' }),
  },
];

/** Libraries installed on clusters (`/api/2.0/libraries/*`); every library reports INSTALLED at once. */
export const libraryRoutes: Route[] = [
  {
    method: 'POST',
    pattern: 'libraries/install',
    handler: withCluster((store, cluster, args) => {
      const libraries = (Array.isArray(args.libraries) ? args.libraries : []).filter(isJsonObject);
      for (const library of libraries) {
        const key = JSON.stringify(library);
        if (!cluster.libraries.some((existing) => JSON.stringify(existing) === key))
          cluster.libraries.push(library);
      }
      store.touch();
      return {};
    }),
  },
  {
    method: 'POST',
    pattern: 'libraries/uninstall',
    handler: withCluster((store, cluster, args) => {
      const removed = new Set(
        (Array.isArray(args.libraries) ? args.libraries : []).map((lib) => JSON.stringify(lib)),
      );
      cluster.libraries = cluster.libraries.filter((library) => !removed.has(JSON.stringify(library)));
      store.touch();
      return {};
    }),
  },
  {
    method: 'GET',
    pattern: 'libraries/cluster-status',
    handler: withCluster((_store, cluster) => libraryStatus(cluster)),
  },
  {
    method: 'GET',
    pattern: 'libraries/all-cluster-statuses',
    handler: (_request, store) => ({ statuses: Object.values(store.state.clusters).map(libraryStatus) }),
  },
];

function libraryStatus(cluster: ClusterRecord): JsonObject {
  return {
    cluster_id: cluster.cluster_id,
    library_statuses: cluster.libraries.map((library) => ({
      library,
      status: 'INSTALLED',
      is_library_for_all_clusters: false,
    })),
  };
}
