/**
 * A suppression written in an environment's YAML file, end to end through the loader and synth:
 * without it the prod pack stops synth; with it synth succeeds and records the reason.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadConfig } from '../../../app/config/load-config';
import { synthesize } from '../../../app/synth';
import { copyDefaultConfig, editYaml, tempDir } from '../../helpers/config-dir';

interface JobJson {
  name: string;
  max_concurrent_runs: number;
  '//': { policy_suppressions?: unknown };
}

const REASON = 'Backfill of ingest-orders runs one partition per run, 10 in parallel by design.';

function synthProd(dir: string) {
  const out = path.join(tempDir(), 'out');
  synthesize(loadConfig(dir), {
    outdir: out,
    environments: ['prod'],
    deployment: { gitSha: 'x', gitRef: 'y' },
  });
  return JSON.parse(fs.readFileSync(path.join(out, 'stacks', 'prod', 'cdk.tf.json'), 'utf8'));
}

describe('suppressions in <env>.yaml', () => {
  let dir: string;
  beforeEach(() => {
    dir = copyDefaultConfig();
    editYaml(dir, 'prod.yaml', (y) => (y.workflows = { 'ingest-orders': { maxConcurrentRuns: 10 } }));
  });

  it('fails synth with the rule id when the exception is not suppressed', () => {
    expect(() => synthProd(dir)).toThrow(/DBX-J4/);
  });

  it('lets synth pass and records the suppression with its reason in the resource metadata', () => {
    editYaml(
      dir,
      'prod.yaml',
      // Beside the shipped ones (the example locks' DBX-C6).
      (y) =>
        (y.suppressions = [
          ...(y.suppressions ?? []),
          { path: 'Jobs/ingest-orders', rule: 'DBX-J4', reason: REASON },
        ]),
    );
    const json = synthProd(dir);
    const jobs = Object.values(json.resource.databricks_job as Record<string, JobJson>);
    const job = jobs.find((j) => j.name === 'Prod – ingest-orders')!;
    expect(job.max_concurrent_runs).toBe(10);
    expect(JSON.stringify(job['//'].policy_suppressions)).toContain(REASON);
  });

  it('fails when the reason is too short to explain anything', () => {
    editYaml(
      dir,
      'prod.yaml',
      (y) => (y.suppressions = [{ path: 'Jobs/ingest-orders', rule: 'DBX-J4', reason: 'ok' }]),
    );
    expect(() => loadConfig(dir)).toThrow(
      /prod\.yaml: suppressions\[0\]\.reason: expected a string of at least 20 characters/,
    );
  });
});
