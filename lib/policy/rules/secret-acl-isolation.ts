import { COMPLIANT, nonCompliant, PolicyRule } from '../rule';

/** DBX-S2: an environment's secrets are not readable by another environment's principals. */
export const secretAclIsolation: PolicyRule = {
  id: 'DBX-S2',
  description:
    "A secret scope's ACLs name no principal of another environment (its run-as, or a group with secret access only there).",
  fix: "Grant the scope only to this environment's run-as and the groups its config gives access.<role>.secrets; give each environment its own service principal.",
  scope: 'all',
  resourceTypes: ['databricks_secret_acl'],
  evaluate({ config, context }) {
    const foreign = context.foreignPrincipals.find((p) => p.name === config.principal);
    if (!foreign) return COMPLIANT;
    return nonCompliant([
      {
        message: `grants ${String(config.permission)} to ${JSON.stringify(foreign.name)}, ${foreign.why}`,
        setting: `principal.${foreign.name}`,
      },
    ]);
  },
};
