import * as fs from 'node:fs';
import * as path from 'node:path';
import { ContentRecord, decideStacks, stackContentHash } from '../../ops/partitioned-flow';
import type { PartitionLayout } from '../../stacks/partition-layout';
import { tempDir } from '../helpers/temp-dir';

function stackDir(config: object, assets: Record<string, string> = {}): string {
  const dir = tempDir('stack-');
  fs.writeFileSync(path.join(dir, 'cdk.tf.json'), JSON.stringify(config));
  for (const [file, text] of Object.entries(assets)) {
    fs.mkdirSync(path.dirname(path.join(dir, 'assets', file)), { recursive: true });
    fs.writeFileSync(path.join(dir, 'assets', file), text);
  }
  return dir;
}

describe('stackContentHash', () => {
  const resource = { resource: { databricks_job: { a: { name: 'a' } } } };

  it('ignores the top-level // metadata (cdktf version, stack name)', () => {
    expect(stackContentHash(stackDir({ '//': { metadata: { version: '0.21.0' } }, ...resource }))).toBe(
      stackContentHash(stackDir({ '//': { metadata: { version: '0.22.0' } }, ...resource })),
    );
  });

  it('changes when a resource changes', () => {
    expect(stackContentHash(stackDir(resource))).not.toBe(
      stackContentHash(stackDir({ resource: { databricks_job: { a: { name: 'b' } } } })),
    );
  });

  it('changes when an asset file changes, though cdk.tf.json does not', () => {
    expect(stackContentHash(stackDir(resource, { 'nb/x.py': 'print(1)' }))).not.toBe(
      stackContentHash(stackDir(resource, { 'nb/x.py': 'print(2)' })),
    );
  });
});

describe('decideStacks', () => {
  const layout: PartitionLayout = {
    environment: 'prod',
    maxStalenessHours: 24,
    stacks: [
      { name: 'prod', role: 'core' },
      { name: 'prod-jobs-a', role: 'group', group: 'a' },
      { name: 'prod-jobs-b', role: 'group', group: 'b' },
    ],
  };
  const now = new Date('2026-11-29T12:00:00Z');
  const hashes = new Map([
    ['prod', 'h-core'],
    ['prod-jobs-a', 'h-a'],
    ['prod-jobs-b', 'h-b2'],
  ]);
  const record = (
    stack: string,
    contentHash: string,
    refreshedAt = '2026-11-29T06:00:00Z',
  ): ContentRecord => ({
    stack,
    contentHash,
    refreshedAt,
  });

  it('plans only the stack whose content changed and skips the others, saying since when', () => {
    const records = new Map([
      ['prod', record('prod', 'h-core')],
      ['prod-jobs-a', record('prod-jobs-a', 'h-a')],
      ['prod-jobs-b', record('prod-jobs-b', 'h-b1')],
    ]);
    const decisions = decideStacks({ layout, hashes, records, now });
    expect(decisions.map((d) => [d.stack.name, d.plan, d.reason])).toEqual([
      ['prod', false, 'unchanged'],
      ['prod-jobs-a', false, 'unchanged'],
      ['prod-jobs-b', true, 'synthesized content changed'],
    ]);
    expect(decisions[0].since).toBe('2026-11-29T06:00:00Z');
  });

  it('plans an unchanged stack whose last refresh is older than the bound (bounded staleness)', () => {
    const records = new Map([
      ['prod', record('prod', 'h-core', '2026-11-28T11:59:59Z')],
      ['prod-jobs-a', record('prod-jobs-a', 'h-a', '2026-11-28T12:00:00Z')],
      ['prod-jobs-b', record('prod-jobs-b', 'h-b2', 'not a date')],
    ]);
    expect(decideStacks({ layout, hashes, records, now }).map((d) => d.plan)).toEqual([true, false, true]);
  });

  it('plans a stack with no record, and every stack when asked for all', () => {
    const records = new Map([['prod', record('prod', 'h-core')]]);
    expect(decideStacks({ layout, hashes, records, now }).map((d) => d.reason)).toEqual([
      'unchanged',
      'no record of an earlier apply',
      'no record of an earlier apply',
    ]);
    expect(decideStacks({ layout, hashes, records, now, all: true }).every((d) => d.plan)).toBe(true);
  });
});
