import { StackConfigJson } from './plan-json';

/** What the synthesized configuration says about one resource address. */
export interface ConstructMetadata {
  /** The construct path, e.g. `prod/Jobs/ingest-orders/Job`. */
  readonly constructPath: string;
  /** True when the construct marked the resource protected (`"//": { "protected": true }`). */
  readonly protected: boolean;
  /** The protected kind the stack wrote into the metadata (`"//": { "protected_kind": "repoMount" }`). */
  readonly protectedKind?: string;
}

/**
 * Reads cdktf's `//` metadata of every resource in a synthesized stack, keyed by the resource
 * address (`<type>.<name>`).
 */
export function readConstructMetadata(stackConfig: StackConfigJson): Map<string, ConstructMetadata> {
  const byAddress = new Map<string, ConstructMetadata>();
  for (const [type, resources] of Object.entries(stackConfig.resource ?? {})) {
    for (const [name, body] of Object.entries(resources)) {
      const meta = body['//'];
      byAddress.set(`${type}.${name}`, {
        constructPath: meta?.metadata?.path ?? name,
        protected: meta?.protected === true,
        ...(typeof meta?.protected_kind === 'string' ? { protectedKind: meta.protected_kind } : {}),
      });
    }
  }
  return byAddress;
}

/**
 * The resource address without instance keys (`type.name[0]` → `type.name`), the form the
 * configuration uses.
 */
export function configAddress(address: string): string {
  return address.replace(/\[[^\]]*\]$/, '');
}

/**
 * A best guess at the construct path of a resource that is no longer in the configuration (so
 * its `//` metadata is gone), read back from cdktf's logical id: `Backup_DeepClone_Job_9E0F1A2B`
 * → `…/Backup/DeepClone/Job`. Underscores inside an id segment make it ambiguous; it is a hint.
 */
export function constructPathHint(resourceName: string): string {
  const segments = resourceName.split('_');
  if (segments.length > 1 && /^[0-9A-F]{8}$/.test(segments[segments.length - 1])) segments.pop();
  return `…/${segments.join('/')}`;
}
