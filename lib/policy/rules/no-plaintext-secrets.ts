import { plaintextSecretIn } from '../../text/secret-scan';
import { blocks, clusterSpecs, notebookTasks, settingAt, stringMap } from '../resource-parts';
import { Finding, nonCompliant, PolicyRule } from '../rule';

/** DBX-S1: secrets reach clusters and jobs only as `{{secrets/<scope>/<key>}}` references. */
export const noPlaintextSecrets: PolicyRule = {
  id: 'DBX-S1',
  description:
    'No plaintext secret in spark_conf, spark_env_vars, job parameters or notebook base_parameters: only {{secrets/<scope>/<key>}} references.',
  fix: "Put the value into the environment's secret scope (databricks secrets put-secret <project>-<env> <key>) and use {{secrets/<project>-<env>/<key>}} in its place.",
  scope: 'all',
  resourceTypes: ['databricks_cluster', 'databricks_job'],
  evaluate({ type, config }) {
    const settings: Array<{ at: string; values: Readonly<Record<string, unknown>> }> = [];
    for (const { at, spec } of clusterSpecs(type, config)) {
      const prefix = at === '' ? '' : `${at}.`;
      settings.push({ at: `${prefix}spark_conf`, values: stringMap(spec.spark_conf) });
      settings.push({ at: `${prefix}spark_env_vars`, values: stringMap(spec.spark_env_vars) });
    }
    for (const task of notebookTasks(config)) {
      settings.push({ at: `${task.at}.base_parameters`, values: task.baseParameters });
    }
    blocks(config.parameter).forEach((p, i) => {
      if (typeof p.name === 'string')
        settings.push({ at: `parameter[${i}]`, values: { [p.name]: p.default } });
    });
    const findings: Finding[] = [];
    for (const { at, values } of settings) {
      for (const [key, value] of Object.entries(values)) {
        const secret = plaintextSecretIn(key, value);
        if (secret)
          findings.push({
            message: `${at}[${JSON.stringify(key)}] holds a ${secret.kind} ${secret.masked}`,
            setting: settingAt(at, key),
          });
      }
    }
    return nonCompliant(findings);
  },
};
