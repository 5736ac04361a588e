import { SecretScope as ScopeResource } from '@cdktf/provider-databricks/lib/secret-scope';
import { protect } from '../../lib/protection';
import { testStack } from '../helpers/construct-fixture';
import { onlyResource, synthWithMetadata } from '../helpers/synthesized';

function protectedScope(options?: Parameters<typeof protect>[1]) {
  const { stack } = testStack();
  const scope = new ScopeResource(stack, 'Scope', { name: 'demo' });
  protect(scope, options);
  return onlyResource(synthWithMetadata(stack), 'databricks_secret_scope');
}

describe('protect', () => {
  it('marks the resource with "//".protected for the plan guard, next to cdktf metadata', () => {
    const scope = protectedScope();
    expect(scope['//']).toEqual({
      metadata: expect.objectContaining({ path: 'test/Scope' }),
      protected: true,
    });
  });

  it('does not set prevent_destroy by default, so a rollback may still replace the resource', () => {
    expect(protectedScope()).not.toHaveProperty('lifecycle');
  });

  it('sets lifecycle.prevent_destroy when asked', () => {
    expect(protectedScope({ preventDestroy: true }).lifecycle).toEqual({ prevent_destroy: true });
  });

  it('leaves an unprotected resource without the marker', () => {
    const { stack } = testStack();
    new ScopeResource(stack, 'Scope', { name: 'demo' });
    const scope = onlyResource(synthWithMetadata(stack), 'databricks_secret_scope');
    expect(scope['//']).not.toHaveProperty('protected');
    expect(scope).not.toHaveProperty('lifecycle');
  });
});
