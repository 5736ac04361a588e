import { permissionsNoGroupManage } from '../../../lib/policy/rules/permissions-no-group-manage';
import { Principal } from '../../../lib/principal';
import { policyKit } from './policy-kit';

describe('DBX-P1 in prod, only admins hold CAN_MANAGE', () => {
  it('passes admins with CAN_MANAGE and other groups with lesser levels', () => {
    const kit = policyKit('prod');
    const job = kit.job();
    job.grant(Principal.group('release-managers'), 'CAN_MANAGE_RUN');
    kit.cluster().grant(Principal.group('data-engineers'), 'CAN_RESTART');
    expect(kit.violations(permissionsNoGroupManage)).toEqual([]);
  });

  it('fails when a non-admin group manages a prod job (grants are read from the lazily merged permissions)', () => {
    const kit = policyKit('prod');
    kit.job().grant(Principal.group('data-engineers'), 'CAN_MANAGE');
    expect(kit.violations(permissionsNoGroupManage)).toEqual([
      {
        path: 'Job/Permissions/Resource',
        message: expect.stringContaining('DBX-P1: group "data-engineers" has CAN_MANAGE'),
      },
    ]);
  });

  it('does not apply in staging', () => {
    const kit = policyKit('staging');
    kit.job().grant(Principal.group('data-engineers'), 'CAN_MANAGE');
    expect(kit.violations(permissionsNoGroupManage)).toEqual([]);
  });
});
