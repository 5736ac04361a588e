import { ClusterPolicy as PolicyResource } from '@cdktf/provider-databricks/lib/cluster-policy';
import { Permissions } from '@cdktf/provider-databricks/lib/permissions';
import { Testing } from 'cdktf';
import { Principal } from '../../lib/principal';
import { constructFixture, REQUIRED_TAGS } from '../helpers/construct-fixture';
import { resourcesOf, synthJson } from '../helpers/synthesized';

describe('ClusterPolicy', () => {
  it('fixes the runtime, init script and access mode of its pinned environment, limits size and forces tags', () => {
    const f = constructFixture();
    const policy = f.policy('ml');
    const env = f.pinned('ml');
    expect(policy.definition).toEqual({
      spark_version: { type: 'fixed', value: '16.4.x-cpu-ml-scala2.12' },
      node_type_id: { type: 'allowlist', values: ['i3.xlarge', 'i3.2xlarge'], defaultValue: 'i3.xlarge' },
      num_workers: { type: 'range', maxValue: 4 },
      'autoscale.max_workers': { type: 'range', maxValue: 4 },
      autotermination_minutes: { type: 'range', minValue: 10, maxValue: 60, defaultValue: 30 },
      'init_scripts.0.workspace.destination': { type: 'fixed', value: env.initScriptPath },
      'custom_tags.pinned_env': { type: 'fixed', value: env.digest },
      data_security_mode: { type: 'fixed', value: 'SINGLE_USER' },
      'custom_tags.project': { type: 'fixed', value: REQUIRED_TAGS.project },
      'custom_tags.environment': { type: 'fixed', value: REQUIRED_TAGS.environment },
      'custom_tags.cost_centre': { type: 'fixed', value: REQUIRED_TAGS.cost_centre },
    });
  });

  it('sends the definition as JSON, with a name and a description naming the runtime', () => {
    const f = constructFixture();
    const policy = f.policy('standard');
    policy.grant(Principal.group('platform-admins'));
    expect(Testing.synth(f.stack)).toHaveResourceWithProperties(PolicyResource, {
      name: 'demo-dev-standard',
      definition: JSON.stringify(policy.definition),
      description:
        'Pinned standard environment (16.4.x-scala2.12); managed by Terraform, do not edit in the UI.',
    });
  });

  it('defaults the autotermination bound to 120 minutes', () => {
    const f = constructFixture();
    const policy = f.policy('standard', { maxAutoterminationMinutes: undefined });
    expect(policy.definition.autotermination_minutes).toEqual({
      type: 'range',
      minValue: 10,
      maxValue: 120,
      defaultValue: 30,
    });
  });

  it('lowers the default autotermination to the bound when the bound is below 30 minutes', () => {
    const f = constructFixture();
    const policy = f.policy('standard', { maxAutoterminationMinutes: 15 });
    expect(policy.definition.autotermination_minutes).toMatchObject({ maxValue: 15, defaultValue: 15 });
  });

  it('fixes the container image when the pinned environment has one', () => {
    const f = constructFixture();
    const withImage = Object.assign(Object.create(Object.getPrototypeOf(f.pinned('ml'))), f.pinned('ml'), {
      containerImage: { url: 'acme.azurecr.io/demo/ml:1.4.0' },
    });
    const policy = f.policy('ml', { pinnedEnvironment: withImage });
    expect(policy.definition['docker_image.url']).toEqual({
      type: 'fixed',
      value: 'acme.azurecr.io/demo/ml:1.4.0',
    });
  });

  it('grants CAN_USE by default, in one permissions resource on the policy', () => {
    const f = constructFixture();
    const policy = f.policy('standard');
    policy.grant(Principal.group('platform-admins'));
    policy.grant(Principal.group('data-engineers'), 'CAN_USE');
    expect(Testing.synth(f.stack)).toHaveResourceWithProperties(Permissions, {
      cluster_policy_id: expect.stringMatching(/^\$\{databricks_cluster_policy\.Policy-standard_\w+\.id\}$/),
      access_control: [
        { group_name: 'data-engineers', permission_level: 'CAN_USE' },
        { group_name: 'platform-admins', permission_level: 'CAN_USE' },
      ],
    });
    const onPolicy = Object.values(resourcesOf(synthJson(f.stack), 'databricks_permissions')).filter(
      (p) => 'cluster_policy_id' in p,
    );
    expect(onPolicy).toHaveLength(1);
  });

  it('fails when no node type is allowed', () => {
    const f = constructFixture();
    expect(() => f.policy('standard', { allowedNodeTypes: [] }, 'Bad')).toThrow(
      'test/Bad: allowedNodeTypes must not be empty',
    );
  });

  it.each([0, -1, 2.5, NaN])('fails when maxWorkers is %p', (bad) => {
    const f = constructFixture();
    expect(() => f.policy('standard', { maxWorkers: bad }, 'Bad')).toThrow(
      `test/Bad: maxWorkers must be a whole number >= 1, found ${bad}`,
    );
  });

  it.each([9, 0, 30.5])('fails when maxAutoterminationMinutes is %p', (bad) => {
    const f = constructFixture();
    expect(() => f.policy('standard', { maxAutoterminationMinutes: bad }, 'Bad')).toThrow(
      `test/Bad: maxAutoterminationMinutes must be a whole number >= 10, found ${bad}`,
    );
  });

  it('fails when asked for an access mode whose init scripts the pinned environment cannot run', () => {
    const f = constructFixture();
    expect(() =>
      f.policy('standard', { dataSecurityMode: 'USER_ISOLATION' as 'SINGLE_USER' }, 'Standard'),
    ).toThrow(
      'test/Standard: dataSecurityMode must be one of SINGLE_USER (the modes whose init-script source the pinned environment supports), found USER_ISOLATION',
    );
  });
});
