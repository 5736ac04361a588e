import { PolicyRule, RuleScope } from './rule';
import { clusterAccessMode } from './rules/cluster-access-mode';
import { clusterAutotermination } from './rules/cluster-autotermination';
import { clusterAutoterminationBound } from './rules/cluster-autotermination-bound';
import { clusterPinnedEnvironment } from './rules/cluster-pinned-environment';
import { clusterUsesPolicy } from './rules/cluster-uses-policy';
import { dataTargetIsolation } from './rules/data-target-isolation';
import { lockHashes } from './rules/lock-hashes';
import { jobFailureNotifications } from './rules/job-failure-notifications';
import { jobMaxConcurrentRuns } from './rules/job-max-concurrent-runs';
import { jobRunAsServicePrincipal } from './rules/job-run-as-service-principal';
import { jobSourceFolder } from './rules/job-source-folder';
import { noPlaintextSecrets } from './rules/no-plaintext-secrets';
import { permissionsNoGroupManage } from './rules/permissions-no-group-manage';
import { requiredTags } from './rules/required-tags';
import { secretAclIsolation } from './rules/secret-acl-isolation';

/** Every policy rule, in id order. */
export const RULES: readonly PolicyRule[] = [
  clusterAutotermination,
  clusterAutoterminationBound,
  clusterPinnedEnvironment,
  clusterUsesPolicy,
  clusterAccessMode,
  lockHashes,
  jobRunAsServicePrincipal,
  jobSourceFolder,
  jobFailureNotifications,
  jobMaxConcurrentRuns,
  permissionsNoGroupManage,
  noPlaintextSecrets,
  secretAclIsolation,
  dataTargetIsolation,
  requiredTags,
];

/** The rule with this id, or undefined. */
export function ruleById(id: string): PolicyRule | undefined {
  return RULES.find((r) => r.id === id);
}

/** The pack a rule belongs to: `baseline` (every environment) or `prod` (prod, and staging for staging/prod rules). */
export function packOf(rule: PolicyRule): 'baseline' | 'prod' {
  return rule.scope === 'all' ? 'baseline' : 'prod';
}

/** Where a rule holds, in words. */
export function scopeText(scope: RuleScope): string {
  return scope === 'all' ? 'all environments' : scope;
}
