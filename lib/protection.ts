import { TerraformResource } from 'cdktf';

/** Options of {@link protect}. */
export interface ProtectOptions {
  /**
   * Also set Terraform's `prevent_destroy`, so that no apply can delete the resource.
   * Use it only for resources that a rollback updates in place (a Git folder switching its ref,
   * a secret scope); the plan's destroy guard covers the rest.
   * @default false
   */
  readonly preventDestroy?: boolean;
}

/**
 * Marks a resource as protected: the synthesized JSON carries `"//": {"protected": true}` next to
 * cdktf's metadata, which the plan summary's destroy guard reads.
 */
export function protect(resource: TerraformResource, options: ProtectOptions = {}): void {
  resource.addOverride('//.protected', true);
  if (options.preventDestroy) resource.addOverride('lifecycle.prevent_destroy', true);
}
