import { requiredTags } from '../../../lib/policy/rules/required-tags';
import { policyKit } from './policy-kit';

describe('DBX-T1 clusters, job clusters and jobs carry project, environment and cost_centre', () => {
  it("passes a cluster and a job tagged with the stack's tags", () => {
    const kit = policyKit('staging');
    kit.cluster();
    kit.job();
    expect(kit.violations(requiredTags)).toEqual([]);
  });

  it('fails when a cluster lacks cost_centre and a job is untagged', () => {
    const kit = policyKit('staging');
    kit.cluster().resource.addOverride('custom_tags.cost_centre', undefined);
    kit.job().resource.addOverride('tags', undefined);
    expect(kit.violations(requiredTags)).toEqual([
      {
        path: 'Cluster/Resource',
        message: expect.stringContaining('DBX-T1: the cluster lacks tag(s) cost_centre'),
      },
      {
        path: 'Job/Resource',
        message: expect.stringContaining('DBX-T1: the job lacks tag(s) project, environment, cost_centre'),
      },
    ]);
  });

  it("fails when a job cluster is tagged with another environment's name", () => {
    const kit = policyKit('prod');
    kit.job().resource.addOverride('job_cluster.0.new_cluster.custom_tags.environment', 'dev');
    expect(kit.violations(requiredTags).map((v) => v.message)).toEqual([
      expect.stringContaining('DBX-T1: job_cluster[0].new_cluster has environment="dev", expected "prod"'),
    ]);
  });
});
