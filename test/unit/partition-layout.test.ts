import {
  groupStackName,
  monitoringStackName,
  partitionLayout,
  stateKeySuffix,
  workflowsByGroup,
} from '../../stacks/partition-layout';

const workflow = (name: string, group?: string) => ({
  name,
  notebook: `notebooks/${name}`,
  parameters: {},
  compute: 'job-cluster',
  maxRetries: 0,
  minRetryIntervalMillis: 0,
  timeoutSeconds: 60,
  ...(group ? { group } : {}),
});
const project = {
  workflows: [workflow('a', 'sales'), workflow('b'), workflow('c', 'finance'), workflow('d', 'sales')],
  observability: { enabled: true } as never,
};
const on = { name: 'prod', partitioning: { enabled: true, maxStalenessHours: 12 } };

describe('partitionLayout', () => {
  it('is undefined when the environment is not partitioned (one stack, as always)', () => {
    expect(partitionLayout(project, { name: 'prod' })).toBeUndefined();
    expect(
      partitionLayout(project, { name: 'prod', partitioning: { enabled: false, maxStalenessHours: 24 } }),
    ).toBeUndefined();
  });

  it('names the core stack after the environment, then one stack per group sorted, then monitoring', () => {
    expect(partitionLayout(project, on)).toEqual({
      environment: 'prod',
      maxStalenessHours: 12,
      stacks: [
        { name: 'prod', role: 'core' },
        { name: 'prod-jobs-finance', role: 'group', group: 'finance' },
        { name: 'prod-jobs-sales', role: 'group', group: 'sales' },
        { name: 'prod-monitoring', role: 'monitoring' },
      ],
    });
  });

  it('has no monitoring stack when observability is off', () => {
    const stacks = partitionLayout({ ...project, observability: undefined }, on)!.stacks;
    expect(stacks.map((s) => s.role)).toEqual(['core', 'group', 'group']);
  });
});

describe('workflowsByGroup', () => {
  it('keeps every workflow in the core stack when the environment is not partitioned, groups or not', () => {
    const byGroup = workflowsByGroup(project, {});
    expect([...byGroup.keys()]).toEqual([undefined]);
    expect(byGroup.get(undefined)!.map((w) => w.name)).toEqual(['a', 'b', 'c', 'd']);
  });

  it('puts grouped workflows in their group and leaves the ungrouped ones in the core stack', () => {
    const byGroup = workflowsByGroup(project, on);
    expect(byGroup.get(undefined)!.map((w) => w.name)).toEqual(['b']);
    expect(byGroup.get('sales')!.map((w) => w.name)).toEqual(['a', 'd']);
    expect(byGroup.get('finance')!.map((w) => w.name)).toEqual(['c']);
  });
});

describe('stack names and state keys', () => {
  it('derives the state of a stack from the environment name: nothing for the core, the rest of the name otherwise', () => {
    expect(stateKeySuffix('prod', 'prod')).toBe('');
    expect(stateKeySuffix('prod', groupStackName('prod', 'sales'))).toBe('-jobs-sales');
    expect(stateKeySuffix('prod', monitoringStackName('prod'))).toBe('-monitoring');
  });
});
