import * as fs from 'node:fs';
import * as path from 'node:path';
import { ConfigError } from '../../../app/config/config-error';
import { EnvironmentConfig, loadConfig, ProjectConfig } from '../../../app/config/load-config';
import { PolicyViolationError } from '../../../app/policy/guardrails';
import { SuppressionConfig } from '../../../lib/policy/suppression-schema';
import { SecretScanError } from '../../../lib/text/secret-scan';
import { buildApp, synthesize } from '../../../app/synth';
import { DEFAULT_CONFIG_DIR, tempDir } from '../../helpers/config-dir';
import { PROJECT_REQUIREMENTS } from '../../helpers/construct-fixture';
import { FAKE } from './policy-kit';

/** The default project, with the requirements folder of this checkout. */
function defaultProject(): ProjectConfig {
  const config = loadConfig(DEFAULT_CONFIG_DIR);
  return { ...config, requirementsDir: PROJECT_REQUIREMENTS };
}

/** The project with one environment changed (and, optionally, suppressions added to its file). */
function withEnvironment(
  config: ProjectConfig,
  name: string,
  change: (env: EnvironmentConfig) => Partial<EnvironmentConfig> & { suppressions?: SuppressionConfig[] },
): ProjectConfig {
  return {
    ...config,
    environments: config.environments.map((e) => (e.name === name ? { ...e, ...change(e) } : e)),
  };
}

function errorOf(fn: () => unknown): Error {
  try {
    fn();
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected an error, but it succeeded');
}

/** The config with one more notebook parameter of a workflow, in every environment's resolved values. */
function withParameter(config: ProjectConfig, workflow: string, key: string, value: string): ProjectConfig {
  return {
    ...config,
    environments: config.environments.map((e) => ({
      ...e,
      values: {
        ...e.values,
        workflowParameters: {
          ...e.values.workflowParameters,
          [workflow]: { ...e.values.workflowParameters[workflow], [key]: value },
        },
      },
    })),
  };
}

describe('guardrails at synth', () => {
  it('passes every pack for the default project: dev, staging and prod synthesize', () => {
    const outdir = path.join(tempDir(), 'cdktf.out');
    expect(synthesize(defaultProject(), { outdir })).toEqual(['dev', 'staging', 'prod']);
    expect(fs.existsSync(path.join(outdir, 'stacks', 'prod', 'cdk.tf.json'))).toBe(true);
  });

  it('fails with the violations of every environment at once, and writes nothing', () => {
    const outdir = path.join(tempDir(), 'cdktf.out');
    let config = withEnvironment(defaultProject(), 'prod', (e) => ({
      access: { ...e.access, developers: { ...e.access.developers, jobs: 'CAN_MANAGE' } },
    }));
    config = withEnvironment(config, 'staging', () => ({ runAs: { userName: 'alice@acme.example' } }));
    const error = errorOf(() => synthesize(config, { outdir }));
    expect(error).toBeInstanceOf(PolicyViolationError);
    const lines = error.message.split('\n');
    expect(lines[0]).toMatch(/^Policy check failed with \d+ error\(s\); nothing was written\.$/);
    expect(lines).toContainEqual(
      expect.stringMatching(
        /^ {2}config\/staging\.yaml: runAs\.userName: DBX-J1: runs as user "alice@acme.example"\. .* \(construct staging\/Jobs\/ingest-orders\/Resource\)$/,
      ),
    );
    expect(lines).toContainEqual(
      expect.stringMatching(
        /^ {2}config\/prod\.yaml: access\.developers\.jobs: DBX-P1: group "data-engineers" has CAN_MANAGE\. .* \(construct prod\/Jobs\/ingest-orders\/Permissions\/Resource\)$/,
      ),
    );
    expect(fs.existsSync(outdir)).toBe(false);
    expect(fs.readdirSync(path.dirname(outdir))).toEqual([]);
  });

  it('accepts a violation suppressed in the environment file, and records it in the output', () => {
    const outdir = path.join(tempDir(), 'cdktf.out');
    const config = withEnvironment(defaultProject(), 'prod', (e) => ({
      workflows: { ...e.workflows, 'ingest-orders': { maxConcurrentRuns: 10 } },
      suppressions: [
        ...e.suppressions,
        {
          path: 'Jobs/ingest-orders',
          rule: 'DBX-J4',
          reason: 'Ingest replays late partitions in parallel, by design.',
        },
      ],
    }));
    synthesize(config, { outdir });
    const json = JSON.parse(fs.readFileSync(path.join(outdir, 'stacks', 'prod', 'cdk.tf.json'), 'utf8'));
    const job = Object.values(json.resource.databricks_job as Record<string, Record<string, unknown>>).find(
      (j) => j.max_concurrent_runs === 10,
    );
    expect(job?.['//']).toMatchObject({
      policy_suppressions: [
        {
          rule: 'DBX-J4',
          reason: 'Ingest replays late partitions in parallel, by design.',
          path: 'Jobs/ingest-orders',
          source: expect.stringMatching(/prod\.yaml$/),
        },
      ],
    });
  });

  it('fails when a configured suppression names a path that matches nothing', () => {
    const config = withEnvironment(defaultProject(), 'prod', () => ({
      suppressions: [{ path: 'Jobs/ingest-order', rule: 'DBX-J4', reason: 'A reason that is long enough.' }],
    }));
    const dir = tempDir();
    const error = errorOf(() => buildApp(config, { outdir: dir }, dir));
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).issues).toEqual([
      expect.objectContaining({ path: 'suppressions[0].path', file: expect.stringMatching(/prod\.yaml$/) }),
    ]);
  });

  it('fails when a workflow parameter holds a Databricks token, naming where, never the token', () => {
    const outdir = path.join(tempDir(), 'cdktf.out');
    const config = defaultProject();
    const planted = withParameter(config, 'ingest-orders', 'api', FAKE.databricksToken);
    const error = errorOf(() => synthesize(planted, { outdir }));
    // The workflow's own task (its data-quality task sorts before it by key, as the provider reads tasks back).
    expect(error.message).toMatch(
      /config\/project\.yaml: workflows\[0\]\.parameters\.api: DBX-S1: task\[\d\]\.notebook_task\.base_parameters\["api"\] .*\(construct prod\/Jobs\/ingest-orders\/Resource\)/,
    );
    expect(error.message).not.toContain(FAKE.databricksToken);
    expect(fs.existsSync(outdir)).toBe(false);
  });

  it('still fails on the secret scan when the policy rule is suppressed: a secret is never written', () => {
    const outdir = path.join(tempDir(), 'cdktf.out');
    let config = defaultProject();
    config = withParameter(config, 'ingest-orders', 'api', FAKE.databricksToken);
    for (const env of ['dev', 'staging', 'prod']) {
      config = withEnvironment(config, env, (e) => ({
        suppressions: [
          ...e.suppressions,
          { path: 'Jobs/ingest-orders', rule: 'DBX-S1', reason: 'Trying to sneak a token through.' },
        ],
      }));
    }
    const error = errorOf(() => synthesize(config, { outdir }));
    expect(error).toBeInstanceOf(SecretScanError);
    expect(error.message).toContain('stacks/prod/cdk.tf.json: resource.databricks_job.Jobs_ingest-orders_');
    expect(error.message).toMatch(
      /\.task\[\d\]\.notebook_task\.base_parameters\.api \(construct prod\/Jobs\/ingest-orders\/Resource\): Databricks token dapi…\(36 chars, masked\)/,
    );
    expect(error.message).not.toContain(FAKE.databricksToken);
    expect(fs.existsSync(outdir)).toBe(false);
  });

  it('fails on the secret scan for a secret in a place no rule looks at (a project tag)', () => {
    const outdir = path.join(tempDir(), 'cdktf.out');
    const config = defaultProject();
    const planted: ProjectConfig = {
      ...config,
      project: { ...config.project, tags: { ...config.project.tags, note: FAKE.githubToken } },
    };
    const error = errorOf(() => synthesize(planted, { outdir }));
    expect(error).toBeInstanceOf(SecretScanError);
    expect(error.message).toMatch(
      /stacks\/dev\/cdk\.tf\.json: resource\.databricks_cluster\.\S+\.custom_tags\.note \(construct dev\/Clusters\/shared\/Resource\): GitHub token ghp_…/,
    );
    expect(error.message).not.toContain(FAKE.githubToken);
  });
});
