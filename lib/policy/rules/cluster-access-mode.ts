import { clusterSpecs, settingAt, where } from '../resource-parts';
import { NOT_APPLICABLE, nonCompliant, PolicyRule } from '../rule';
import { ACCESS_MODES } from '../../vocabulary';

/** DBX-C5: every cluster sets an access mode that gives Unity Catalog access and runs the pinned init script. */
export const clusterAccessMode: PolicyRule = {
  id: 'DBX-C5',
  description: `Every cluster (all-purpose and job clusters) sets data_security_mode to ${ACCESS_MODES.join(' or ')}: Unity Catalog access, and an init-script source the pinned environment supports.`,
  fix: "Build clusters with ManagedCluster or a job's jobCluster compute on the environment's ClusterPolicy (it fixes the mode); set accessMode in the environment's config. Without a mode a cluster has no Unity Catalog access and the backup and export jobs fail.",
  scope: 'all',
  resourceTypes: ['databricks_cluster', 'databricks_job'],
  evaluate({ type, config }) {
    const specs = clusterSpecs(type, config);
    if (specs.length === 0) return NOT_APPLICABLE;
    return nonCompliant(
      specs
        .filter(({ spec }) => !(ACCESS_MODES as readonly unknown[]).includes(spec.data_security_mode))
        .map(({ at, spec }) => ({
          message:
            spec.data_security_mode === undefined
              ? `${where(at)} has no data_security_mode`
              : `${where(at)} has data_security_mode ${JSON.stringify(spec.data_security_mode)} (expected ${ACCESS_MODES.join(' or ')})`,
          setting: settingAt(at, 'data_security_mode'),
        })),
    );
  },
};
