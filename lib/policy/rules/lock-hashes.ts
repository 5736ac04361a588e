import { relockCommand } from '../../requirements/lock-file';
import { NOT_APPLICABLE, nonCompliant, PolicyRule } from '../rule';

/** DBX-C6: in staging and prod, every pinned environment's lock carries hashes. */
export const lockHashes: PolicyRule = {
  id: 'DBX-C6',
  description:
    "In staging and prod, every pinned environment's lock carries --hash values, so pip installs exactly the files that were locked (--require-hashes), not whatever the index serves under those versions.",
  fix: `Re-lock the flavor with hashes (${relockCommand('standard', true)}, likewise for ml and gpu), or suppress the rule for Pinned/<flavor> with the reason the index is trusted.`,
  scope: 'staging/prod',
  resourceTypes: ['databricks_workspace_file'],
  evaluate({ config, index }) {
    const lock = typeof config.path === 'string' ? index.pinnedByLockPath.get(config.path) : undefined;
    if (!lock) return NOT_APPLICABLE;
    return nonCompliant(
      lock.lockHasHashes
        ? []
        : [
            `the ${lock.flavor} lock ${lock.lockPath} has no --hash values; its clusters install it without --require-hashes`,
          ],
    );
  },
};
