import * as fs from 'node:fs';
import * as path from 'node:path';
import { App, Testing } from 'cdktf';
import { EnvironmentConfig, loadConfig, ProjectConfig } from '../../app/config/load-config';
import { PROGRAM_ASSETS } from '../../app/synth';
import { Flavor } from '../../lib/requirements/flavor';
import {
  PROVIDER_VERSION_CONSTRAINT,
  WorkspaceStack,
  WorkspaceStackProps,
  plannedCommit,
  sameRepository,
} from '../../stacks/workspace-stack';
import { PROTECTED_KINDS, PROTECTED_RESOURCES_OUTPUT } from '../../stacks/protected-kinds';
import { DEFAULT_PROVIDER_RATE_LIMIT } from '../../stacks/workspace-spec';
import { DEFAULT_CONFIG_DIR, tempDir } from '../helpers/config-dir';
import { onlyResource, resourcesOf, synthWithMetadata, TerraformJson } from '../helpers/synthesized';

type Resource = Record<string, unknown> & { '//'?: { protected?: boolean } };

/** A `${type.id.attr}` reference, split. */
function parseReference(value: unknown): { type: string; id: string; attribute: string } | undefined {
  const m = typeof value === 'string' ? /^\$\{([a-z_]+)\.([^.}]+)\.([a-z_]+)\}$/.exec(value) : null;
  return m ? { type: m[1], id: m[2], attribute: m[3] } : undefined;
}

/** Every string in a JSON value, with the key it sits under. */
function strings(value: unknown, key = ''): Array<{ key: string; value: string }> {
  if (typeof value === 'string') return [{ key, value }];
  if (Array.isArray(value)) return value.flatMap((v) => strings(v, key));
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => strings(v, k));
  return [];
}

/** The flavors an environment uses: those of its clusters and of its job cluster. */
const flavorsOf = (env: EnvironmentConfig): Flavor[] =>
  [...new Set<Flavor>([...env.clusters.map((c) => c.flavor), env.jobCluster.flavor])].sort();

const DEPLOYMENT = { gitSha: '0123456789abcdef0123456789abcdef01234567', gitRef: 'main' };

let config: ProjectConfig;
const synthesized = new Map<string, TerraformJson>();

beforeAll(() => {
  // The stack is built the way main.ts builds it: from the default config, one stack per environment.
  config = loadConfig(DEFAULT_CONFIG_DIR);
  const outdir = tempDir('workspace-stack-');
  const app = new App({ outdir });
  for (const environment of config.environments) {
    new WorkspaceStack(app, environment.name, {
      project: config,
      environment,
      assets: PROGRAM_ASSETS,
      deployment: DEPLOYMENT,
    });
  }
  app.synth(); // the real synth: validations run, metadata ("//") kept
  for (const environment of config.environments) {
    const file = path.join(outdir, 'stacks', environment.name, 'cdk.tf.json');
    synthesized.set(environment.name, JSON.parse(fs.readFileSync(file, 'utf8')));
  }
});

describe('WorkspaceStack on the default config', () => {
  it('has the environments dev, staging and prod', () => {
    expect(config.environments.map((e) => e.name)).toEqual(['dev', 'staging', 'prod']);
  });

  describe.each(['dev', 'staging', 'prod'])('%s', (name) => {
    let env: EnvironmentConfig;
    let json: TerraformJson;
    let base: string;
    let mountPath: string;
    let folderPath: string;
    const resources = (type: string) => resourcesOf(json, type) as Record<string, Resource>;
    const resolve = (ref: unknown): Resource | undefined => {
      const r = parseReference(ref);
      return r ? resources(r.type)[r.id] : undefined;
    };
    const jobs = () => Object.values(resources('databricks_job'));
    const jobNamed = (jobName: string) => {
      const found = jobs().filter((j) => j.name === `${env.jobNamePrefix}${jobName}`);
      expect(found).toHaveLength(1);
      return found[0];
    };
    const policyOf = (flavor: Flavor) => {
      const found = Object.entries(resources('databricks_cluster_policy')).filter(
        ([, p]) => p.name === `${base}-${flavor}`,
      );
      expect(found).toHaveLength(1);
      const [id, policy] = found[0];
      return { id, definition: JSON.parse(String(policy.definition)) as Record<string, { value?: unknown }> };
    };

    beforeAll(() => {
      env = config.environments.find((e) => e.name === name)!;
      json = synthesized.get(name)!;
      base = `${config.project.name}-${name}`;
      mountPath = `/Repos/${env.mount.owner}/${env.mount.name ?? base}`;
      folderPath = `/Shared/${config.project.name}/${name}`;
    });

    it('has exactly the expected inventory of resources, computed from the config', () => {
      const flavors = flavorsOf(env).length;
      const clusters = env.clusters.length;
      // Workflow jobs, the smoke job, backup, Unity Catalog export, one security scan per flavor, the SLO alert job.
      const jobCount = config.workflows.length + 1 + 1 + 1 + flavors + 1;
      // One per kind of objective, whatever the number of workflows: failure rate and p95 duration;
      // missed schedule when some workflow's schedule runs (unpaused).
      const alerts =
        2 +
        (config.workflows.some((w) => w.schedule && !(env.workflows[w.name]?.paused ?? env.schedulesPaused))
          ? 1
          : 0);
      // Secret ACLs: admins, the run-as identity, and every role group with a secrets level (merged by group).
      const secretGroups = new Set(
        Object.entries(env.access)
          .filter(([role, levels]) => role !== 'admins' && levels.secrets)
          .map(([role]) => config.groups[role as keyof ProjectConfig['groups']]),
      );
      secretGroups.delete(config.groups.admins);
      const acls = 1 + (env.runAs ? 1 : 0) + secretGroups.size;
      const expected: Record<string, number> = {
        databricks_repo: 1,
        databricks_directory: 1,
        databricks_workspace_file: 2 * flavors, // a lock and an init script per flavor
        databricks_cluster_policy: flavors,
        databricks_cluster: clusters,
        databricks_job: jobCount,
        // The ops notebooks: backup, export, security scan (one upload, shared by each flavor's scan),
        // and the data-quality notebook when a workflow declares output checks.
        databricks_notebook: 3 + (config.workflows.some((w) => w.outputs.length > 0) ? 1 : 0),
        databricks_secret_scope: 1,
        databricks_secret_acl: acls,
        databricks_sql_endpoint: 1,
        databricks_dashboard: 1,
        databricks_query: alerts,
        databricks_alert: alerts,
        // One per object: repo, folder, each policy, each cluster, each job, the warehouse.
        databricks_permissions: 2 + flavors + clusters + jobCount + 1,
      };
      const actual = Object.fromEntries(
        Object.entries(json.resource ?? {}).map(([type, rs]) => [type, Object.keys(rs).length]),
      );
      expect(actual).toEqual(expected);
    });

    it('configures the Databricks provider with the host and the default rate limit (credentials come from the environment)', () => {
      expect(json.provider).toEqual({
        databricks: [{ host: env.workspace.host, rate_limit: DEFAULT_PROVIDER_RATE_LIMIT }],
      });
      expect(json.terraform).toMatchObject({
        required_providers: {
          databricks: { source: 'databricks/databricks', version: PROVIDER_VERSION_CONSTRAINT },
        },
        backend: { local: { path: expect.stringMatching(new RegExp(`\\.state/${name}\\.tfstate$`)) } },
      });
    });

    it("mounts the Git folder at the environment's ref", () => {
      const [repo] = Object.values(resources('databricks_repo'));
      expect(repo).toMatchObject({
        url: config.git.url,
        path: mountPath,
        git_provider: 'gitHub',
        ...env.git,
      });
    });

    it("points every workflow and smoke notebook inside the environment's own Git folder", () => {
      for (const w of config.workflows) {
        const task = (
          jobNamed(w.name).task as Array<{ task_key: string; notebook_task: { notebook_path: string } }>
        ).find((t) => t.task_key === 'main')!;
        expect(task.notebook_task.notebook_path).toBe(`${mountPath}/${w.notebook}`);
      }
      const smoke = jobNamed('smoke-tests').task as Array<{
        task_key: string;
        notebook_task: { notebook_path: string };
      }>;
      expect(
        smoke.filter((t) => t.task_key !== 'data_quality').map((t) => t.notebook_task.notebook_path),
      ).toEqual(config.smokeTests.notebooks.map((nb) => `${mountPath}/${nb}`));
    });

    it('checks the declared output tables after their workflow, and all of them in the smoke job', () => {
      const checksOf = (jobKey: string) => {
        const tasks = jobNamed(jobKey).task as Array<{
          task_key: string;
          depends_on?: Array<{ task_key: string }>;
          notebook_task: { notebook_path: string; base_parameters?: { checks: string } };
        }>;
        const dq = tasks.find((t) => t.task_key === 'data_quality');
        if (!dq) return undefined;
        // It runs last: after the job's last own task, and nothing waits for it.
        const own = tasks.filter((t) => t !== dq);
        const last = own.filter(
          (t) => !own.some((o) => o.depends_on?.some((d) => d.task_key === t.task_key)),
        );
        expect(last).toHaveLength(1);
        expect(dq.depends_on).toEqual([{ task_key: last[0].task_key }]);
        expect(own.some((t) => t.depends_on?.some((d) => d.task_key === 'data_quality'))).toBe(false);
        expect(String(resolve(dq.notebook_task.notebook_path)!.path)).toBe(`${folderPath}/ops/data_quality`);
        return JSON.parse(dq.notebook_task.base_parameters!.checks);
      };
      for (const w of config.workflows) {
        expect(checksOf(w.name)).toEqual(w.outputs.length > 0 ? w.outputs : undefined);
      }
      expect(checksOf('smoke-tests')).toEqual(config.workflows.flatMap((w) => w.outputs));
    });

    it("points every ops job at a notebook uploaded into the environment's /Shared folder", () => {
      const ops = [
        'backup-delta-tables',
        'unity-catalog-export',
        ...flavorsOf(env).map((f) => `security-scan-${f}`),
      ];
      for (const opsJob of ops) {
        const task = (jobNamed(opsJob).task as Array<{ notebook_task: { notebook_path: string } }>)[0];
        const notebook = resolve(task.notebook_task.notebook_path);
        expect(notebook).toBeDefined();
        expect(String(notebook!.path)).toMatch(new RegExp(`^${folderPath}/ops/[a-z_]+$`));
      }
    });

    it('puts no job notebook outside its environment (no other mount, no other folder)', () => {
      const [warehouseId] = Object.keys(resources('databricks_sql_endpoint'));
      for (const job of jobs()) {
        for (const task of job.task as Array<{
          notebook_task?: { notebook_path: string };
          sql_task?: { warehouse_id: string; alert: { alert_id: string } };
        }>) {
          if (task.sql_task) {
            // The SLO alert tasks: an alert of this stack, on its warehouse.
            expect(parseReference(task.sql_task.warehouse_id)?.id).toBe(warehouseId);
            expect(resolve(task.sql_task.alert.alert_id)).toBeDefined();
            continue;
          }
          const nbPath = task.notebook_task!.notebook_path;
          const resolved = parseReference(nbPath) ? String(resolve(nbPath)?.path) : nbPath;
          expect(resolved.startsWith(`${mountPath}/`) || resolved.startsWith(`${folderPath}/`)).toBe(true);
        }
      }
    });

    it('runs every all-purpose cluster on the init script, runtime and policy of its flavor', () => {
      for (const c of env.clusters) {
        const clusters = Object.values(resources('databricks_cluster')).filter(
          (r) => r.cluster_name === `${base}-${c.name}`,
        );
        expect(clusters).toHaveLength(1);
        const policy = policyOf(c.flavor);
        expect(clusters[0]).toMatchObject({
          policy_id: `\${databricks_cluster_policy.${policy.id}.id}`,
          spark_version: policy.definition.spark_version.value,
          init_scripts: [
            { workspace: { destination: policy.definition['init_scripts.0.workspace.destination'].value } },
          ],
          custom_tags: expect.objectContaining({
            pinned_env: policy.definition['custom_tags.pinned_env'].value,
          }),
          node_type_id: c.nodeTypeId,
          autotermination_minutes: c.autoterminationMinutes,
        });
      }
    });

    it('runs every job cluster on the init script and policy of its flavor', () => {
      const expectedFlavor = (jobName: string): Flavor => {
        const scan = /security-scan-(\w+)$/.exec(jobName);
        return scan ? (scan[1] as Flavor) : env.jobCluster.flavor;
      };
      for (const job of jobs()) {
        const clusters = (job.job_cluster ?? []) as Array<{ new_cluster: Record<string, unknown> }>;
        if (clusters.length === 0) continue; // runs on an all-purpose cluster, checked above
        const policy = policyOf(expectedFlavor(String(job.name)));
        for (const { new_cluster } of clusters) {
          expect(new_cluster).toMatchObject({
            policy_id: `\${databricks_cluster_policy.${policy.id}.id}`,
            spark_version: policy.definition.spark_version.value,
            init_scripts: [
              { workspace: { destination: policy.definition['init_scripts.0.workspace.destination'].value } },
            ],
            node_type_id: env.jobCluster.nodeTypeId,
          });
        }
      }
    });

    it('uploads the init script and lock every policy refers to', () => {
      const uploaded = new Set(Object.values(resources('databricks_workspace_file')).map((f) => f.path));
      for (const flavor of flavorsOf(env)) {
        const script = policyOf(flavor).definition['init_scripts.0.workspace.destination'].value;
        expect(uploaded).toContain(script);
        expect(String(script).startsWith(`${folderPath}/pinned/${flavor}/`)).toBe(true);
      }
      for (const p of uploaded) expect(String(p).startsWith(`${folderPath}/`)).toBe(true);
    });

    it('uploads every file and notebook to a path of its own', () => {
      const paths = [
        ...Object.values(resources('databricks_workspace_file')),
        ...Object.values(resources('databricks_notebook')),
      ].map((r) => String(r.path));
      // Two resources on one workspace path would overwrite each other, and destroying one deletes the other's file.
      expect(paths.filter((p, i) => paths.indexOf(p) !== i)).toEqual([]);
    });

    it('grants through exactly one databricks_permissions per object, each on an object of this stack', () => {
      const fields: Record<string, string> = {
        repo_id: 'databricks_repo',
        directory_id: 'databricks_directory',
        cluster_id: 'databricks_cluster',
        cluster_policy_id: 'databricks_cluster_policy',
        job_id: 'databricks_job',
        sql_endpoint_id: 'databricks_sql_endpoint',
      };
      const seen = new Map<string, number>();
      for (const perms of Object.values(resources('databricks_permissions'))) {
        const objectFields = Object.keys(perms).filter((k) => k in fields);
        expect(objectFields).toHaveLength(1);
        const ref = parseReference(perms[objectFields[0]]);
        expect(ref?.type).toBe(fields[objectFields[0]]);
        expect(resources(ref!.type)[ref!.id]).toBeDefined();
        const key = `${ref!.type}.${ref!.id}`;
        seen.set(key, (seen.get(key) ?? 0) + 1);
        expect((perms.access_control as unknown[]).length).toBeGreaterThan(0);
      }
      const objects = Object.values(fields).flatMap((type) =>
        Object.keys(resources(type)).map((id) => `${type}.${id}`),
      );
      expect([...seen.keys()].sort()).toEqual(objects.sort());
      expect([...seen.values()].every((n) => n === 1)).toBe(true);
    });

    it('gives the admins group CAN_MANAGE on every object but policies (CAN_USE)', () => {
      for (const perms of Object.values(resources('databricks_permissions'))) {
        const expected = 'cluster_policy_id' in perms ? 'CAN_USE' : 'CAN_MANAGE';
        expect(perms.access_control).toContainEqual({
          group_name: config.groups.admins,
          permission_level: expected,
        });
      }
    });

    it(`pauses schedules in dev only`, () => {
      const scheduled = jobs().filter((j) => j.schedule);
      // Every workflow with a schedule, plus backup, export, the scans and the SLO alert job.
      expect(scheduled.length).toBe(
        config.workflows.filter((w) => w.schedule).length + 2 + flavorsOf(env).length + 1,
      );
      const status = name === 'dev' ? 'PAUSED' : 'UNPAUSED';
      for (const job of scheduled) expect(job.schedule).toMatchObject({ pause_status: status });
      expect(env.schedulesPaused).toBe(name === 'dev');
    });

    it('runs jobs as the configured service principal (staging, prod) or the deployer (dev)', () => {
      for (const job of jobs()) {
        if (env.runAs?.servicePrincipal) {
          expect(job.run_as).toEqual({ service_principal_name: env.runAs.servicePrincipal });
        } else {
          expect(job).not.toHaveProperty('run_as');
        }
      }
      if (name === 'prod') expect(env.runAs?.servicePrincipal).toBeDefined();
    });

    it('tags every cluster and job with project, environment and cost centre', () => {
      const tags = {
        project: config.project.name,
        environment: name,
        cost_centre: config.project.costCentre,
      };
      for (const c of Object.values(resources('databricks_cluster')))
        expect(c.custom_tags).toMatchObject(tags);
      for (const j of jobs()) expect(j.tags).toMatchObject(tags);
    });

    it('protects the Git folder, secret scope, backup and export jobs in prod only', () => {
      const guarded = (r: Resource) => r['//']?.protected === true;
      const [repo] = Object.values(resources('databricks_repo'));
      const [scope] = Object.values(resources('databricks_secret_scope'));
      const isProd = name === 'prod';
      expect(guarded(repo)).toBe(isProd);
      expect(guarded(scope)).toBe(isProd);
      // (dev's folder also carries the planned-commit postcondition: DEPLOYMENT is on its branch)
      expect((repo.lifecycle as { prevent_destroy?: boolean } | undefined)?.prevent_destroy === true).toBe(
        isProd,
      );
      expect(scope.lifecycle).toEqual(isProd ? { prevent_destroy: true } : undefined);
      const protectedJobs = jobs()
        .filter(guarded)
        .map((j) => j.name);
      expect(protectedJobs.sort()).toEqual(
        isProd ? [`${env.jobNamePrefix}backup-delta-tables`, `${env.jobNamePrefix}unity-catalog-export`] : [],
      );
      // Terraform's own prevent_destroy on every protected resource, so cdktf deploy keeps the guard too.
      for (const job of jobs())
        expect((job.lifecycle as { prevent_destroy?: boolean } | undefined)?.prevent_destroy === true).toBe(
          guarded(job),
        );
    });

    it('records the deployment and the ids of what it created in outputs', () => {
      expect(Object.keys(json.output ?? {}).sort()).toEqual(
        [
          'cluster_ids',
          'deployed_git_ref',
          'deployed_git_sha',
          'git_ref',
          'job_ids',
          'observability',
          'ops_job_ids',
          'pinned_environments',
          ...(name === 'prod' ? [PROTECTED_RESOURCES_OUTPUT] : []),
          'repo_commit',
          'repo_id',
          'repo_mount_path',
          'secret_scope',
          'smoke_job_id',
          'workspace_folder',
        ].sort(),
      );
      const out = json.output!;
      expect(out.repo_mount_path.value).toBe(mountPath);
      expect(out.workspace_folder.value).toBe(folderPath);
      expect(out.secret_scope.value).toBe(base);
      expect(out.git_ref.value).toEqual(env.git);
      expect(out.deployed_git_sha.value).toBe(DEPLOYMENT.gitSha);
      expect(Object.keys(out.job_ids.value as object).sort()).toEqual(
        config.workflows.map((w) => w.name).sort(),
      );
      expect(Object.keys(out.cluster_ids.value as object)).toEqual(env.clusters.map((c) => c.name));
      expect(Object.keys(out.pinned_environments.value as object)).toEqual(flavorsOf(env));
      for (const o of Object.values(out)) expect(o.description).toEqual(expect.any(String));
    });

    it('contains no secret-looking value', () => {
      const secretPatterns = [
        /dapi[0-9a-f]{32}/, // Databricks personal access token
        /gh[pousr]_[A-Za-z0-9]{36}/, // GitHub token
        /AKIA[0-9A-Z]{16}/, // AWS access key id
        /-----BEGIN [A-Z ]*PRIVATE KEY-----/,
        /xox[abpr]-[A-Za-z0-9-]+/, // Slack token
        /:\/\/[^/\s:@]+:[^/\s@]+@/, // credentials in a URL
      ];
      const secretKeys = /^(token|password|client_secret|secret|access_key|private_key|string_value)$/i;
      for (const { key, value } of strings(json)) {
        if (key === 'content_base64') continue; // uploaded files: checked decoded below
        for (const pattern of secretPatterns) expect(value).not.toMatch(pattern);
        expect(key).not.toMatch(secretKeys);
      }
      for (const file of [
        ...Object.values(resources('databricks_workspace_file')),
        ...Object.values(resources('databricks_notebook')),
      ]) {
        const text = Buffer.from(String(file.content_base64), 'base64').toString('utf8');
        for (const pattern of secretPatterns) expect(text).not.toMatch(pattern);
      }
      expect(resources('databricks_secret')).toEqual({});
    });
  });

  it('never reuses a name or path across environments (they share one workspace)', () => {
    const names: Array<[string, (r: Resource) => unknown]> = [
      ['databricks_job', (r) => r.name],
      ['databricks_cluster', (r) => r.cluster_name],
      ['databricks_cluster_policy', (r) => r.name],
      ['databricks_secret_scope', (r) => r.name],
      ['databricks_repo', (r) => r.path],
      ['databricks_directory', (r) => r.path],
      ['databricks_workspace_file', (r) => r.path],
      ['databricks_notebook', (r) => r.path],
      ['databricks_sql_endpoint', (r) => r.name],
      ['databricks_alert', (r) => r.display_name],
      ['databricks_dashboard', (r) => r.display_name],
    ];
    expect(new Set(config.environments.map((e) => new URL(e.workspace.host).host)).size).toBe(1);
    for (const [type, nameOf] of names) {
      const all = [...synthesized.values()].flatMap((json) =>
        Object.values(resourcesOf(json, type)).map(nameOf),
      );
      expect({ type, duplicates: all.filter((n, i) => all.indexOf(n) !== i) }).toEqual({
        type,
        duplicates: [],
      });
    }
  });

  it('watches every workflow with SLO alerts; missed-schedule alerts only where schedules run (not in paused dev)', () => {
    const alertsOf = (env: string) =>
      Object.values(resourcesOf(synthesized.get(env)!, 'databricks_alert'))
        .map((a) => a.display_name)
        .sort();
    expect(alertsOf('dev')).toEqual(['Dev – SLO: failure-rate', 'Dev – SLO: p95-duration']);
    expect(alertsOf('prod')).toEqual([
      'Prod – SLO: failure-rate',
      'Prod – SLO: missed-schedule',
      'Prod – SLO: p95-duration',
    ]);
    const prodQueries = Object.values(resourcesOf(synthesized.get('prod')!, 'databricks_query'));
    const sqlOf = (name: string) => prodQueries.find((q) => q.display_name === name)!.query_text as string;
    // Every workflow is in each query with its objectives. Defaults: p95 at the run-duration warning
    // (3600 s → 60 minutes), a weekly schedule missed after 8 days and 2 hours (194 hours).
    for (const w of config.workflows) {
      expect(sqlOf('Prod – SLO: failure-rate')).toContain(`('${w.name}', '\${databricks_job.`);
    }
    expect(sqlOf('Prod – SLO: p95-duration')).toMatch(/\('ingest-orders', '[^']+', 7, 0\.1, 60, \d+\)/);
    expect(sqlOf('Prod – SLO: missed-schedule')).toMatch(
      /\('train-churn-model', '[^']+', 7, 0\.1, \d+, 194\)/,
    );
  });

  it('never gives two jobs of one environment the same name', () => {
    for (const json of synthesized.values()) {
      const jobNames = Object.values(resourcesOf(json, 'databricks_job')).map((j) => j.name);
      expect(new Set(jobNames).size).toBe(jobNames.length);
    }
  });
});

describe('WorkspaceStack variations', () => {
  let config: ProjectConfig;
  let prod: EnvironmentConfig;
  beforeAll(() => {
    config = loadConfig(DEFAULT_CONFIG_DIR);
    prod = config.environments.find((e) => e.name === 'prod')!;
  });

  function synth(environment: EnvironmentConfig, props: Partial<WorkspaceStackProps> = {}, project = config) {
    const stack = new WorkspaceStack(Testing.app({ outdir: tempDir('cdktf-test-') }), environment.name, {
      project,
      environment,
      assets: PROGRAM_ASSETS,
      ...props,
    });
    return synthWithMetadata(stack);
  }

  it('deploys no observability resources when the project turns observability off', () => {
    const json = synth(prod, {}, { ...config, observability: { ...config.observability, enabled: false } });
    for (const type of [
      'databricks_sql_endpoint',
      'databricks_query',
      'databricks_alert',
      'databricks_dashboard',
    ]) {
      expect(resourcesOf(json, type)).toEqual({});
    }
    expect(json.output).not.toHaveProperty('observability');
  });

  it('records "unknown" as the deployment when none is given', () => {
    const json = synth(prod);
    expect(json.output!.deployed_git_sha.value).toBe('unknown');
    expect(json.output!.deployed_git_ref.value).toBe('unknown');
  });

  describe('release integrity', () => {
    const SHA = 'fedcba9876543210fedcba9876543210fedcba98';
    const dirtyRecord = { gitSha: `${SHA}-dirty`, gitRef: 'release/1.3' };

    it('refuses at plan time (output precondition) a staging or prod synthesized from a dirty tree', () => {
      for (const name of ['staging', 'prod']) {
        const environment = config.environments.find((e) => e.name === name)!;
        const json = synth(environment, { deployment: dirtyRecord });
        expect(json.locals).toEqual({ planned_git_sha: `${SHA}-dirty` });
        const [pre] = (
          json.output!.deployed_git_sha as unknown as { precondition: Array<Record<string, string>> }
        ).precondition;
        expect(pre.condition).toBe('${!endswith(local.planned_git_sha, "-dirty")}');
        expect(pre.error_message).toContain(
          `${name} (tier ${environment.tier}) was synthesized from a working tree`,
        );
      }
    });

    it('lets dev record a dirty tree as <sha>-dirty, without the check', () => {
      const dev = config.environments.find((e) => e.tier === 'dev')!;
      const json = synth(dev, { deployment: dirtyRecord });
      expect(json.output!.deployed_git_sha.value).toBe(`${SHA}-dirty`);
      expect(json.output!.deployed_git_sha).not.toHaveProperty('precondition');
    });

    it('keys the check on the tier, not the name', () => {
      const renamed = { ...prod, name: 'live' };
      const json = synth(renamed, { deployment: dirtyRecord });
      expect(json.output!.deployed_git_sha).toHaveProperty('precondition');
    });

    it('pins the Git folder to the commit planned from the repository and ref the folder mounts', () => {
      const deployment = {
        gitSha: SHA,
        gitRef: prod.git.branch ?? prod.git.tag!,
        repositoryUrl: config.git.url.replace(/\.git$/, ''),
      };
      const json = synth(prod, { deployment });
      expect(onlyResource(json, 'databricks_repo').commit_hash).toBe(SHA);
      // status and sync read the pin from this output
      expect(json.output!.repo_commit.value).toBe(SHA);
    });

    it('outputs an empty repo_commit when nothing is pinned', () => {
      const json = synth(prod, { deployment: { gitSha: SHA, gitRef: 'feature/x' } });
      expect(onlyResource(json, 'databricks_repo')).not.toHaveProperty('commit_hash');
      expect(json.output!.repo_commit.value).toBe('');
    });

    const URL = 'https://github.com/acme-data/orders-lake.git';
    it.each([
      [
        'another repository (config kept beside the program)',
        { gitSha: SHA, gitRef: 'release/1.3', repositoryUrl: 'https://github.com/acme/platform.git' },
      ],
      ['an unknown repository', { gitSha: SHA, gitRef: 'release/1.3' }],
      ['another ref (a feature branch)', { gitSha: SHA, gitRef: 'feature/x', repositoryUrl: URL }],
      ['a dirty tree', { gitSha: `${SHA}-dirty`, gitRef: 'release/1.3', repositoryUrl: URL }],
      ['an unknown commit', { gitSha: 'unknown', gitRef: 'release/1.3', repositoryUrl: URL }],
    ])('pins nothing when planned from %s', (_, deployment) => {
      expect(plannedCommit(deployment, { url: URL, branch: 'release/1.3' })).toBeUndefined();
    });

    it('recognises one repository in its https and ssh spellings', () => {
      expect(sameRepository('git@GitHub.com:acme-data/orders-lake.git', URL)).toBe(true);
      expect(sameRepository('https://github.com/acme-data/orders-lake/', URL)).toBe(true);
      expect(sameRepository('https://github.com/acme-data/orders-lake-2.git', URL)).toBe(false);
    });
  });

  it('targets another host and sets a retry timeout when asked (the local emulator)', () => {
    const json = synth(prod, { workspaceHost: 'http://127.0.0.1:9999', retryTimeoutSeconds: 3 });
    expect(json.provider).toEqual({
      databricks: [{ host: 'http://127.0.0.1:9999', rate_limit: 20, retry_timeout_seconds: 3 }],
    });
  });

  it("sets the provider's client-side rate limit from the environment's provider.rateLimit", () => {
    const json = synth({ ...prod, provider: { rateLimit: 45 } });
    expect(json.provider).toEqual({ databricks: [{ host: prod.workspace.host, rate_limit: 45 }] });
  });

  it.each([
    [
      { type: 's3', bucket: 'tf-state', key: 'prod.tfstate', region: 'eu-west-1', encrypt: true },
      { s3: { bucket: 'tf-state', key: 'prod.tfstate', region: 'eu-west-1', encrypt: true } },
    ],
    [
      {
        type: 's3',
        bucket: 'tf-state',
        key: 'prod.tfstate',
        region: 'eu-west-1',
        encrypt: true,
        dynamodbTable: 'locks',
      },
      { s3: expect.objectContaining({ dynamodb_table: 'locks' }) },
    ],
    [
      {
        type: 'azurerm',
        resourceGroupName: 'rg',
        storageAccountName: 'tfstate01',
        containerName: 'state',
        key: 'prod',
      },
      {
        azurerm: {
          resource_group_name: 'rg',
          storage_account_name: 'tfstate01',
          container_name: 'state',
          key: 'prod',
        },
      },
    ],
    [{ type: 'gcs', bucket: 'tf-state', prefix: 'prod' }, { gcs: { bucket: 'tf-state', prefix: 'prod' } }],
    // No conn_str: Terraform reads PG_CONN_STR (or the PG* variables) from the environment.
    [{ type: 'pg' }, { pg: { schema_name: 'tfstate_prod' } }],
    [{ type: 'pg', schemaName: 'state_prod' }, { pg: { schema_name: 'state_prod' } }],
  ] as Array<[EnvironmentConfig['stateBackend'], object]>)(
    'configures the %j state backend',
    (stateBackend, expected) => {
      const json = synth({ ...prod, stateBackend });
      expect((json.terraform as { backend: unknown }).backend).toEqual(expected);
    },
  );

  it('configures an HCP Terraform (cloud) backend', () => {
    const json = synth({
      ...prod,
      stateBackend: {
        type: 'cloud',
        organization: 'acme',
        workspace: 'simple-project-prod',
        hostname: 'app.terraform.io',
      },
    });
    expect((json.terraform as { cloud: unknown }).cloud).toEqual({
      hostname: 'app.terraform.io',
      organization: 'acme',
      workspaces: { name: 'simple-project-prod' },
    });
  });

  it('writes a local state path from the config relative to the stack folder', () => {
    const json = synth(
      { ...prod, stateBackend: { type: 'local', path: 'state/prod.tfstate' } },
      { stackOutdir: '/out/stacks/prod' },
    );
    const local = (json.terraform as { backend: { local: { path: string } } }).backend.local.path;
    expect(path.resolve('/out/stacks/prod', local)).toBe(
      path.resolve(config.configDir, 'state/prod.tfstate'),
    );
  });

  it('runs jobs as a user when runAs.userName is set', () => {
    const json = synth({ ...prod, runAs: { userName: 'ada@acme.example' } });
    for (const job of Object.values(resourcesOf(json, 'databricks_job'))) {
      expect(job.run_as).toEqual({ user_name: 'ada@acme.example' });
    }
  });

  it('applies per-environment workflow overrides: schedule, paused and concurrency', () => {
    const json = synth({
      ...prod,
      workflows: {
        'ingest-orders': {
          schedule: { cron: '0 15 3 * * ?', timezone: 'Europe/Paris' },
          paused: true,
          maxConcurrentRuns: 3,
        },
      },
    });
    const ingest = Object.values(resourcesOf(json, 'databricks_job')).find(
      (j) => j.name === 'Prod – ingest-orders',
    )!;
    expect(ingest.schedule).toEqual({
      quartz_cron_expression: '0 15 3 * * ?',
      timezone_id: 'Europe/Paris',
      pause_status: 'PAUSED',
    });
    expect(ingest.max_concurrent_runs).toBe(3);
    const train = Object.values(resourcesOf(json, 'databricks_job')).find(
      (j) => j.name === 'Prod – train-churn-model',
    )!;
    expect(train.schedule).toMatchObject({ pause_status: 'UNPAUSED' });
  });

  it('runs a workflow on an all-purpose cluster when its compute names one', () => {
    const project = {
      ...config,
      workflows: config.workflows.map((w, i) => (i === 0 ? { ...w, compute: 'shared' } : w)),
    };
    const json = synth(prod, {}, project);
    const ingest = Object.values(resourcesOf(json, 'databricks_job')).find(
      (j) => j.name === 'Prod – ingest-orders',
    )!;
    const [clusterId] = Object.keys(resourcesOf(json, 'databricks_cluster'));
    expect(ingest).not.toHaveProperty('job_cluster');
    expect(
      (ingest.task as Array<Record<string, unknown>>).find((t) => t.task_key === 'main')!.existing_cluster_id,
    ).toBe(`\${databricks_cluster.${clusterId}.id}`);
  });

  it('protects nothing when the environment protects nothing', () => {
    const json = synth({ ...prod, protected: [] });
    const guarded = Object.values(json.resource!).flatMap((rs) =>
      Object.values(rs).filter((r) => (r as Resource)['//']?.protected),
    );
    expect(guarded).toEqual([]);
  });

  it('protects clusters and workflow jobs when the environment lists them in protected', () => {
    // config/schema.ts offers "clusters" and "jobs" as protectable kinds; the stack must honour them.
    const json = synth({ ...prod, protected: ['clusters', 'jobs'] });
    for (const cluster of Object.values(resourcesOf(json, 'databricks_cluster'))) {
      expect((cluster as Resource)['//']?.protected).toBe(true);
    }
    const workflowJobs = Object.values(resourcesOf(json, 'databricks_job')).filter((j) =>
      config.workflows.some((w) => j.name === `${prod.jobNamePrefix}${w.name}`),
    );
    expect(workflowJobs).toHaveLength(config.workflows.length);
    for (const job of workflowJobs) expect((job as Resource)['//']?.protected).toBe(true);
  });

  it("writes each protected resource's kind into its metadata and records the addresses per kind", () => {
    // Every kind of the table at once: each must find its construct and resources.
    const json = synth({ ...prod, protected: PROTECTED_KINDS.map((k) => k.kind) });
    const record = (json.output as Record<string, { value: Record<string, string[]> }>)[
      PROTECTED_RESOURCES_OUTPUT
    ].value;
    for (const { kind, resourceType } of PROTECTED_KINDS) {
      const marked = Object.entries(resourcesOf(json, resourceType))
        .filter(([, r]) => (r as { '//'?: { protected_kind?: string } })['//']?.protected_kind === kind)
        .map(([name]) => `${resourceType}.${name}`);
      expect(marked.length).toBeGreaterThan(0);
      expect(record[kind]).toEqual(marked.sort());
    }
    expect(record.jobs).toHaveLength(config.workflows.length);
  });

  it('sets prevent_destroy on every resource of a protected kind, except the addresses allowed to go', () => {
    const all = synth({ ...prod, protected: PROTECTED_KINDS.map((k) => k.kind) });
    const marked = PROTECTED_KINDS.flatMap(({ kind, resourceType }) =>
      Object.entries(resourcesOf(all, resourceType))
        .filter(([, r]) => (r as { '//'?: { protected_kind?: string } })['//']?.protected_kind === kind)
        .map(([name, r]) => ({ address: `${resourceType}.${name}`, resource: r as Resource })),
    );
    expect(marked.length).toBeGreaterThan(PROTECTED_KINDS.length);
    for (const { resource } of marked) expect(resource.lifecycle).toMatchObject({ prevent_destroy: true });

    const [lifted, kept] = [marked[0].address, marked[1].address];
    const allowed = synth(
      { ...prod, protected: PROTECTED_KINDS.map((k) => k.kind) },
      { allowDestroy: [lifted] },
    );
    const lifecycleOf = (address: string) => {
      const [type, name] = address.split('.');
      return (resourcesOf(allowed, type)[name] as Resource).lifecycle;
    };
    expect(lifecycleOf(lifted)).toMatchObject({ prevent_destroy: false });
    expect(lifecycleOf(kept)).toMatchObject({ prevent_destroy: true });
  });

  it('forgets, not deletes, a formerly protected resource the code no longer defines', () => {
    const json = synth(prod, {
      formerlyProtected: {
        backupJob: ['databricks_job.Backup_Job_3D7CAD39', 'databricks_job.Backup_Old_Job_12345678'],
        jobs: ['databricks_job.Jobs_dropped_Job_ABCDEF01'], // prod does not protect "jobs" by default
      },
    });
    expect((json as { removed?: unknown }).removed).toEqual([
      { from: 'databricks_job.Backup_Old_Job_12345678', lifecycle: { destroy: false } },
    ]);
  });

  it('lets an allowed address be deleted even when the ledger names it', () => {
    const json = synth(prod, {
      formerlyProtected: { backupJob: ['databricks_job.Backup_Old_Job_12345678'] },
      allowDestroy: ['databricks_job.Backup_Old_Job_12345678'],
    });
    expect(json).not.toHaveProperty('removed');
  });

  it('records no protected resources when the environment protects nothing', () => {
    const json = synth({ ...prod, protected: [] });
    expect(json.output).not.toHaveProperty(PROTECTED_RESOURCES_OUTPUT);
    expect(JSON.stringify(json)).not.toContain('protected_kind');
  });

  it('grants a role only the levels it has in access, and the run-as identity what jobs need', () => {
    const json = synth(prod);
    const repoPerms = Object.values(resourcesOf(json, 'databricks_permissions')).find((p) => 'repo_id' in p)!;
    expect(repoPerms.access_control).toEqual([
      { group_name: 'data-engineers', permission_level: 'CAN_READ' },
      { group_name: 'platform-admins', permission_level: 'CAN_MANAGE' },
      { group_name: 'release-managers', permission_level: 'CAN_READ' },
      { permission_level: 'CAN_RUN', service_principal_name: prod.runAs!.servicePrincipal },
    ]);
    const acls = Object.values(resourcesOf(json, 'databricks_secret_acl')).map((a) => [
      a.principal,
      a.permission,
    ]);
    expect(acls.sort()).toEqual([
      [prod.runAs!.servicePrincipal, 'READ'],
      ['platform-admins', 'MANAGE'],
    ]);
  });
});
