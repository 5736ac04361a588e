import { SecretAcl } from '@cdktf/provider-databricks/lib/secret-acl';
import { SecretScope as ScopeResource } from '@cdktf/provider-databricks/lib/secret-scope';
import { Testing } from 'cdktf';
import { Principal } from '../../lib/principal';
import { SecretScope } from '../../lib/secret-scope';
import { testStack } from '../helpers/construct-fixture';
import { onlyResource, resourcesOf, synthJson, synthWithMetadata } from '../helpers/synthesized';

describe('SecretScope', () => {
  it('creates a Databricks-backed scope with no secret values and no ACL until granted', () => {
    const { stack } = testStack();
    new SecretScope(stack, 'Secrets', { scopeName: 'demo-dev' });
    const json = synthJson(stack);
    expect(Testing.synth(stack)).toHaveResourceWithProperties(ScopeResource, { name: 'demo-dev' });
    expect(resourcesOf(json, 'databricks_secret')).toEqual({});
    expect(resourcesOf(json, 'databricks_secret_acl')).toEqual({});
  });

  it('builds {{secrets/<scope>/<key>}} references', () => {
    const { stack } = testStack();
    const scope = new SecretScope(stack, 'Secrets', { scopeName: 'demo-dev' });
    expect(scope.reference('api-token')).toBe('{{secrets/demo-dev/api-token}}');
  });

  it('emits one ACL per principal, on the scope by reference', () => {
    const { stack } = testStack();
    const scope = new SecretScope(stack, 'Secrets', { scopeName: 'demo-dev' });
    scope.grantManage(Principal.group('platform-admins'));
    scope.grantRead(Principal.servicePrincipal('3c4d5e6f-7a8b-4c9d-8e0f-a1b2c3d4e5f6'));
    const synthesized = Testing.synth(stack);
    expect(synthesized).toHaveResourceWithProperties(SecretAcl, {
      scope: expect.stringMatching(/^\$\{databricks_secret_scope\.Secrets_\w+\.name\}$/),
      principal: 'platform-admins',
      permission: 'MANAGE',
    });
    expect(synthesized).toHaveResourceWithProperties(SecretAcl, {
      principal: '3c4d5e6f-7a8b-4c9d-8e0f-a1b2c3d4e5f6',
      permission: 'READ',
    });
    expect(Object.keys(resourcesOf(synthJson(stack), 'databricks_secret_acl'))).toHaveLength(2);
  });

  it('keeps the stronger level when a principal is granted twice, in either order', () => {
    const { stack } = testStack();
    const scope = new SecretScope(stack, 'Secrets', { scopeName: 'demo-dev' });
    const devs = Principal.group('data-engineers');
    scope.grant(devs, 'WRITE');
    scope.grantRead(devs);
    const ops = Principal.group('ops');
    scope.grantRead(ops);
    scope.grantManage(ops);
    expect(scope.grants.map((g) => [g.principal.name, g.level])).toEqual([
      ['data-engineers', 'WRITE'],
      ['ops', 'MANAGE'],
    ]);
    const acls = Object.values(resourcesOf(synthJson(stack), 'databricks_secret_acl'));
    expect(acls.map((a) => [a.principal, a.permission]).sort()).toEqual([
      ['data-engineers', 'WRITE'],
      ['ops', 'MANAGE'],
    ]);
  });

  it('grants two groups whose names differ only in punctuation separately', () => {
    // Group names may contain '.', '_', '@', '+' and spaces; the ACL's construct id must not merge them.
    const { stack } = testStack();
    const scope = new SecretScope(stack, 'Secrets', { scopeName: 'demo-dev' });
    scope.grantRead(Principal.group('data.eng'));
    expect(() => scope.grantRead(Principal.group('data-eng'))).not.toThrow();
    expect(scope.grants).toHaveLength(2);
  });

  it('is not protected by default; protected adds the plan guard marker and prevent_destroy', () => {
    const plain = testStack();
    new SecretScope(plain.stack, 'Secrets', { scopeName: 'demo-dev' });
    expect(onlyResource(synthWithMetadata(plain.stack), 'databricks_secret_scope')).not.toHaveProperty(
      'lifecycle',
    );

    const guarded = testStack();
    new SecretScope(guarded.stack, 'Secrets', { scopeName: 'demo-prod', protected: true });
    const scope = onlyResource(synthWithMetadata(guarded.stack), 'databricks_secret_scope');
    expect(scope['//']).toMatchObject({ protected: true });
    expect(scope.lifecycle).toEqual({ prevent_destroy: true });
  });

  it.each(['', 'has space', 'slash/no', 'x'.repeat(129), 'ümlaut'])(
    'fails when the scope name is %j',
    (bad) => {
      const { stack } = testStack();
      expect(() => new SecretScope(stack, 'Secrets', { scopeName: bad })).toThrow(
        `test/Secrets: scope name must be 1-128 letters, digits, '_', '-' or '.', found ${JSON.stringify(bad)}`,
      );
    },
  );
});
