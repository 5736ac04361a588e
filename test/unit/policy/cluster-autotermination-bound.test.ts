import { clusterAutoterminationBound } from '../../../lib/policy/rules/cluster-autotermination-bound';
import { policyKit } from './policy-kit';

describe('DBX-C2 prod clusters autoterminate within policy.maxAutoterminationMinutes', () => {
  it('passes a prod cluster within the bound of 60 minutes', () => {
    const kit = policyKit('prod', { maxAutoterminationMinutes: 60 });
    kit.cluster('Cluster', { autoterminationMinutes: 60 });
    expect(kit.violations(clusterAutoterminationBound)).toEqual([]);
  });

  it('fails when a prod cluster idles longer than the bound', () => {
    const kit = policyKit('prod', { maxAutoterminationMinutes: 60 });
    kit.cluster('Cluster', { autoterminationMinutes: 90 });
    expect(kit.violations(clusterAutoterminationBound)).toEqual([
      {
        path: 'Cluster/Resource',
        message: expect.stringContaining(
          'DBX-C2: autotermination_minutes is 90, expected at most 60 (policy.maxAutoterminationMinutes of prod)',
        ),
      },
    ]);
  });

  it('does not apply in staging or dev', () => {
    for (const env of ['staging', 'dev']) {
      const kit = policyKit(env, { maxAutoterminationMinutes: 60 });
      kit.cluster('Cluster', { autoterminationMinutes: 90 });
      expect(kit.violations(clusterAutoterminationBound)).toEqual([]);
    }
  });
});
