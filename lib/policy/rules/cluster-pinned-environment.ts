import { clusterSpecs, blocks, settingAt, stringMap, where } from '../resource-parts';
import { Finding, NOT_APPLICABLE, nonCompliant, PolicyRule } from '../rule';
import { PinnedFacts } from '../stack-index';

/** DBX-C3: every cluster runs its flavor's pinned environment (init script, or container image). */
export const clusterPinnedEnvironment: PolicyRule = {
  id: 'DBX-C3',
  description:
    'Every cluster (all-purpose and job clusters) runs a pinned environment of the stack: its init script (or container image) and the matching pinned_env tag.',
  fix: "Build clusters with ManagedCluster or NotebookJob on the environment's ClusterPolicy (they take the init script, image and pinned_env tag from its PinnedEnvironment); never set init_scripts or custom_tags.pinned_env by hand.",
  scope: 'all',
  resourceTypes: ['databricks_cluster', 'databricks_job'],
  evaluate({ type, config, index }) {
    const specs = clusterSpecs(type, config);
    if (specs.length === 0) return NOT_APPLICABLE;
    const findings: Finding[] = [];
    for (const { at, spec } of specs) {
      const tag = stringMap(spec.custom_tags).pinned_env;
      const scripts = blocks(spec.init_scripts).flatMap((s) => blocks(s.workspace).map((w) => w.destination));
      const image = blocks(spec.docker_image)[0]?.url;
      const candidates: PinnedFacts[] = [
        ...scripts.map((s) => (typeof s === 'string' ? index.pinnedByInitScript.get(s) : undefined)),
        typeof image === 'string' ? index.pinnedByImage.get(image) : undefined,
      ].filter((p): p is PinnedFacts => p !== undefined);
      if (candidates.length === 0) {
        findings.push({
          message: `${where(at)} runs none of the stack's pinned environments (init scripts: ${scripts.length ? scripts.join(', ') : 'none'}${image ? `, image: ${String(image)}` : ''})`,
          setting: settingAt(at, 'init_scripts'),
        });
      } else if (!candidates.some((p) => p.digest === tag)) {
        findings.push({
          message: `${where(at)} has pinned_env tag ${tag === undefined ? '(missing)' : JSON.stringify(tag)}, expected ${candidates.map((p) => `${JSON.stringify(p.digest)} (${p.flavor})`).join(' or ')}`,
          setting: settingAt(at, 'custom_tags', 'pinned_env'),
        });
      }
    }
    return nonCompliant(findings);
  },
};
