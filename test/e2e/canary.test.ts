/* eslint-disable @typescript-eslint/no-explicit-any -- the emulator's admin state is untyped JSON */
/**
 * Canary releases of prod's critical workflow (`workflows[].canary`), against the emulator with the real
 * terraform: the candidate branch runs first in a canary Git folder on a sample, with canary write
 * targets; a failing canary leaves prod untouched, a passing one promotes with the normal deploy.
 */
import { objectsOf, Sandbox } from './sandbox';

jest.setTimeout(600_000);

const BRANCH = 'release/1.3'; // what prod tracks in the default config
const NOTEBOOK = 'notebooks/workflows/ingest_orders';
let sandbox: Sandbox;

beforeAll(async () => {
  sandbox = await Sandbox.start();
  sandbox.env.DEVOPS_ENVIRONMENTS = 'prod';
  await sandbox.expect(0, 'deploy', ['prod', '--yes']);
});
afterAll(async () => {
  await sandbox?.close();
});

/** Prod's Git folder commit, and whatever the canary may have left behind. */
async function census() {
  const state = await sandbox.state();
  const prod = objectsOf(state, 'prod');
  return {
    prodCommit: prod.repos[0].head_commit_id as string,
    jobs: prod.jobs.length,
    canaryFolders: Object.values<any>(state.repos).filter((r) => r.path.endsWith('-canary')).length,
    canaryJobs: Object.values<any>(state.jobs).filter((j) => j.settings.name.includes('[canary')).length,
  };
}

test('refuses to promote a branch prod does not track, before touching anything', async () => {
  const refused = await sandbox.expect(2, 'canary', ['prod', '--ref', 'release/1.4', '--yes']);
  expect(refused.stderr).toContain('prod tracks branch release/1.3');
  expect(refused.stderr).toContain('--no-promote');
});

test('a failing canary stops: prod untouched, the canary job and folder removed', async () => {
  const before = await census();
  const candidate = await sandbox.pushFailingNotebook(BRANCH, NOTEBOOK, 'orders schema drifted');
  const result = await sandbox.expect(1, 'canary', [
    'prod',
    '--ref',
    BRANCH,
    '--yes',
    '--poll-millis',
    '200',
  ]);
  expect(result.stdout).toContain(`canary ingest-orders on ${BRANCH} (${candidate}) FAILED`);
  expect(result.stdout).toContain('orders schema drifted');
  expect(result.stderr).toContain('Not promoted: prod is untouched');
  expect(await census()).toEqual({ ...before, canaryFolders: 0, canaryJobs: 0 });
  // Only the candidate branch has the failing notebook, and prod's folder did not move: the failure
  // came from the canary folder.
});

test('a passing canary promotes: prod deploys and runs exactly the commit the canary tested', async () => {
  const candidate = await sandbox.pushNotebook(BRANCH, NOTEBOOK);
  const result = await sandbox.expect(0, 'canary', [
    'prod',
    '--ref',
    BRANCH,
    '--yes',
    '--poll-millis',
    '200',
  ]);
  expect(result.stdout).toContain(`canary ingest-orders on ${BRANCH} (${candidate}) passed`);
  expect(result.stdout).toContain(`Promoted: prod runs ${BRANCH} at ${candidate}`);
  const after = await census();
  expect(after.prodCommit).toBe(candidate);
  expect([after.canaryFolders, after.canaryJobs]).toEqual([0, 0]);
});
