import { protectedKindRules, defaultProtectionRules } from '../../ops/plan-summary/protection-rules';

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

describe('protectedKindRules', () => {
  const rules = protectedKindRules('staging', ['repoMount', 'jobs']);
  const protectedBy = (r: { type: string; constructPath: string }) => rules.find((rule) => rule.matches(r));

  it('protects the configured kinds in any environment, even for resources the code no longer defines', () => {
    expect(protectedBy({ type: 'databricks_repo', constructPath: '…/RepoMount' })?.description).toBe(
      'staging: protected kind repoMount (config)',
    );
    expect(
      protectedBy({ type: 'databricks_job', constructPath: 'staging/Jobs/ingest-orders/Resource' }),
    ).toBeDefined();
  });

  it('leaves kinds that are not listed alone', () => {
    expect(
      protectedBy({ type: 'databricks_secret_scope', constructPath: 'staging/Secrets/Resource' }),
    ).toBeUndefined();
    expect(
      protectedBy({ type: 'databricks_job', constructPath: 'staging/SmokeTests/Resource' }),
    ).toBeUndefined();
  });

  it('ignores unknown kinds instead of protecting everything', () => {
    expect(protectedKindRules('dev', ['nonsense'])).toEqual([]);
  });
});
