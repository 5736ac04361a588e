import { Token } from 'cdktf';
import { ClusterPolicy } from './cluster-policy';
import { Principal } from './principal';

/** How big a cluster is: a fixed number of workers or an autoscale range. Exactly one. */
export interface ClusterSize {
  /** Worker node type, e.g. `i3.xlarge`; must be allowed by the policy. */
  readonly nodeTypeId: string;
  /** Fixed number of workers (0 = single node). */
  readonly numWorkers?: number;
  /** Autoscale range. */
  readonly autoscale?: { readonly minWorkers: number; readonly maxWorkers: number };
}

/** The cluster fields {@link pinnedClusterSpec} sets, in the provider's (camelCase) names. */
export interface PinnedClusterSpec {
  readonly sparkVersion: string;
  readonly nodeTypeId: string;
  readonly numWorkers?: number;
  readonly autoscale?: { readonly minWorkers: number; readonly maxWorkers: number };
  readonly policyId: string;
  readonly customTags: Record<string, string>;
  readonly initScripts: Array<{ workspace: { destination: string } }>;
  readonly dataSecurityMode: string;
  readonly singleUserName?: string;
  readonly dockerImage?: { url: string; basicAuth?: { username: string; password: string } };
}

/**
 * The spec shared by all-purpose clusters and job clusters built on a {@link ClusterPolicy}:
 * runtime, init script, container image, access mode, policy and tags all come from the pinned
 * environment and the policy, so a cluster cannot drift from them. Checks the size against the policy.
 * @param where construct path, for messages
 * @param singleUser who a dedicated (`SINGLE_USER`) cluster is assigned to; a job cluster may
 *   leave it out (Databricks assigns the job's run-as identity)
 */
export function pinnedClusterSpec(
  where: string,
  policy: ClusterPolicy,
  size: ClusterSize,
  tags: Record<string, string>,
  singleUser?: Principal,
): PinnedClusterSpec {
  if (singleUser?.kind === 'group') {
    throw new Error(
      `${where}: a dedicated (SINGLE_USER) cluster is assigned to a user or service principal, found group ${singleUser.name}`,
    );
  }
  if ((size.numWorkers === undefined) === (size.autoscale === undefined)) {
    throw new Error(`${where}: set exactly one of numWorkers or autoscale`);
  }
  const allowed = policy.allowedNodeTypes;
  if (
    !Token.isUnresolved(size.nodeTypeId) &&
    !Token.isUnresolved(allowed) &&
    !allowed.includes(size.nodeTypeId)
  ) {
    throw new Error(
      `${where}: node type ${size.nodeTypeId} is not allowed by the policy (allowed: ${allowed.join(', ')})`,
    );
  }
  const workers = size.autoscale ? size.autoscale.maxWorkers : size.numWorkers!;
  const min = size.autoscale ? size.autoscale.minWorkers : size.numWorkers!;
  // A Terraform variable's value is not known here: Databricks checks it against the policy.
  if ([workers, min, policy.maxWorkers].some((n) => Token.isUnresolved(n))) {
    // nothing to check
  } else if (!Number.isInteger(workers) || !Number.isInteger(min) || min < 0 || min > workers) {
    throw new Error(
      `${where}: worker counts must be whole numbers with 0 <= min <= max, found ${min}..${workers}`,
    );
  } else if (workers > policy.maxWorkers) {
    throw new Error(`${where}: ${workers} workers exceed the policy's maximum of ${policy.maxWorkers}`);
  }
  for (const [tag, value] of Object.entries(policy.requiredTags)) {
    if (Token.isUnresolved(value) || Token.isUnresolved(tags[tag])) continue;
    if (tags[tag] !== value) {
      throw new Error(
        `${where}: the policy requires tag ${tag}=${value}, found ${tags[tag] ?? 'no such tag'}`,
      );
    }
  }
  const env = policy.pinnedEnvironment;
  return {
    sparkVersion: policy.sparkVersion,
    nodeTypeId: size.nodeTypeId,
    ...(size.autoscale
      ? { autoscale: { minWorkers: size.autoscale.minWorkers, maxWorkers: size.autoscale.maxWorkers } }
      : { numWorkers: size.numWorkers }),
    policyId: policy.policyId,
    customTags: { ...tags, pinned_env: env.digest },
    initScripts: policy.initScripts.map((destination) => ({ workspace: { destination } })),
    dataSecurityMode: policy.dataSecurityMode,
    ...(singleUser ? { singleUserName: singleUser.name } : {}),
    ...(env.containerImage
      ? {
          dockerImage: {
            url: env.containerImage.url,
            ...(env.containerImage.basicAuth ? { basicAuth: { ...env.containerImage.basicAuth } } : {}),
          },
        }
      : {}),
  };
}
