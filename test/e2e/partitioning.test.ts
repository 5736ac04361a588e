/* eslint-disable @typescript-eslint/no-explicit-any -- the emulator request log and YAML edits are read untyped */
/**
 * A partitioned environment against the workspace emulator, with the real terraform and provider:
 * the first deploy applies every stack; a change to one job then plans and applies only that job's
 * group stack, the others listed as skipped.
 */
import { Sandbox } from './sandbox';

jest.setTimeout(300_000);

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await Sandbox.start();
  sandbox.editConfig('project.yaml', (c: any) => {
    for (const w of c.workflows) w.group = w.name === 'ingest-orders' ? 'ingest' : 'ml';
  });
  sandbox.editConfig('dev.yaml', (c: any) => {
    c.partitioning = { enabled: true };
  });
});
afterAll(async () => {
  await sandbox?.close();
});

test('a one-job change in a partitioned environment plans and applies only that job’s stack', async () => {
  const first = await sandbox.expect(0, 'deploy', ['dev', '--yes']);
  for (const stack of ['dev', 'dev-jobs-ingest', 'dev-jobs-ml', 'dev-monitoring']) {
    expect(first.stderr).toContain(`${stack}: planning (no record of an earlier apply)`);
  }
  sandbox.editConfig('project.yaml', (c: any) => {
    const ingest = c.workflows.find((w: any) => w.name === 'ingest-orders');
    ingest.parameters = { ...ingest.parameters, changed: 'yes' };
  });
  const before = sandbox.emulator.requests().length;
  const second = await sandbox.expect(0, 'deploy', ['dev', '--yes']);
  expect(second.stderr).toContain('dev-jobs-ingest: planning (synthesized content changed)');
  for (const stack of ['dev', 'dev-jobs-ml', 'dev-monitoring']) {
    expect(second.stderr).toMatch(new RegExp(`\\b${stack}: skipped, unchanged since \\d{4}-`));
  }
  expect(second.stdout).toContain('dev-jobs-ingest');
  // Only the ingest job was updated: one jobs/reset (or update) call, no other job touched.
  const writes = sandbox.emulator
    .requests()
    .slice(before)
    .filter((r: any) => r.method === 'POST' && /jobs\/(reset|update)/.test(r.path));
  expect(writes).toHaveLength(1);
  // Nothing left to do: every stack skipped.
  const third = await sandbox.expect(0, 'plan', ['dev']);
  expect(third.stderr).not.toContain(': planning (');
});
