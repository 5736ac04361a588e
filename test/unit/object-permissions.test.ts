import { Permissions } from '@cdktf/provider-databricks/lib/permissions';
import { Testing } from 'cdktf';
import { ObjectPermissions, PERMISSION_LEVELS, PermissionObjectKind } from '../../lib/object-permissions';
import { Principal } from '../../lib/principal';
import { testStack } from '../helpers/construct-fixture';
import { onlyResource, synthJson } from '../helpers/synthesized';

const admins = Principal.group('platform-admins');
const devs = Principal.group('data-engineers');

describe('ObjectPermissions', () => {
  it.each([
    ['repo', 'repo_id'],
    ['directory', 'directory_id'],
    ['cluster', 'cluster_id'],
    ['clusterPolicy', 'cluster_policy_id'],
    ['job', 'job_id'],
  ] as Array<[PermissionObjectKind, string]>)('names a %s by its %s', (kind, field) => {
    const { stack } = testStack();
    const perms = new ObjectPermissions(stack, 'Perms', { kind, objectId: 'object-1' });
    perms.grant(admins, PERMISSION_LEVELS[kind][0]);
    expect(Testing.synth(stack)).toHaveResourceWithProperties(Permissions, {
      [field]: 'object-1',
      access_control: [{ group_name: 'platform-admins', permission_level: PERMISSION_LEVELS[kind][0] }],
    });
  });

  it('emits exactly one databricks_permissions for all grants on the object', () => {
    const { stack } = testStack();
    const perms = new ObjectPermissions(stack, 'Perms', { kind: 'job', objectId: 'job-1' });
    perms.grant(admins, 'CAN_MANAGE');
    perms.grant(devs, 'CAN_MANAGE_RUN');
    perms.grant(Principal.user('ada@acme.example'), 'CAN_VIEW');
    const json = synthJson(stack);
    expect(Object.keys(json.resource!.databricks_permissions)).toHaveLength(1);
    expect(onlyResource(json, 'databricks_permissions').access_control).toHaveLength(3);
  });

  it('renders grants made after construction (access_control is lazy, resolved at synth)', () => {
    const { stack } = testStack();
    const perms = new ObjectPermissions(stack, 'Perms', { kind: 'cluster', objectId: 'c-1' });
    const json = () => synthJson(stack);
    perms.grant(admins, 'CAN_MANAGE');
    expect(onlyResource(json(), 'databricks_permissions').access_control).toHaveLength(1);
    perms.grant(devs, 'CAN_ATTACH_TO');
    expect(onlyResource(json(), 'databricks_permissions').access_control).toHaveLength(2);
  });

  it('keeps the stronger level when a principal is granted twice, in either order', () => {
    const { stack } = testStack();
    const perms = new ObjectPermissions(stack, 'Perms', { kind: 'repo', objectId: 'r-1' });
    perms.grant(devs, 'CAN_EDIT');
    perms.grant(devs, 'CAN_READ');
    perms.grant(admins, 'CAN_READ');
    perms.grant(admins, 'CAN_MANAGE');
    expect(perms.entries.map((e) => [e.principal.name, e.level])).toEqual([
      ['data-engineers', 'CAN_EDIT'],
      ['platform-admins', 'CAN_MANAGE'],
    ]);
  });

  it('sorts the access control by principal, so the output does not depend on grant order', () => {
    const { stack } = testStack();
    const perms = new ObjectPermissions(stack, 'Perms', { kind: 'job', objectId: 'j-1' });
    perms.grant(Principal.user('zed@acme.example'), 'CAN_VIEW');
    perms.grant(Principal.servicePrincipal('3c4d5e6f-7a8b-4c9d-8e0f-a1b2c3d4e5f6'), 'CAN_MANAGE_RUN');
    perms.grant(admins, 'CAN_MANAGE');
    expect(onlyResource(synthJson(stack), 'databricks_permissions').access_control).toEqual([
      { group_name: 'platform-admins', permission_level: 'CAN_MANAGE' },
      { permission_level: 'CAN_MANAGE_RUN', service_principal_name: '3c4d5e6f-7a8b-4c9d-8e0f-a1b2c3d4e5f6' },
      { permission_level: 'CAN_VIEW', user_name: 'zed@acme.example' },
    ]);
  });

  it('fails when a level does not belong to the object kind, listing the allowed levels', () => {
    const { stack } = testStack();
    const perms = new ObjectPermissions(stack, 'Perms', { kind: 'cluster', objectId: 'c-1' });
    expect(() => perms.grant(devs, 'CAN_VIEW' as never)).toThrow(
      'test/Perms: CAN_VIEW is not a permission level of a cluster; expected one of CAN_ATTACH_TO, CAN_RESTART, CAN_MANAGE',
    );
  });

  it('fails validation when nothing was granted (Testing.synth skips validations; node.validate runs them)', () => {
    const { stack } = testStack();
    const perms = new ObjectPermissions(stack, 'Perms', { kind: 'job', objectId: 'j-1' });
    expect(perms.node.validate()).toEqual([
      'test/Perms: no grant was made on this job; grant at least one principal',
    ]);
    perms.grant(admins, 'CAN_MANAGE');
    expect(perms.node.validate()).toEqual([]);
  });

  it('fails the App synth when nothing was granted', () => {
    const { app, stack } = testStack();
    new ObjectPermissions(stack, 'Perms', { kind: 'directory', objectId: 'd-1' });
    expect(() => app.synth()).toThrow(/no grant was made on this directory/);
    expect(() => Testing.synth(stack, true)).toThrow(/no grant was made on this directory/);
  });
});
