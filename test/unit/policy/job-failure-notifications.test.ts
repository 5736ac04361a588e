import { jobFailureNotifications } from '../../../lib/policy/rules/job-failure-notifications';
import { policyKit } from './policy-kit';

describe('DBX-J3 staging and prod jobs notify on failure', () => {
  it('passes a job that e-mails on failure, and one that only calls a destination', () => {
    const kit = policyKit('prod');
    kit.job('Mail');
    kit.job('Slack', { notifications: { destinationIds: ['5b8e1c2a-3f4d-4e6a-9b7c-0d1e2f3a4b5c'] } });
    expect(kit.violations(jobFailureNotifications)).toEqual([]);
  });

  it('fails when a staging job notifies nobody', () => {
    const kit = policyKit('staging');
    kit.job('Job', { notifications: undefined });
    expect(kit.violations(jobFailureNotifications)).toEqual([
      { path: 'Job/Resource', message: expect.stringContaining('DBX-J3: has no failure notification') },
    ]);
  });

  it('does not apply in dev', () => {
    const kit = policyKit('dev');
    kit.job('Job', { notifications: undefined });
    expect(kit.violations(jobFailureNotifications)).toEqual([]);
  });
});
