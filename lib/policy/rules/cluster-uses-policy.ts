import { clusterSpecs, settingAt, where } from '../resource-parts';
import { NOT_APPLICABLE, nonCompliant, PolicyRule } from '../rule';

/** DBX-C4: every cluster is created under one of the environment's cluster policies. */
export const clusterUsesPolicy: PolicyRule = {
  id: 'DBX-C4',
  description:
    "Every cluster (all-purpose and job clusters) uses one of the stack's cluster policies (policy_id).",
  fix: "Pass the environment's ClusterPolicy (stack.policies) to the cluster or job compute; do not use a policy id from elsewhere or none.",
  scope: 'all',
  resourceTypes: ['databricks_cluster', 'databricks_job'],
  evaluate({ type, config, index }) {
    const specs = clusterSpecs(type, config);
    if (specs.length === 0) return NOT_APPLICABLE;
    return nonCompliant(
      specs
        .filter(
          ({ spec }) => typeof spec.policy_id !== 'string' || !index.policyReferences.has(spec.policy_id),
        )
        .map(({ at, spec }) => ({
          message:
            spec.policy_id === undefined
              ? `${where(at)} has no policy_id`
              : `${where(at)} uses policy ${JSON.stringify(spec.policy_id)}, which is not a cluster policy of this stack`,
          setting: settingAt(at, 'policy_id'),
        })),
    );
  },
};
