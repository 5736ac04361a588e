import { blocks } from '../resource-parts';
import { nonCompliant, PolicyRule } from '../rule';

/** DBX-P1: in prod, only the admins group manages objects. */
export const permissionsNoGroupManage: PolicyRule = {
  id: 'DBX-P1',
  description: 'In prod, no group but the admins holds CAN_MANAGE on any object (databricks_permissions).',
  fix: 'Give non-admin groups CAN_RUN / CAN_RESTART / CAN_MANAGE_RUN / CAN_VIEW in prod (config: access.<role> of prod.yaml); changes go through the deployment, not the UI.',
  scope: 'prod',
  resourceTypes: ['databricks_permissions'],
  evaluate({ config, context }) {
    return nonCompliant(
      blocks(config.access_control)
        .filter(
          (ac) =>
            ac.permission_level === 'CAN_MANAGE' &&
            typeof ac.group_name === 'string' &&
            !context.adminGroups.includes(ac.group_name),
        )
        .map((ac) => ({
          message: `group ${JSON.stringify(ac.group_name)} has CAN_MANAGE`,
          setting: `access_control.${String(ac.group_name)}`,
        })),
    );
  },
};
