/* eslint-disable @typescript-eslint/no-explicit-any -- the emulator's admin API answers untyped JSON, read here as such */
/**
 * A new data project end to end: `npm run new-project` → synth (layout checks included) → deploy
 * dev to the emulator, whose Git folder is seeded from the scaffolded checkout → the smoke job runs
 * the scaffold's smoke notebook and passes → a workflow pointing at a missing notebook fails synth.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse, stringify } from 'yaml';
import { PROJECT_ROOT, runNode, Sandbox } from './sandbox';

jest.setTimeout(300_000);

let sandbox: Sandbox;
let project: string;
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  sandbox = await Sandbox.start();
  project = path.join(sandbox.dir, 'orders-lake');
  env = { DEVOPS_CONFIG_DIR: path.join(project, 'config') };
});
afterAll(async () => {
  await sandbox?.close();
});

const synth = () => runNode(path.join(PROJECT_ROOT, 'main.ts'), [], PROJECT_ROOT, { ...sandbox.env, ...env });

test('new-project scaffolds a checkout whose config synthesizes', async () => {
  const created = await sandbox.expect(0, 'new-project', [
    project,
    '--git-url',
    'https://github.com/acme-data/orders-lake.git',
  ]);
  expect(created.stdout).toContain(`Created orders-lake in ${project}`);
  const res = await synth();
  expect(res.stderr).toBe('');
  expect(res.code).toBe(0);
  expect(fs.readdirSync(path.join(sandbox.dir, 'out', 'stacks')).sort()).toEqual(['dev', 'prod', 'staging']);
});

test('deploy dev mounts the checkout in the Git folder, and the smoke job passes', async () => {
  const seeded = await sandbox.admin('repos/seed', {
    url: 'https://github.com/acme-data/orders-lake.git',
    dir: project,
  });
  expect(seeded.paths).toEqual(
    expect.arrayContaining([
      'notebooks/workflows/ingest_orders',
      'notebooks/smoke_tests/run_smoke_tests',
      'deep_project_core/orders.py',
    ]),
  );
  await sandbox.expect(0, 'deploy', ['dev', '--yes'], env);
  const state = await sandbox.state();
  const repo = Object.values<any>(state.repos).find((r) => r.path.endsWith('/orders-lake-dev'));
  expect(repo.url).toBe('https://github.com/acme-data/orders-lake.git');
  const jobs = Object.values<any>(state.jobs).map((j) => j.settings);
  expect(jobs.find((j) => j.name === 'Dev – ingest-orders').tasks[0].notebook_task.notebook_path).toBe(
    `${repo.path}/notebooks/workflows/ingest_orders`,
  );
  const smoke = await sandbox.expect(0, 'smoke', ['dev', '--poll-millis', '200'], env);
  expect(smoke.stdout).toMatch(/^dev: smoke run \d+ succeeded/);
});

test('a workflow pointing at a missing notebook fails synth, naming the field and the fix', async () => {
  const file = path.join(project, 'config', 'project.yaml');
  const config = parse(fs.readFileSync(file, 'utf8'));
  config.workflows.push({ name: 'score-customers', notebook: 'notebooks/workflows/score_customers' });
  fs.writeFileSync(file, stringify(config));
  const res = await synth();
  expect(res.code).toBe(1);
  expect(res.stderr).toContain(
    'project.yaml: workflows[2].notebook: expected a notebook at notebooks/workflows/score_customers in the data repository',
  );
  expect(res.stderr).toContain('found none; add the notebook or fix the path');
  await sandbox.expect(1, 'plan', ['dev'], env);
});
