import { secretAclIsolation } from '../../../lib/policy/rules/secret-acl-isolation';
import { Principal } from '../../../lib/principal';
import { SecretScope } from '../../../lib/secret-scope';
import { policyKit, RUN_AS_SP } from './policy-kit';

describe("DBX-S2 a secret scope's ACLs name no principal of another environment", () => {
  it("passes admins and the environment's own run-as", () => {
    const kit = policyKit('prod');
    const scope = new SecretScope(kit.stack, 'Secrets', { scopeName: 'demo-prod' });
    scope.grantManage(kit.admins);
    scope.grantRead(Principal.servicePrincipal(RUN_AS_SP));
    expect(kit.violations(secretAclIsolation)).toEqual([]);
  });

  it("fails when the prod scope is readable by staging's run-as, or a group with secret access only in dev", () => {
    const kit = policyKit('prod', {
      foreignPrincipals: [
        { name: '8d2f3a1e-6b7c-4d5e-9f0a-1b2c3d4e5f60', why: 'the run-as service principal of staging' },
        { name: 'data-engineers', why: 'group developers with secret access in dev' },
      ],
    });
    const scope = new SecretScope(kit.stack, 'Secrets', { scopeName: 'demo-prod' });
    scope.grantManage(kit.admins);
    scope.grantRead(Principal.servicePrincipal('8d2f3a1e-6b7c-4d5e-9f0a-1b2c3d4e5f60'));
    scope.grantRead(Principal.group('data-engineers'));
    expect(kit.violations(secretAclIsolation)).toEqual([
      {
        path: expect.stringMatching(/^Secrets\/Acl-servicePrincipal-8d2f3a1e-6b7c-4d5e-9f0a-1b2c3d4e5f60/),
        message: expect.stringContaining(
          'DBX-S2: grants READ to "8d2f3a1e-6b7c-4d5e-9f0a-1b2c3d4e5f60", the run-as service principal of staging',
        ),
      },
      {
        path: expect.stringMatching(/^Secrets\/Acl-group-data-engineers/),
        message: expect.stringContaining(
          'DBX-S2: grants READ to "data-engineers", group developers with secret access in dev',
        ),
      },
    ]);
  });
});
