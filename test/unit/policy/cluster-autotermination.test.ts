import { clusterAutotermination } from '../../../lib/policy/rules/cluster-autotermination';
import { policyKit } from './policy-kit';

describe('DBX-C1 every all-purpose cluster autoterminates', () => {
  it('passes a cluster that stops after 30 idle minutes', () => {
    const kit = policyKit('dev');
    kit.cluster();
    expect(kit.violations(clusterAutotermination)).toEqual([]);
  });

  it('fails when autotermination is switched off (0 minutes)', () => {
    const kit = policyKit('dev');
    kit.cluster().resource.addOverride('autotermination_minutes', 0);
    expect(kit.violations(clusterAutotermination)).toEqual([
      {
        path: 'Cluster/Resource',
        message: expect.stringMatching(
          /^DBX-C1: autotermination_minutes is 0, expected .* Fix: Set autoterminationMinutes/,
        ),
      },
    ]);
  });

  it('fails when autotermination is not set at all', () => {
    const kit = policyKit('dev');
    kit.cluster().resource.addOverride('autotermination_minutes', undefined);
    expect(kit.violations(clusterAutotermination).map((v) => v.message)).toEqual([
      expect.stringContaining('DBX-C1: autotermination_minutes is not set'),
    ]);
  });
});
