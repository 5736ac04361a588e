import { COMPLIANT, nonCompliant, PolicyRule } from '../rule';

/** DBX-C1: every all-purpose cluster stops by itself when idle. */
export const clusterAutotermination: PolicyRule = {
  id: 'DBX-C1',
  description: 'Every all-purpose cluster autoterminates (autotermination_minutes set and above 0).',
  fix: 'Set autoterminationMinutes on the cluster (config: clusters[].autoterminationMinutes); 0 or unset keeps an idle cluster running and billing.',
  scope: 'all',
  resourceTypes: ['databricks_cluster'],
  evaluate({ config }) {
    const minutes = config.autotermination_minutes;
    if (typeof minutes === 'number' && minutes > 0) return COMPLIANT;
    return nonCompliant([
      {
        message:
          minutes === undefined
            ? 'autotermination_minutes is not set'
            : `autotermination_minutes is ${JSON.stringify(minutes)}, expected a number of minutes above 0`,
        setting: 'autotermination_minutes',
      },
    ]);
  },
};
