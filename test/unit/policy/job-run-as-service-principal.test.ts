import { jobRunAsServicePrincipal } from '../../../lib/policy/rules/job-run-as-service-principal';
import { Principal } from '../../../lib/principal';
import { policyKit } from './policy-kit';

describe('DBX-J1 staging and prod jobs run as a service principal', () => {
  it('passes a prod job run as a service principal', () => {
    const kit = policyKit('prod');
    kit.job();
    expect(kit.violations(jobRunAsServicePrincipal)).toEqual([]);
  });

  it('fails when a staging job runs as a user', () => {
    const kit = policyKit('staging');
    kit.job('Job', { runAs: Principal.user('alice@acme.example') });
    expect(kit.violations(jobRunAsServicePrincipal)).toEqual([
      { path: 'Job/Resource', message: expect.stringContaining('DBX-J1: runs as user "alice@acme.example"') },
    ]);
  });

  it('fails when a prod job has no run-as at all', () => {
    const kit = policyKit('prod');
    kit.job('Job', { runAs: undefined });
    expect(kit.violations(jobRunAsServicePrincipal).map((v) => v.message)).toEqual([
      expect.stringContaining('DBX-J1: has no run_as: it would run as whoever deploys it'),
    ]);
  });

  it('does not apply in dev, where jobs may run as the developer', () => {
    const kit = policyKit('dev');
    kit.job('Job', { runAs: undefined });
    expect(kit.violations(jobRunAsServicePrincipal)).toEqual([]);
  });
});
