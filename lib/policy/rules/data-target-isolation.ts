import { targetsOverlap } from '../../data-target';
import { notebookTasks, settingAt } from '../resource-parts';
import { Finding, NOT_APPLICABLE, nonCompliant, PolicyRule } from '../rule';

/** DBX-D1: no two environments write the same data target; read-only inputs are never written. */
export const dataTargetIsolation: PolicyRule = {
  id: 'DBX-D1',
  description:
    "A job writes only its own environment's data: no write target (a target parameter, the backup catalog or location, the export location) overlaps another environment's, or one of the environment's read-only inputs.",
  fix: 'Give each environment its own data namespace (data.catalog, data.schema, data.storageRoot in <env>.yaml) and write targets through it (e.g. target_schema: ${env.catalog}.sales); declare data read from another environment under data.readOnlyInputs, never as a target. Suppress with a reason only for a target that is meant to be shared.',
  scope: 'all',
  resourceTypes: ['databricks_job'],
  evaluate({ config, context }) {
    const own = context.writeTargets.filter((t) => t.jobName === config.name);
    if (own.length === 0) return NOT_APPLICABLE;
    const findings: Finding[] = [];
    for (const task of notebookTasks(config)) {
      for (const target of own) {
        const value = task.baseParameters[target.parameter];
        if (typeof value !== 'string') continue;
        const setting = settingAt(task.at, 'base_parameters', target.parameter);
        for (const other of context.foreignWriteTargets) {
          if (!targetsOverlap(value, other.target)) continue;
          findings.push({
            message: `${task.at}.base_parameters.${target.parameter} writes ${JSON.stringify(value)}, where ${other.environment}'s job ${JSON.stringify(other.jobName)} writes ${JSON.stringify(other.target)} (${other.parameter})`,
            setting,
          });
        }
        for (const input of context.readOnlyInputs) {
          if (!targetsOverlap(value, input)) continue;
          findings.push({
            message: `${task.at}.base_parameters.${target.parameter} writes ${JSON.stringify(value)}, which ${context.environment} declares a read-only input (${JSON.stringify(input)})`,
            setting,
          });
        }
      }
    }
    return nonCompliant(findings);
  },
};
