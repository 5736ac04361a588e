import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadConfig } from '../../app/config/load-config';
import { synthesize } from '../../app/synth';
import { PARTITIONS_FILE } from '../../stacks/partition-layout';
import { configErrorOf, copyDefaultConfig, editYaml, tempDir } from '../helpers/config-dir';

/** The default config with its workflows in groups (ingest-orders: ingest, train-churn-model: ml). */
function groupedConfig(partitioning?: Record<string, unknown>, backend?: Record<string, unknown>): string {
  const dir = copyDefaultConfig();
  editYaml(dir, 'project.yaml', (project) => {
    for (const w of project.workflows) w.group = w.name === 'ingest-orders' ? 'ingest' : 'ml';
  });
  editYaml(dir, 'dev.yaml', (dev) => {
    if (partitioning) dev.partitioning = partitioning;
    if (backend) dev.stateBackend = backend;
  });
  return dir;
}

const stackOf = (outdir: string, name: string) =>
  JSON.parse(fs.readFileSync(path.join(outdir, 'stacks', name, 'cdk.tf.json'), 'utf8'));
const jobAddresses = (stack: { resource: { databricks_job?: object } }) =>
  Object.keys(stack.resource.databricks_job ?? {});

function synthTo(configDir: string, stateDir?: string): string {
  const outdir = path.join(tempDir(), 'cdktf.out');
  synthesize(loadConfig(configDir), { outdir, environments: ['dev'], stateDir });
  return outdir;
}

describe('a partitioned environment', () => {
  let unpartitioned: string;
  let partitioned: string;
  let stateDir: string;
  beforeAll(() => {
    stateDir = tempDir('state-');
    unpartitioned = synthTo(groupedConfig(), stateDir);
    partitioned = synthTo(groupedConfig({ enabled: true }), stateDir);
  });

  it('is synthesized as before, byte for byte, while partitioning is off (groups alone change nothing)', () => {
    const plain = synthTo(copyDefaultConfig(), stateDir);
    expect(fs.readFileSync(path.join(unpartitioned, 'stacks', 'dev', 'cdk.tf.json'), 'utf8')).toBe(
      fs.readFileSync(path.join(plain, 'stacks', 'dev', 'cdk.tf.json'), 'utf8'),
    );
    expect(fs.readdirSync(path.join(unpartitioned, 'stacks'))).toEqual(['dev']);
    expect(fs.existsSync(path.join(unpartitioned, PARTITIONS_FILE))).toBe(false);
  });

  it('moves each group of jobs into its own stack under the address it had in the single stack', () => {
    const before = jobAddresses(stackOf(unpartitioned, 'dev'));
    const ingest = jobAddresses(stackOf(partitioned, 'dev-jobs-ingest'));
    const ml = jobAddresses(stackOf(partitioned, 'dev-jobs-ml'));
    expect(ingest).toEqual([expect.stringMatching(/^Jobs_ingest-orders_/)]);
    expect(ml).toEqual([expect.stringMatching(/^Jobs_train-churn-model_/)]);
    expect(before).toEqual(expect.arrayContaining([...ingest, ...ml]));
    expect(jobAddresses(stackOf(partitioned, 'dev'))).toEqual(
      before.filter((a) => !ingest.includes(a) && !ml.includes(a) && !a.startsWith('Monitoring')),
    );
    // The job's permissions travel with it.
    expect(Object.keys(stackOf(partitioned, 'dev-jobs-ingest').resource.databricks_permissions)).toEqual([
      expect.stringMatching(/^Jobs_ingest-orders_Permissions_/),
    ]);
  });

  it("refers to the core stack's Git folder and policy through its remote state, read from the core's state file", () => {
    const ingest = stackOf(partitioned, 'dev-jobs-ingest');
    const job = Object.values(ingest.resource.databricks_job)[0] as {
      job_cluster: Array<{ new_cluster: { policy_id: string } }>;
    };
    expect(job.job_cluster[0].new_cluster.policy_id).toMatch(
      /^\$\{data\.terraform_remote_state\.cross-stack-reference-input-dev\.outputs\./,
    );
    const remote = Object.values(ingest.data.terraform_remote_state)[0] as { config: { path: string } };
    expect(path.resolve(partitioned, 'stacks', 'dev-jobs-ingest', remote.config.path)).toBe(
      path.join(stateDir, 'dev.tfstate'),
    );
  });

  it('gives every stack its own state file beside the environment one', () => {
    for (const name of ['dev', 'dev-jobs-ingest', 'dev-jobs-ml', 'dev-monitoring']) {
      const file = stackOf(partitioned, name).terraform.backend.local.path;
      expect(path.resolve(partitioned, 'stacks', name, file)).toBe(path.join(stateDir, `${name}.tfstate`));
    }
  });

  it('puts the job-health monitoring of every job into <env>-monitoring', () => {
    expect(stackOf(partitioned, 'dev').resource.databricks_dashboard).toBeUndefined();
    const monitoring = stackOf(partitioned, 'dev-monitoring');
    expect(Object.keys(monitoring.resource.databricks_dashboard)).toHaveLength(1);
    expect(monitoring.output.observability).toBeDefined();
  });

  it('writes the layout plan and deploy read', () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(partitioned, PARTITIONS_FILE), 'utf8'));
    expect(manifest.dev.stacks.map((s: { name: string }) => s.name)).toEqual([
      'dev',
      'dev-jobs-ingest',
      'dev-jobs-ml',
      'dev-monitoring',
    ]);
    expect(manifest.dev.maxStalenessHours).toBe(24);
  });

  it('keeps a pg state per stack, in a schema named after it', () => {
    const outdir = synthTo(groupedConfig({ enabled: true }, { type: 'pg' }));
    expect(stackOf(outdir, 'dev').terraform.backend.pg.schema_name).toBe('tfstate_dev');
    expect(stackOf(outdir, 'dev-jobs-ingest').terraform.backend.pg.schema_name).toBe(
      'tfstate_dev_jobs_ingest',
    );
  });

  it('fails when the state backend cannot hold a state per stack', () => {
    const dir = groupedConfig({ enabled: true }, { type: 'gcs', bucket: 'state-bucket', prefix: 'dev' });
    expect(configErrorOf(() => loadConfig(dir)).message).toMatch(
      /dev\.yaml: stateBackend\.type: expected local or pg with partitioning\.enabled .*found "gcs"/,
    );
  });

  it('fails when a group stack would take the name of an environment', () => {
    const dir = groupedConfig({ enabled: true });
    editYaml(dir, 'dev.yaml', (dev) => {
      dev.partitioning = { enabled: true };
    });
    fs.copyFileSync(path.join(dir, 'dev.yaml'), path.join(dir, 'dev-jobs-ml.yaml'));
    editYaml(dir, 'dev-jobs-ml.yaml', (env) => {
      env.tier = 'dev';
      env.partitioning = { enabled: false };
    });
    expect(configErrorOf(() => loadConfig(dir)).message).toMatch(
      /expected stack names that are not the name of an environment, found dev-jobs-ml \(group "ml"\)/,
    );
  });
});
