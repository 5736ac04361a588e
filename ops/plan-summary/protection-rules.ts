/** A resource as the protection rules see it. */
export interface ProtectionCandidate {
  /** Resource type, e.g. `databricks_repo`. */
  readonly type: string;
  /** Construct path (or a hint of it for a resource no longer in the configuration). */
  readonly constructPath: string;
}

/** A rule that makes resources protected from delete and replace. */
export interface ProtectionRule {
  /** Short, stable description shown in the summary, e.g. `prod: every databricks_repo`. */
  readonly description: string;
  /** True when the rule protects the resource. */
  readonly matches: (resource: ProtectionCandidate) => boolean;
}

/** Environments the default rules treat as production. */
export const PRODUCTION_ENVIRONMENTS: readonly string[] = ['prod'];

/**
 * The default protection rules for an environment, on top of resources the constructs mark
 * `protected` themselves. In production: every Git folder (`databricks_repo`), every secret scope
 * (`databricks_secret_scope`: deleting one deletes its secrets) and everything under a `Backup`
 * construct. Other environments: none.
 */
export function defaultProtectionRules(environment: string): ProtectionRule[] {
  if (!PRODUCTION_ENVIRONMENTS.includes(environment)) return [];
  return [
    { description: `${environment}: every databricks_repo`, matches: (r) => r.type === 'databricks_repo' },
    {
      description: `${environment}: every databricks_secret_scope`,
      matches: (r) => r.type === 'databricks_secret_scope',
    },
    {
      description: `${environment}: construct path contains /Backup`,
      matches: (r) => r.constructPath.includes('/Backup'),
    },
  ];
}

/**
 * Rules for the resource kinds an environment's config lists in `protected` (recorded in the
 * synthesized stack as `"//": {"protected_kinds": [...]}`). Unlike the per-resource marks, these
 * still hold when the code no longer defines the resource: removing a protected Git folder from the
 * config is a delete the guard blocks.
 */
export function protectedKindRules(environment: string, kinds: readonly string[]): ProtectionRule[] {
  const byKind: Record<string, (r: ProtectionCandidate) => boolean> = {
    repoMount: (r) => r.type === 'databricks_repo',
    secretScope: (r) => r.type === 'databricks_secret_scope',
    backupJob: (r) => r.constructPath.includes('/Backup/') || r.constructPath.endsWith('/Backup'),
    unityCatalogExportJob: (r) => r.constructPath.includes('/UnityCatalogExport'),
    clusters: (r) => r.type === 'databricks_cluster',
    jobs: (r) => r.type === 'databricks_job' && r.constructPath.includes('/Jobs/'),
  };
  return kinds
    .filter((kind) => byKind[kind])
    .map((kind) => ({
      description: `${environment}: protected kind ${kind} (config)`,
      matches: byKind[kind],
    }));
}
