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
