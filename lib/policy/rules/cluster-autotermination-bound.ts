import { COMPLIANT, NOT_APPLICABLE, nonCompliant, PolicyRule } from '../rule';

/** DBX-C2: in prod, idle all-purpose clusters stop within the configured bound. */
export const clusterAutoterminationBound: PolicyRule = {
  id: 'DBX-C2',
  description:
    "All-purpose clusters in prod autoterminate within the environment's policy.maxAutoterminationMinutes.",
  fix: 'Lower clusters[].autoterminationMinutes to at most policy.maxAutoterminationMinutes of the environment (or raise the bound deliberately in config).',
  scope: 'prod',
  resourceTypes: ['databricks_cluster'],
  evaluate({ config, context }) {
    const minutes = config.autotermination_minutes;
    // Unset or zero is DBX-C1's finding; this rule only bounds a value that is there.
    if (typeof minutes !== 'number' || minutes <= 0) return NOT_APPLICABLE;
    if (minutes <= context.maxAutoterminationMinutes) return COMPLIANT;
    return nonCompliant([
      {
        message: `autotermination_minutes is ${minutes}, expected at most ${context.maxAutoterminationMinutes} (policy.maxAutoterminationMinutes of ${context.environment})`,
        setting: 'autotermination_minutes',
      },
    ]);
  },
};
