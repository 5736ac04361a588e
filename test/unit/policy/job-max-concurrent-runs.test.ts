import { jobMaxConcurrentRuns } from '../../../lib/policy/rules/job-max-concurrent-runs';
import { policyKit } from './policy-kit';

describe('DBX-J4 jobs allow at most 5 concurrent runs', () => {
  it('passes jobs with 1 and with 5 concurrent runs', () => {
    const kit = policyKit('dev');
    kit.job('One');
    kit.job('Five', { maxConcurrentRuns: 5 });
    expect(kit.violations(jobMaxConcurrentRuns)).toEqual([]);
  });

  it('fails when a job allows 6 concurrent runs', () => {
    const kit = policyKit('dev');
    kit.job('Job', { maxConcurrentRuns: 6 });
    expect(kit.violations(jobMaxConcurrentRuns)).toEqual([
      {
        path: 'Job/Resource',
        message: expect.stringContaining('DBX-J4: max_concurrent_runs is 6, expected at most 5'),
      },
    ]);
  });
});
