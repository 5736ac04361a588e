/**
 * The resource kinds an environment can guard against destroy (the `protected` list of
 * `<env>.yaml`), in one table: the config schema's enum derives from it, and the stack uses it to
 * find each kind's resources and write the kind into their metadata in `cdk.tf.json`. The plan
 * summary reads only that metadata (and the stack's `protected_resources` output): it knows no
 * construct id.
 */
export const PROTECTED_KINDS = [
  { kind: 'repoMount', resourceType: 'databricks_repo', constructId: 'RepoMount' },
  { kind: 'secretScope', resourceType: 'databricks_secret_scope', constructId: 'Secrets' },
  { kind: 'backupJob', resourceType: 'databricks_job', constructId: 'Backup' },
  { kind: 'unityCatalogExportJob', resourceType: 'databricks_job', constructId: 'UnityCatalogExport' },
  { kind: 'clusters', resourceType: 'databricks_cluster', constructId: 'Clusters' },
  { kind: 'jobs', resourceType: 'databricks_job', constructId: 'Jobs' },
] as const satisfies ReadonlyArray<{
  /** The name the config uses. */
  readonly kind: string;
  /** The Terraform resource type the kind protects. */
  readonly resourceType: string;
  /** Id of the stack's child construct whose resources of that type the kind protects. */
  readonly constructId: string;
}>;

/** One kind of {@link PROTECTED_KINDS}. */
export type ProtectedKind = (typeof PROTECTED_KINDS)[number]['kind'];

/** The kinds' names, in table order (a non-empty tuple, as `z.enum` wants). */
export const PROTECTED_KIND_NAMES = PROTECTED_KINDS.map((k) => k.kind) as [ProtectedKind, ...ProtectedKind[]];

/** Key in a resource's `//` metadata naming the protected kind it belongs to. */
export const PROTECTED_KIND_METADATA_KEY = 'protected_kind';

/**
 * Stack output recording the protected resources' Terraform addresses per kind. Outputs live on in
 * the state, so at the next plan the guard still knows a resource was protected when the code no
 * longer defines it (the plan JSON's `prior_state`).
 */
export const PROTECTED_RESOURCES_OUTPUT = 'protected_resources';
