/* eslint-disable @typescript-eslint/no-explicit-any -- the emulator's answers are untyped JSON, read here as such */
/**
 * The job definition store against the local workspace emulator: `npm run export-jobs -- <env>`
 * writes the live jobs of every environment as JSON and finds no difference right after a deploy;
 * a job deleted and a job edited behind Terraform's back are reported field by field, and the next
 * deploy brings both back.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { storeFileName } from '../../ops/job-definitions';
import { objectsOf, Sandbox, TOKEN } from './sandbox';

jest.setTimeout(600_000);

const ENVIRONMENTS = ['dev', 'staging', 'prod'] as const;
let sandbox: Sandbox;
const storeOf = (environment: string) => path.join(sandbox.dir, 'store', environment);

beforeAll(async () => {
  sandbox = await Sandbox.start();
});
afterAll(async () => {
  await sandbox?.close();
});

async function jobsApi(endpoint: string, body: unknown): Promise<void> {
  const res = await fetch(`${sandbox.emulator.url}/api/2.2/jobs/${endpoint}`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${TOKEN}` },
    body: JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`jobs/${endpoint}: HTTP ${res.status} ${await res.text()}`);
}

const jobNamed = async (environment: string, name: string) =>
  objectsOf(await sandbox.state(), environment).jobs.find((j: any) => j.settings.name === name);

test('after a deploy, every environment exports its live jobs and they match the stack', async () => {
  for (const environment of ENVIRONMENTS) {
    await sandbox.expect(0, 'deploy', [environment, '--yes']);
    const res = await sandbox.expect(0, 'export-jobs', [environment, '--out', storeOf(environment)]);
    expect(res.stdout).toContain('Every live job matches the stack.');
    const { jobs } = objectsOf(await sandbox.state(), environment);
    expect(fs.readdirSync(storeOf(environment)).sort()).toEqual(
      jobs.map((j: any) => storeFileName(j.settings.name)).sort(),
    );
    for (const job of jobs) {
      const stored = JSON.parse(
        fs.readFileSync(path.join(storeOf(environment), storeFileName(job.settings.name)), 'utf8'),
      );
      expect(stored.job_id).toBe(job.job_id);
      expect(stored.settings.name).toBe(job.settings.name);
    }
  }
});

test('a deleted and an edited job are reported, and the next deploy brings them back', async () => {
  const train = await jobNamed('prod', 'Prod – train-churn-model');
  const ingest = await jobNamed('prod', 'Prod – ingest-orders');
  await jobsApi('delete', { job_id: train.job_id });
  await jobsApi('update', { job_id: ingest.job_id, new_settings: { timeout_seconds: 60 } });

  const drift = await sandbox.expect(4, 'export-jobs', ['prod', '--out', storeOf('prod')]);
  expect(drift.stdout).toContain(
    `Prod – train-churn-model (job ${train.job_id}): DELETED in the workspace; its last export stays in prod-train-churn-model.json`,
  );
  expect(drift.stdout).toContain(
    `Prod – ingest-orders (job ${ingest.job_id}): 1 field(s) differ from the stack:`,
  );
  expect(drift.stdout).toContain('    timeout_seconds: stack 7200, live 60');
  const kept = JSON.parse(fs.readFileSync(path.join(storeOf('prod'), 'prod-train-churn-model.json'), 'utf8'));
  expect(kept.job_id).toBe(train.job_id);

  await sandbox.expect(0, 'deploy', ['prod', '--yes']);
  const back = await sandbox.expect(0, 'export-jobs', ['prod', '--out', storeOf('prod')]);
  expect(back.stdout).toContain('Every live job matches the stack.');
  expect((await jobNamed('prod', 'Prod – ingest-orders')).settings.timeout_seconds).toBe(7200);
  const recreated = await jobNamed('prod', 'Prod – train-churn-model');
  expect(recreated.job_id).not.toBe(train.job_id);
  expect(
    JSON.parse(fs.readFileSync(path.join(storeOf('prod'), 'prod-train-churn-model.json'), 'utf8')).job_id,
  ).toBe(recreated.job_id);
});
