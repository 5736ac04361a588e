import { clusterSpecs, settingAt, stringMap, where } from '../resource-parts';
import { Finding, nonCompliant, PolicyRule } from '../rule';

/** The tags every cluster, job cluster and job carries (cost attribution). */
export const REQUIRED_TAGS = ['project', 'environment', 'cost_centre'] as const;

/** DBX-T1: clusters, job clusters and jobs carry the cost-attribution tags. */
export const requiredTags: PolicyRule = {
  id: 'DBX-T1',
  description: `Clusters, job clusters and jobs carry the tags ${REQUIRED_TAGS.join(', ')} (environment = the stack's environment).`,
  fix: "Pass the stack's tags (WorkspaceStack.tags) to every cluster and job; set project.costCentre in project.yaml.",
  scope: 'all',
  resourceTypes: ['databricks_cluster', 'databricks_job'],
  evaluate({ type, config, context }) {
    const tagged: Array<{ what: string; setting: string; tags: Readonly<Record<string, unknown>> }> =
      clusterSpecs(type, config).map(({ at, spec }) => ({
        what: where(at),
        setting: settingAt(at, 'custom_tags'),
        tags: stringMap(spec.custom_tags),
      }));
    if (type === 'databricks_job')
      tagged.unshift({ what: 'the job', setting: 'tags', tags: stringMap(config.tags) });
    const findings: Finding[] = [];
    for (const { what, setting, tags } of tagged) {
      const missing = REQUIRED_TAGS.filter(
        (t) => typeof tags[t] !== 'string' || (tags[t] as string).trim() === '',
      );
      if (missing.length > 0)
        findings.push({ message: `${what} lacks tag(s) ${missing.join(', ')}`, setting });
      else if (tags.environment !== context.environment) {
        findings.push({
          message: `${what} has environment=${JSON.stringify(tags.environment)}, expected ${JSON.stringify(context.environment)}`,
          setting,
        });
      }
    }
    return nonCompliant(findings);
  },
};
