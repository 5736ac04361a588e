/**
 * The subset of Terraform's machine-readable plan (`terraform show -json plan.tfplan`,
 * format_version 1.x) the plan summary reads. See
 * https://developer.hashicorp.com/terraform/internals/json-format#plan-representation
 */

/** One action in a change's `actions` list; a replace is `["delete","create"]` or `["create","delete"]`. */
export type PlanAction = 'no-op' | 'create' | 'read' | 'update' | 'delete' | 'forget';

/** A planned change of a resource or an output. */
export interface PlanChangeJson {
  readonly actions: readonly PlanAction[];
  readonly before?: unknown;
  readonly after?: unknown;
  /** Mirrors `after`: `true` where the value is known only after apply. */
  readonly after_unknown?: unknown;
  /** Mirrors `before`: `true` where the value is sensitive (or a plain `true` for the whole value). */
  readonly before_sensitive?: unknown;
  /** Mirrors `after`: `true` where the value is sensitive. */
  readonly after_sensitive?: unknown;
  /** Attribute paths that force the replacement, e.g. `[["url"]]`. */
  readonly replace_paths?: readonly (readonly (string | number)[])[];
}

/** One entry of `resource_changes`. */
export interface ResourceChangeJson {
  readonly address: string;
  readonly mode: 'managed' | 'data';
  readonly type: string;
  readonly name: string;
  /** Set for an object deposed by an earlier create-before-destroy. */
  readonly deposed?: string;
  readonly change: PlanChangeJson;
  readonly action_reason?: string;
}

/** The top level of `terraform show -json` for a saved plan. */
export interface TerraformPlanJson {
  readonly format_version: string;
  readonly terraform_version?: string;
  readonly errored?: boolean;
  readonly resource_changes?: readonly ResourceChangeJson[];
  /**
   * Changes the refresh found made outside Terraform since the last apply (same shape as
   * `resource_changes`; `before` is the state, `after` the workspace as read).
   */
  readonly resource_drift?: readonly ResourceChangeJson[];
  readonly output_changes?: Readonly<Record<string, PlanChangeJson>>;
}

/**
 * The subset of a synthesized stack (`cdktf.out/stacks/<env>/cdk.tf.json`) the summary reads:
 * cdktf's `//` metadata on each resource.
 */
export interface StackConfigJson {
  readonly resource?: Readonly<
    Record<
      string,
      Readonly<Record<string, { readonly '//'?: ResourceMetadataJson } & Record<string, unknown>>>
    >
  >;
}

/** cdktf's `//` block on a resource, plus our `protected` mark and the stack's `protected_kind`. */
export interface ResourceMetadataJson {
  readonly metadata?: { readonly path?: string; readonly uniqueId?: string };
  readonly protected?: boolean;
  readonly protected_kind?: string;
}
