/* eslint-disable @typescript-eslint/no-explicit-any -- the emulator's admin API answers untyped JSON, read here as such */
/**
 * The whole life cycle of the three environments against the local workspace emulator, with the
 * real terraform and the real Databricks provider: deploy, idempotency, smoke, Git folder sync,
 * update, drift, destroy. One emulator for the file; the scenarios build on each other in order.
 */
import { loadConfig } from '../../app/config/load-config';
import { objectsOf, PROJECT_ROOT, Sandbox } from './sandbox';

jest.setTimeout(300_000);

const ENVIRONMENTS = ['dev', 'staging', 'prod'] as const;
let sandbox: Sandbox;
const outputs: Record<string, any> = {};

beforeAll(async () => {
  sandbox = await Sandbox.start();
});
afterAll(async () => {
  await sandbox?.close();
});

/** Jobs a stack defines: workflows, smoke, backup, UC export, one security scan per flavor in use, SLO alerts. */
function expectedJobCount(environment: string): number {
  const config = loadConfig(`${PROJECT_ROOT}/config`);
  const env = config.environments.find((e) => e.name === environment)!;
  const flavors = new Set([...env.clusters.map((c) => c.flavor), env.jobCluster.flavor]);
  return config.workflows.length + 1 + 2 + flavors.size + 1;
}

test('deploy applies dev, staging and prod; every object exists with the right attributes', async () => {
  for (const environment of ENVIRONMENTS) {
    await sandbox.expect(0, 'deploy', [environment, '--yes']);
    outputs[environment] = JSON.parse((await sandbox.expect(0, 'status', [environment, '--json'])).stdout);
  }
  const state = await sandbox.state();
  const branches = { dev: 'main', staging: 'release/1.4-RC', prod: 'release/1.3' };
  for (const environment of ENVIRONMENTS) {
    const { jobs, clusters, repos, scopes, warehouses, dashboards, alerts } = objectsOf(state, environment);
    expect(repos).toHaveLength(1);
    expect(repos[0].branch).toBe(branches[environment]);
    expect(repos[0].path).toBe(outputs[environment].repo_mount_path);
    expect(jobs).toHaveLength(expectedJobCount(environment));
    expect(clusters).toHaveLength(1);
    expect(scopes).toEqual([`simple-project-${environment}`]);
    // Observability: one warehouse, a published dashboard on it, and the alert job's alerts.
    expect(warehouses).toHaveLength(1);
    expect(dashboards).toHaveLength(1);
    expect(dashboards[0].published.warehouse_id).toBe(warehouses[0].id);
    expect(dashboards[0].path).toMatch(new RegExp(`^/Shared/simple-project/${environment}/`));
    for (const job of jobs) {
      for (const task of job.settings.tasks) {
        if (task.sql_task) {
          expect(task.sql_task.warehouse_id).toBe(warehouses[0].id);
          expect(alerts.map((a) => a.id)).toContain(task.sql_task.alert.alert_id);
          continue;
        }
        const nb: string = task.notebook_task.notebook_path;
        expect(
          nb.startsWith(`${repos[0].path}/`) || nb.startsWith(`/Shared/simple-project/${environment}/`),
        ).toBe(true);
      }
    }
    expect(clusters[0].spec.init_scripts[0].workspace.destination).toMatch(
      new RegExp(`^/Shared/simple-project/${environment}/pinned/`),
    );
    expect(outputs[environment].repo_ref).toBe(branches[environment]);
    expect(outputs[environment].deployed_git_sha).toMatch(/^([0-9a-f]{40}|unknown)$/);
  }
  const prodJob = objectsOf(state, 'prod').jobs.find((j) => j.settings.name === 'Prod – ingest-orders');
  expect(prodJob.settings.run_as ?? { service_principal_name: prodJob.run_as_user_name }).toEqual({
    service_principal_name: '3c4d5e6f-7a8b-4c9d-8e0f-a1b2c3d4e5f6',
  });
  expect(prodJob.settings.schedule.pause_status).toBe('UNPAUSED');
  const devJob = objectsOf(state, 'dev').jobs.find((j) => j.settings.name === 'Dev – ingest-orders');
  expect(devJob.settings.schedule.pause_status).toBe('PAUSED');
}, 600_000); // three deploys from scratch: the slowest step of the file

test('a second plan shows no changes for all three stacks', async () => {
  for (const environment of ENVIRONMENTS) {
    const res = await sandbox.expect(0, 'plan', [environment]);
    expect(res.stdout).toContain('No changes');
    expect(sandbox.planSummary(environment).hasChanges).toBe(false);
  }
});

test('smoke: a successful run exits 0, a failed one exits 1 with the run state message', async () => {
  await sandbox.expect(0, 'smoke', ['dev', '--poll-millis', '200']);
  await sandbox.admin('runs/next-result', {
    job_id: Number(outputs.dev.smoke_job_id),
    result_state: 'FAILED',
    state_message: 'Task smoke_1 failed: AssertionError in test_orders_schema',
  });
  const failed = await sandbox.expect(1, 'smoke', ['dev', '--poll-millis', '200']);
  expect(failed.stderr).toContain('FAILED');
  expect(failed.stderr).toContain('AssertionError in test_orders_schema');
});

test('sync pulls the Git folder to the new head of its branch, whose notebooks the next smoke run runs', async () => {
  const head = await sandbox.pushFailingNotebook(
    'main',
    'notebooks/smoke_tests/run_smoke_tests',
    'AssertionError: orders table is empty',
  );
  const before = objectsOf(await sandbox.state(), 'dev').repos[0].head_commit_id;
  expect(before).not.toBe(head);
  await sandbox.expect(0, 'smoke', ['dev', '--poll-millis', '200']);
  const res = await sandbox.expect(0, 'sync', ['dev']);
  expect(res.stdout).toContain(head);
  expect(objectsOf(await sandbox.state(), 'dev').repos[0].head_commit_id).toBe(head);
  // staging tracks another branch: untouched
  expect(objectsOf(await sandbox.state(), 'staging').repos[0].head_commit_id).not.toBe(head);
  const failed = await sandbox.expect(1, 'smoke', ['dev', '--poll-millis', '200']);
  expect(failed.stderr).toContain('AssertionError: orders table is empty');
});

test('update: a new schedule and cluster size plan as exactly those two updates, and apply', async () => {
  sandbox.editConfig('dev.yaml', (c) => {
    c.workflows = { 'ingest-orders': { schedule: { cron: '0 15 3 * * ?', timezone: 'UTC' } } };
    c.clusters[0].autoscale.maxWorkers = 3;
  });
  await sandbox.expect(2, 'plan', ['dev']);
  const summary = sandbox.planSummary('dev');
  expect(summary.counts).toEqual({ create: 0, update: 2, replace: 0, delete: 0 });
  expect(summary.resources.map((r: any) => r.constructPath).sort()).toEqual([
    'dev/Clusters/shared/Resource',
    'dev/Jobs/ingest-orders/Resource',
  ]);
  await sandbox.expect(0, 'deploy', ['dev', '--yes']);
  const { jobs, clusters } = objectsOf(await sandbox.state(), 'dev');
  expect(
    jobs.find((j) => j.settings.name === 'Dev – ingest-orders').settings.schedule.quartz_cron_expression,
  ).toBe('0 15 3 * * ?');
  expect(clusters[0].spec.autoscale).toEqual({ min_workers: 1, max_workers: 3 });
  await sandbox.expect(0, 'plan', ['dev']);
});

test('drift: a change behind Terraform’s back is detected by plan and undone by deploy', async () => {
  const job = objectsOf(await sandbox.state(), 'dev').jobs.find(
    (j) => j.settings.name === 'Dev – train-churn-model',
  );
  await sandbox.admin('mutate', { kind: 'job', id: job.job_id, patch: { max_concurrent_runs: 7 } });
  const res = await sandbox.expect(2, 'plan', ['dev']);
  const summary = sandbox.planSummary('dev');
  expect(summary.counts.update).toBe(1);
  expect(summary.resources[0].constructPath).toBe('dev/Jobs/train-churn-model/Resource');
  expect(JSON.stringify(summary.resources[0].changedAttributes)).toContain('max_concurrent_runs');
  expect(res.stdout).toContain('max_concurrent_runs');
  await sandbox.expect(0, 'deploy', ['dev', '--yes']);
  const restored = (await sandbox.state()).jobs[job.job_id];
  expect(restored.settings.max_concurrent_runs).toBe(1);
});

test('destroying dev removes every dev object and leaves staging and prod untouched', async () => {
  const before = await sandbox.state();
  const refused = await sandbox.expect(4, 'destroy', ['dev']);
  expect(refused.stderr).toContain('pass --yes');
  // It lists what it would delete, and deleted nothing.
  expect(refused.stdout).toMatch(/^Destroying dev deletes \d+ object\(s\):$/m);
  expect(refused.stdout).toMatch(/^ {2}- databricks_repo\.\S+ {2}\(dev\//m);
  expect(objectsOf(await sandbox.state(), 'dev').repos).toHaveLength(1);
  await sandbox.expect(0, 'destroy', ['dev', '--yes']);
  const after = await sandbox.state();
  const dev = objectsOf(after, 'dev');
  expect(
    [dev.jobs, dev.clusters, dev.repos, dev.scopes, dev.warehouses, dev.dashboards, dev.alerts].map(
      (l) => l.length,
    ),
  ).toEqual([0, 0, 0, 0, 0, 0, 0]);
  expect(Object.keys(after.workspace ?? {}).some((p) => p.startsWith('/Shared/simple-project/dev'))).toBe(
    false,
  );
  for (const environment of ['staging', 'prod']) {
    expect(objectsOf(after, environment)).toEqual(objectsOf(before, environment));
  }
  await sandbox.expect(0, 'plan', ['prod']);
});
