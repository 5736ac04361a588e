import { AttributeChange } from './changed-attributes';
import { principalOf } from './key-attributes';
import { PlanChangeJson } from './plan-json';

/** Shown for a principal that has no grant on one side of the change. */
export const NO_GRANT = '(none)';

/**
 * The grants of a `databricks_permissions` update, by principal: `group data-engineers`:
 * `CAN_VIEW` → `CAN_MANAGE_RUN`, `(none)` where a principal gains or loses its grant. Terraform
 * holds `access_control` as a set, so positions (`access_control[0]`) mean nothing to a reader.
 * Empty when the grants are equal.
 */
export function permissionChanges(change: PlanChangeJson): AttributeChange[] {
  const before = grants(change.before);
  const after = grants(change.after);
  const principals = [...new Set([...before.keys(), ...after.keys()])].sort();
  return principals
    .filter((p) => before.get(p) !== after.get(p))
    .map((p) => ({
      path: `access_control: ${p}`,
      before: before.get(p) ?? NO_GRANT,
      after: after.get(p) ?? NO_GRANT,
      forcesReplacement: false,
    }));
}

function grants(value: unknown): Map<string, string> {
  const byPrincipal = new Map<string, string>();
  const list = (value as { access_control?: unknown } | null)?.access_control;
  if (!Array.isArray(list)) return byPrincipal;
  for (const entry of list) {
    if (typeof entry !== 'object' || entry === null) continue;
    const e = entry as Record<string, unknown>;
    byPrincipal.set(principalOf(e), String(e.permission_level ?? 'unknown'));
  }
  return byPrincipal;
}
