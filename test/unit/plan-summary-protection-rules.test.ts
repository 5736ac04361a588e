import { defaultProtectionRules } from '../../lib/plan-summary/protection-rules';

const protectedIn = (environment: string, type: string, constructPath: string) =>
  defaultProtectionRules(environment).some((rule) => rule.matches({ type, constructPath }));

describe('defaultProtectionRules', () => {
  test('in prod, protect every Git folder, every secret scope and everything under Backup', () => {
    expect(protectedIn('prod', 'databricks_repo', 'prod/Repos/Main/Repo')).toBe(true);
    expect(protectedIn('prod', 'databricks_secret_scope', 'prod/Secrets/Scope')).toBe(true);
    expect(protectedIn('prod', 'databricks_job', 'prod/Backup/DeepClone/Job')).toBe(true);
  });

  test('in prod, leave ordinary jobs and clusters unprotected', () => {
    expect(protectedIn('prod', 'databricks_job', 'prod/Jobs/ingest-orders/Job')).toBe(false);
    expect(protectedIn('prod', 'databricks_cluster', 'prod/Clusters/Etl/Cluster')).toBe(false);
  });

  test('outside prod there are no default rules', () => {
    expect(defaultProtectionRules('dev')).toEqual([]);
    expect(defaultProtectionRules('staging')).toEqual([]);
  });
});
