import { COMPLIANT, nonCompliant, PolicyRule } from '../rule';
import { blocks } from '../resource-parts';

/** DBX-J1: staging and prod jobs run as a service principal, never as a person. */
export const jobRunAsServicePrincipal: PolicyRule = {
  id: 'DBX-J1',
  description: 'Jobs in staging and prod run as a service principal (run_as.service_principal_name).',
  fix: "Set runAs.servicePrincipal (the application id) in the environment's config; a job running as its deployer or a user breaks when that person leaves and runs with their rights.",
  scope: 'staging/prod',
  resourceTypes: ['databricks_job'],
  evaluate({ config }) {
    const runAs = blocks(config.run_as)[0];
    const sp = runAs?.service_principal_name;
    if (typeof sp === 'string' && sp.trim() !== '') return COMPLIANT;
    return nonCompliant([
      {
        message:
          runAs?.user_name !== undefined
            ? `runs as user ${JSON.stringify(runAs.user_name)}`
            : 'has no run_as: it would run as whoever deploys it',
        setting: 'run_as',
      },
    ]);
  },
};
