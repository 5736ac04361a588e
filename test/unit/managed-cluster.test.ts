import { Cluster } from '@cdktf/provider-databricks/lib/cluster';
import { Permissions } from '@cdktf/provider-databricks/lib/permissions';
import { Testing } from 'cdktf';
import { ManagedCluster, ManagedClusterProps } from '../../lib/managed-cluster';
import { Principal } from '../../lib/principal';
import { constructFixture, ConstructFixture, REQUIRED_TAGS } from '../helpers/construct-fixture';
import { resourcesOf, synthJson } from '../helpers/synthesized';

function cluster(f: ConstructFixture, props: Partial<ManagedClusterProps> = {}) {
  const c = new ManagedCluster(f.stack, 'Shared', {
    clusterName: 'demo-dev-shared',
    policy: f.policy('ml'),
    nodeTypeId: 'i3.xlarge',
    autoscale: { minWorkers: 1, maxWorkers: 2 },
    tags: { ...REQUIRED_TAGS },
    singleUser: Principal.user('data-engineer@acme.example'),
    ...props,
  });
  c.grant(Principal.group('platform-admins'), 'CAN_MANAGE');
  return c;
}

describe('ManagedCluster', () => {
  it('runs the pinned environment of its policy, under that policy, tagged, autoterminating after 30 minutes', () => {
    const f = constructFixture();
    cluster(f);
    const env = f.pinned('ml');
    expect(Testing.synth(f.stack)).toHaveResourceWithProperties(Cluster, {
      cluster_name: 'demo-dev-shared',
      spark_version: '16.4.x-cpu-ml-scala2.12',
      node_type_id: 'i3.xlarge',
      autoscale: { min_workers: 1, max_workers: 2 },
      autotermination_minutes: 30,
      policy_id: expect.stringMatching(/^\$\{databricks_cluster_policy\.Policy-ml_\w+\.id\}$/),
      init_scripts: [{ workspace: { destination: env.initScriptPath } }],
      custom_tags: { ...REQUIRED_TAGS, pinned_env: env.digest, cdktf_path: 'test/Shared/Resource' },
      data_security_mode: 'SINGLE_USER',
      single_user_name: 'data-engineer@acme.example',
    });
  });

  it('is created after its init script and lock are uploaded, so it can start', () => {
    const f = constructFixture();
    cluster(f);
    const synthesized = synthJson(f.stack);
    const [resource] = Object.values(resourcesOf(synthesized, 'databricks_cluster')) as Array<{
      depends_on?: string[];
    }>;
    const files = Object.keys(resourcesOf(synthesized, 'databricks_workspace_file')).map(
      (name) => `databricks_workspace_file.${name}`,
    );
    expect(resource.depends_on).toEqual(expect.arrayContaining(files));
    expect(files.length).toBeGreaterThanOrEqual(2);
  });

  it('fails when a dedicated cluster is assigned to a group', () => {
    expect(() => cluster(constructFixture(), { singleUser: Principal.group('data-engineers') })).toThrow(
      'a dedicated (SINGLE_USER) cluster is assigned to a user or service principal, found group data-engineers',
    );
  });

  it('takes a fixed size and an autotermination within the policy bound', () => {
    const f = constructFixture();
    cluster(f, { autoscale: undefined, numWorkers: 3, autoterminationMinutes: 60 });
    expect(Testing.synth(f.stack)).toHaveResourceWithProperties(Cluster, {
      num_workers: 3,
      autotermination_minutes: 60,
    });
  });

  it('exposes its name, policy and id token', () => {
    const f = constructFixture();
    const c = cluster(f);
    expect(c.clusterName).toBe('demo-dev-shared');
    expect(c.policy).toBe(f.policy('ml'));
    expect(c.clusterId).toMatch(/TOKEN/);
  });

  it('grants on the cluster by id, one permissions resource with merged grants', () => {
    const f = constructFixture();
    const c = cluster(f);
    c.grant(Principal.group('data-engineers'), 'CAN_ATTACH_TO');
    c.grant(Principal.group('data-engineers'), 'CAN_RESTART');
    expect(Testing.synth(f.stack)).toHaveResourceWithProperties(Permissions, {
      cluster_id: expect.stringMatching(/^\$\{databricks_cluster\.Shared_\w+\.id\}$/),
      access_control: [
        { group_name: 'data-engineers', permission_level: 'CAN_RESTART' },
        { group_name: 'platform-admins', permission_level: 'CAN_MANAGE' },
      ],
    });
    const onCluster = Object.values(resourcesOf(synthJson(f.stack), 'databricks_permissions')).filter(
      (p) => 'cluster_id' in p,
    );
    expect(onCluster).toHaveLength(1);
  });

  it.each([9, 61, 30.5])('fails when autoterminationMinutes is %p (outside 10..the policy bound)', (bad) => {
    const f = constructFixture();
    expect(() => cluster(f, { autoterminationMinutes: bad })).toThrow(
      `test/Shared: autoterminationMinutes must be a whole number from 10 to 60 (the policy's bound), found ${bad}`,
    );
  });

  it('fails when the size breaks the policy, naming the cluster', () => {
    const f = constructFixture();
    expect(() => cluster(f, { nodeTypeId: 'x1.32xlarge' })).toThrow(
      'test/Shared: node type x1.32xlarge is not allowed by the policy (allowed: i3.xlarge, i3.2xlarge)',
    );
  });

  it('fails when the required tags are missing', () => {
    const f = constructFixture();
    expect(() => cluster(f, { tags: undefined })).toThrow(
      'test/Shared: the policy requires tag project=demo, found no such tag',
    );
  });
});
