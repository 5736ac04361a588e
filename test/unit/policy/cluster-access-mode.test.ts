import { Cluster } from '@cdktf/provider-databricks/lib/cluster';
import { clusterAccessMode } from '../../../lib/policy/rules/cluster-access-mode';
import { policyKit } from './policy-kit';

describe('DBX-C5 every cluster sets a Unity Catalog access mode', () => {
  it('passes clusters and job clusters built on the policy (dedicated)', () => {
    const kit = policyKit('dev');
    kit.cluster();
    kit.job();
    expect(kit.violations(clusterAccessMode)).toEqual([]);
  });

  it('does not apply to a job that runs on an existing all-purpose cluster', () => {
    const kit = policyKit('dev');
    kit.job('Job', { compute: { cluster: kit.cluster() } });
    expect(kit.violations(clusterAccessMode)).toEqual([]);
  });

  it('fails when a cluster has no access mode, or a job cluster one the pinned environment cannot serve', () => {
    const kit = policyKit('prod');
    new Cluster(kit.stack, 'Raw', { clusterName: 'raw', sparkVersion: '16.4.x-scala2.12', numWorkers: 1 });
    kit.job().resource.addOverride('job_cluster.0.new_cluster.data_security_mode', 'NO_ISOLATION');
    expect(kit.violations(clusterAccessMode)).toEqual([
      { path: 'Raw', message: expect.stringContaining('DBX-C5: the cluster has no data_security_mode') },
      {
        path: 'Job/Resource',
        message: expect.stringContaining(
          'DBX-C5: job_cluster[0].new_cluster has data_security_mode "NO_ISOLATION" (expected SINGLE_USER)',
        ),
      },
    ]);
  });
});
