/**
 * `npm run plan -- dev --preview` against the emulator: a pull request's plan skips the refresh
 * (`terraform plan -refresh=false`: no object is read back) while the last full refresh is recent and the
 * state unchanged since, says so in the summary, and refreshes as usual when the record is too old or names
 * another state. Deploys and full plans write the record. The scenarios build on each other in order.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { readRefreshRecord, REFRESH_RECORD_FILE, stateIdentityOf } from '../../ops/refresh-record';
import { stackBackend } from '../../ops/state-backend';
import { TerraformRunner } from '../../ops/terraform-runner';
import { TerraformPlanJson } from '../../ops/plan-summary/plan-json';
import { summarizePlan } from '../../ops/plan-summary/summarize-plan';
import { objectsOf, PROJECT_ROOT, Sandbox } from './sandbox';

jest.setTimeout(900_000);

let sandbox: Sandbox;
const planDir = () => path.join(sandbox.dir, 'out.plans', 'dev');
const stateSerial = () => {
  const { stateFile } = stackBackend(path.join(sandbox.dir, 'out', 'stacks', 'dev'));
  return stateIdentityOf(fs.readFileSync(stateFile!, 'utf8'))!.serial;
};
/** Requests that read a job back (what a refresh does per job), from request number `since` on. */
const jobReads = (since: number) =>
  sandbox.emulator
    .requests()
    .slice(since)
    .filter((r) => r.method === 'GET' && /\/jobs\/get/.test(r.path)).length;

beforeAll(async () => {
  sandbox = await Sandbox.start();
});

afterAll(async () => {
  await sandbox?.close();
});

test('a deploy records its refresh against the state it wrote', async () => {
  await sandbox.expect(0, 'deploy', ['dev', '--yes']);
  const record = readRefreshRecord(planDir());
  expect(record).toMatchObject({ environment: 'dev', by: 'deploy', serial: stateSerial() });
  expect(Date.now() - Date.parse(record!.refreshedAt)).toBeLessThan(15 * 60_000);
});

test('a preview after it plans with -refresh=false, reads no job back, and says so in the summary', async () => {
  // A change by hand: the preview cannot see it (that is the staleness its bound limits); a full plan does.
  const job = objectsOf(await sandbox.state(), 'dev').jobs.find(
    (j) => j.settings.name === 'Dev – train-churn-model',
  );
  await sandbox.admin('mutate', { kind: 'job', id: job.job_id, patch: { max_concurrent_runs: 7 } });
  const since = sandbox.emulator.requests().length;
  const preview = await sandbox.expect(0, 'plan', ['dev', '--preview']);
  expect(preview.stderr).toContain('terraform plan -refresh=false (dev)');
  expect(jobReads(since)).toBe(0);
  expect(preview.stdout).toMatch(
    /^> Planned without refresh; last full refresh \d{4}-\d\d-\d\d \d\d:\d\d UTC \(\d+ min ago\)\./m,
  );
  // Nothing changes without refresh: the summary was made without `terraform show -json`; the saved plan's own
  // JSON summarizes the same.
  expect(preview.stderr).toContain('terraform show -json skipped');
  const runner = new TerraformRunner(
    PROJECT_ROOT,
    path.join(sandbox.dir, 'out', 'stacks', 'dev'),
    sandbox.env,
  );
  const shown = runner.showJson<TerraformPlanJson>(path.join(planDir(), 'plan.tfplan'));
  const { refresh, ...summary } = sandbox.planSummary('dev');
  expect(refresh).toMatchObject({ refreshed: false });
  const fromShown = summarizePlan({ environment: 'dev', plan: shown, stackConfig: sandbox.stack('dev') });
  expect(JSON.parse(JSON.stringify(fromShown))).toEqual(summary);

  const full = await sandbox.expect(2, 'plan', ['dev']);
  expect(full.stdout).toContain('max_concurrent_runs');
  expect(full.stdout).not.toContain('Planned without refresh');
  expect(sandbox.planSummary('dev').refresh).toBeUndefined();
  expect(readRefreshRecord(planDir())).toMatchObject({ by: 'plan', serial: stateSerial() });
});

test('a preview refreshes when the last full refresh is older than the bound, and says why', async () => {
  const file = path.join(planDir(), REFRESH_RECORD_FILE);
  const record = readRefreshRecord(planDir())!;
  const old = new Date(Date.now() - 30 * 3600_000).toISOString();
  fs.writeFileSync(file, JSON.stringify({ ...record, refreshedAt: old }));
  const since = sandbox.emulator.requests().length;
  const preview = await sandbox.expect(2, 'plan', ['dev', '--preview']);
  expect(jobReads(since)).toBeGreaterThan(0);
  // (The age is counted when the plan starts: a minute may pass before that.)
  const said =
    /Planned with a full refresh: the last full refresh \((\S+), 30 h [01] min ago\) is older than plan\.previewMaxStalenessHours \(26 h\)\./.exec(
      preview.stdout,
    );
  expect(said?.[1]).toBe(old);
  expect(preview.stdout).toContain('max_concurrent_runs');
});

test('a preview refreshes when the state changed since the recorded refresh', async () => {
  await sandbox.expect(0, 'deploy', ['dev', '--yes']);
  const record = readRefreshRecord(planDir())!;
  fs.writeFileSync(
    path.join(planDir(), REFRESH_RECORD_FILE),
    JSON.stringify({ ...record, serial: record.serial - 1 }),
  );
  const preview = await sandbox.expect(0, 'plan', ['dev', '--preview']);
  expect(preview.stdout).toContain(
    `Planned with a full refresh: the state changed since the last full refresh (serial ${record.serial - 1} then, ${record.serial} now).`,
  );
  expect(preview.stderr).not.toContain('-refresh=false');
});
