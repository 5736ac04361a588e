import { TerraformResource, TerraformStack } from 'cdktf';
import { PROTECTED_KIND_METADATA_KEY, PROTECTED_KINDS, ProtectedKind } from './protected-kinds';

/** Protected addresses per kind, the shape of the `protected_resources` output and of the ledger. */
export type ProtectedAddresses = Partial<Record<ProtectedKind, readonly string[]>>;

/** Options of {@link protectKinds}. */
export interface KindProtectionOptions {
  /** The kinds the environment protects (its `protected` list). */
  readonly kinds: readonly ProtectedKind[];
  /**
   * Addresses whose protection is lifted for this synth (`--allow-destroy`,
   * `DEVOPS_ALLOW_DESTROY`): no `prevent_destroy`, no `removed` block.
   * @default []
   */
  readonly allowDestroy?: readonly string[];
  /**
   * Protected addresses of earlier synths (the ledger, `config/protected-resources.json`): those of
   * a kind still protected that the code no longer defines get a `removed` block with
   * `destroy = false`, so Terraform forgets them instead of deleting them.
   * @default {}
   */
  readonly formerlyProtected?: ProtectedAddresses;
}

/**
 * Carries the environment's protection into Terraform itself, so that every way of applying the
 * stack (`npm run deploy`, `cdktf deploy`, `terraform apply` of a saved plan) keeps it: each
 * resource of a protected kind gets its kind in its `//` metadata and `lifecycle.prevent_destroy`,
 * and each formerly protected address of a still-protected kind that the code dropped gets a
 * top-level `removed` block with `lifecycle.destroy = false` (Terraform 1.7+; cdktf 0.21 has no
 * construct for it, so it is a stack override).
 * @returns the protected addresses per kind, sorted
 */
export function protectKinds(stack: TerraformStack, options: KindProtectionOptions): ProtectedAddresses {
  const allowed = new Set(options.allowDestroy ?? []);
  const record: Partial<Record<ProtectedKind, string[]>> = {};
  const defined = new Set<string>();
  for (const { kind, resourceType, constructId } of PROTECTED_KINDS) {
    if (!options.kinds.includes(kind)) continue;
    const resources = (stack.node.tryFindChild(constructId)?.node.findAll() ?? []).filter(
      (c): c is TerraformResource =>
        c instanceof TerraformResource && c.terraformResourceType === resourceType,
    );
    for (const resource of resources) {
      const address = `${resource.terraformResourceType}.${resource.friendlyUniqueId}`;
      defined.add(address);
      resource.addOverride(`//.${PROTECTED_KIND_METADATA_KEY}`, kind);
      // Explicitly false when lifted: a construct's own protect() may have set it.
      resource.addOverride('lifecycle.prevent_destroy', !allowed.has(address));
    }
    record[kind] = resources.map((r) => `${r.terraformResourceType}.${r.friendlyUniqueId}`).sort();
  }
  const removed = new Set<string>();
  for (const kind of options.kinds) {
    for (const address of options.formerlyProtected?.[kind] ?? []) {
      if (!defined.has(address) && !allowed.has(address)) removed.add(address);
    }
  }
  if (removed.size > 0) {
    stack.addOverride(
      'removed',
      [...removed].sort().map((from) => ({ from, lifecycle: { destroy: false } })),
    );
  }
  return record;
}
