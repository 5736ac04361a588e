import { Cluster } from '@cdktf/provider-databricks/lib/cluster';
import { clusterUsesPolicy } from '../../../lib/policy/rules/cluster-uses-policy';
import { policyKit } from './policy-kit';

describe("DBX-C4 every cluster uses one of the stack's cluster policies", () => {
  it('passes clusters and job clusters created under the policy', () => {
    const kit = policyKit('dev');
    kit.cluster();
    kit.job();
    expect(kit.violations(clusterUsesPolicy)).toEqual([]);
  });

  it('does not apply to a job that runs on an existing all-purpose cluster', () => {
    const kit = policyKit('dev');
    kit.job('Job', { compute: { cluster: kit.cluster() } });
    expect(kit.violations(clusterUsesPolicy)).toEqual([]);
  });

  it('fails when a cluster has no policy, or a policy id from outside the stack', () => {
    const kit = policyKit('dev');
    new Cluster(kit.stack, 'Raw', { clusterName: 'raw', sparkVersion: '16.4.x-scala2.12', numWorkers: 1 });
    kit.job().resource.addOverride('job_cluster.0.new_cluster.policy_id', 'ABC123DEF456');
    expect(kit.violations(clusterUsesPolicy)).toEqual([
      { path: 'Raw', message: expect.stringContaining('DBX-C4: the cluster has no policy_id') },
      {
        path: 'Job/Resource',
        message: expect.stringContaining(
          'DBX-C4: job_cluster[0].new_cluster uses policy "ABC123DEF456", which is not a cluster policy of this stack',
        ),
      },
    ]);
  });
});
