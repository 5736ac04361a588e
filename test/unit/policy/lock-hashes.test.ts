import { PinnedEnvironment } from '../../../lib/pinned-environment';
import { PolicySuppressions } from '../../../lib/policy/policy-suppressions';
import { lockHashes } from '../../../lib/policy/rules/lock-hashes';
import { projectPinnedFiles } from '../../helpers/construct-fixture';
import { policyKit } from './policy-kit';

// The project's standard lock has no hashes; its gpu lock has them (requirements/).
describe('DBX-C6 staging and prod locks carry hashes', () => {
  it('passes a lock with hashes in prod', () => {
    const kit = policyKit('prod');
    const gpu = new PinnedEnvironment(kit.stack, 'PinnedGpu', {
      ...projectPinnedFiles('gpu'),
      folder: kit.folder,
    });
    expect(gpu.lockHasHashes).toBe(true);
    const found = kit.violations(lockHashes).filter((v) => v.path.startsWith('PinnedGpu'));
    expect(found).toEqual([]);
  });

  it('passes a lock without hashes in a dev-tier environment', () => {
    const kit = policyKit('dev');
    expect(kit.pinned.lockHasHashes).toBe(false);
    expect(kit.violations(lockHashes)).toEqual([]);
  });

  it.each(['staging', 'prod'])(
    'fails when a lock has no hashes in %s, naming the flavor and the lock',
    (env) => {
      const kit = policyKit(env);
      expect(kit.violations(lockHashes)).toEqual([
        {
          path: 'Pinned/Lock',
          message: expect.stringContaining(
            `DBX-C6: the standard lock ${kit.pinned.lockPath} has no --hash values; its clusters install it without --require-hashes`,
          ),
        },
      ]);
    },
  );

  it('keys on the tier, not the name: an environment named "qa" of the prod tier fails', () => {
    const kit = policyKit('qa', { tier: 'prod' });
    expect(kit.violations(lockHashes).map((v) => v.path)).toEqual(['Pinned/Lock']);
  });

  it('passes a lock without hashes when the pinned environment suppresses the rule with a reason', () => {
    const kit = policyKit('prod');
    PolicySuppressions.add(
      kit.pinned,
      'DBX-C6',
      'The internal mirror serves only vetted wheels; hashes follow in Q3.',
    );
    expect(kit.violations(lockHashes)).toEqual([]);
  });
});
