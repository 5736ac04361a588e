/**
 * Why a workflow job must stay at 100 tasks or fewer: the real provider (v1.84.0) reads a job with one
 * `jobs/get` (API 2.2), which answers only the first 100 tasks, so a `databricks_job` of 101 tasks applies, then
 * plans the 101st task again on every plan. Plain Terraform against the emulator, no stack.
 */
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { startEmulator, type RunningEmulator } from '../../emulator/server';
import { PROVIDER_ADDRESS, toolchain, type Toolchain } from '../../ops/toolchain';
import { PROJECT_ROOT } from './sandbox';

jest.setTimeout(300_000);

const TOKEN = 'dapi-large-job-token';
let emulator: RunningEmulator;
let dir: string;
let tc: Toolchain;

/** Runs terraform in the test's folder without blocking the event loop (the emulator answers in this process). */
function terraform(args: readonly string[]): Promise<{ status: number; stdout: string; errors: string[] }> {
  return new Promise((resolve) => {
    execFile(
      tc.terraform,
      args,
      { cwd: dir, env: tc.env, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const status = error ? Number((error as { code?: unknown }).code ?? 1) : 0;
        resolve({ status, stdout, errors: [...stderr.matchAll(/Error: .*/g)].map((m) => m[0]) });
      },
    );
  });
}

/** A Terraform configuration of one job with `tasks` notebook tasks on an existing cluster. */
function configuration(tasks: number): object {
  return {
    terraform: {
      required_providers: { databricks: { source: PROVIDER_ADDRESS, version: tc.providerVersion } },
    },
    provider: { databricks: { host: emulator.url, token: TOKEN } },
    resource: {
      databricks_job: {
        large: {
          name: 'large',
          task: Array.from({ length: tasks }, (_, i) => ({
            task_key: `t${String(i).padStart(3, '0')}`,
            existing_cluster_id: '0101-000000-abcdefgh',
            notebook_task: { notebook_path: `/Shared/large/${i}` },
          })),
        },
      },
    },
  };
}

beforeAll(async () => {
  emulator = await startEmulator({ port: 0, token: TOKEN });
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'devops-large-job-'));
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env))
    if (!key.startsWith('DATABRICKS_')) env[key] = value;
  tc = toolchain(PROJECT_ROOT, env);
  fs.writeFileSync(path.join(dir, 'main.tf.json'), JSON.stringify(configuration(1)));
  const init = await terraform(['init', '-input=false', '-no-color']);
  expect(init.errors).toEqual([]);
  expect(init.status).toBe(0);
});
afterAll(async () => {
  await emulator?.close();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

/** Applies `tasks` tasks, then plans again: terraform's -detailed-exitcode (0 nothing to do, 2 changes). */
async function applyThenPlan(tasks: number) {
  fs.writeFileSync(path.join(dir, 'main.tf.json'), JSON.stringify(configuration(tasks)));
  const apply = await terraform(['apply', '-auto-approve', '-input=false', '-no-color']);
  const plan = await terraform(['plan', '-input=false', '-no-color', '-detailed-exitcode']);
  return {
    applied: apply.status,
    planned: plan.status,
    errors: [...apply.errors, ...plan.errors],
    plan: plan.stdout,
  };
}

test('a job of 100 tasks applies and the next plan is empty', async () => {
  const result = await applyThenPlan(100);
  expect({ applied: result.applied, planned: result.planned, errors: result.errors }).toEqual({
    applied: 0,
    planned: 0,
    errors: [],
  });
});

test('a job of 101 tasks applies, but every plan wants to add its 101st task again (a perpetual diff)', async () => {
  const result = await applyThenPlan(101);
  expect({ applied: result.applied, planned: result.planned, errors: result.errors }).toEqual({
    applied: 0,
    planned: 2,
    errors: [],
  });
  expect(result.plan).toContain('databricks_job.large will be updated in-place');
  expect(result.plan).toMatch(/\+ task_key\s+= "t100"/);
  // The workspace holds all 101 tasks: only the provider's read is short.
  const state = (await (await fetch(`${emulator.url}/__emulator/state`)).json()) as {
    jobs: Record<string, { settings: { tasks: unknown[] } }>;
  };
  expect(Object.values(state.jobs).map((job) => job.settings.tasks.length)).toEqual([101]);
});
