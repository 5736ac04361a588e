import { PROTECTED_RESOURCES_OUTPUT } from '../../stacks/protected-kinds';
import { ConstructMetadata } from './construct-metadata';
import { TerraformPlanJson } from './plan-json';

/**
 * The protected resources recorded at the last apply: the `protected_resources` output's value
 * before this plan (kind → Terraform addresses; the plan JSON's `output_changes` carry it, changed
 * or not, while `prior_state` already holds the new value). It is what lets the guard see a
 * protected resource the code no longer defines. Empty when the state has no such output (a new
 * environment, or one that protects nothing). Keyed by address.
 */
export function recordedProtection(plan: TerraformPlanJson): Map<string, string> {
  const value = plan.output_changes?.[PROTECTED_RESOURCES_OUTPUT]?.before;
  const byAddress = new Map<string, string>();
  if (value === null || typeof value !== 'object') return byAddress;
  for (const [kind, addresses] of Object.entries(value as Record<string, unknown>)) {
    if (!Array.isArray(addresses)) continue;
    for (const address of addresses) if (typeof address === 'string') byAddress.set(address, kind);
  }
  return byAddress;
}

/**
 * Why a resource is protected from delete and replace, or undefined when it is not. In order: the
 * kind the synthesized stack writes into its metadata (`"//": {"protected_kind": ...}`), the
 * construct's own mark (`"//": {"protected": true}`), and the record of the last apply (for a
 * resource the code no longer defines, or no longer protects).
 */
export function protectionOf(
  address: string,
  meta: ConstructMetadata | undefined,
  recorded: ReadonlyMap<string, string>,
): string | undefined {
  if (meta?.protectedKind) return `kind ${meta.protectedKind}`;
  if (meta?.protected) return 'marked protected by its construct';
  const kind = recorded.get(address);
  return kind ? `kind ${kind}, recorded at the last apply` : undefined;
}
