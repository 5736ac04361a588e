/**
 * A deploy stopped from outside: SIGTERM to the deploy (a cancelled CI job) is forwarded to
 * terraform as its graceful SIGINT and waited for, so nothing it created goes unrecorded and no
 * terraform keeps running behind the "Killed"; a terraform killed outright (SIGKILL) is reported as
 * killed, with the command to run next — never as an ordinary "exit 1".
 */
import * as fs from 'node:fs';
import { descendants, objectsOf, Sandbox } from './sandbox';

jest.setTimeout(300_000);

let sandbox: Sandbox;
beforeAll(async () => {
  // Latency keeps terraform busy creating objects when the signal arrives.
  sandbox = await Sandbox.start({ latencyMs: 100 });
});
afterAll(async () => {
  await sandbox?.close();
});

test('SIGTERM to a deploy stops terraform gracefully: state records what terraform finished; the rerun creates no twin', async () => {
  const deploy = sandbox.start('deploy', ['dev', '--yes']);
  await sandbox.waitForCreates(3);
  const terraform = descendants(deploy.pid, 'terraform');
  expect(terraform).toHaveLength(1);
  process.kill(deploy.pid, 'SIGTERM');
  const res = await deploy.result;

  expect(res.code).toBe(1);
  expect(res.stderr).toContain('Received SIGTERM: asking terraform to stop gracefully');
  expect(res.stderr).toContain('terraform apply was interrupted (SIGTERM received, forwarded as SIGINT)');
  expect(res.stderr).not.toContain('Git folder on'); // no sync after an interrupted apply
  expect(fs.existsSync(`/proc/${terraform[0]}`)).toBe(false); // terraform ended before the deploy did

  // Terraform records everything it finished. Objects the provider creates and then waits on (a SQL
  // warehouse or cluster until it runs, a dashboard until it is published) can still escape: interrupted
  // in that wait, the provider's rollback runs on the cancelled context (provider 1.84.0). The rerun
  // never creates their twins: it refuses, naming them, and the runbook's recovery adopts them.
  const rerun = await sandbox.run('deploy', ['dev', '--yes', '--no-sync']);
  if (rerun.code !== 0) {
    expect(rerun.stderr).toContain('Refusing to apply: it would create');
    expect(rerun.stderr).toContain('npm run state -- orphans dev --adopt');
    await sandbox.expect(0, 'state', ['orphans', 'dev', '--adopt', '--delete']);
    await sandbox.expect(0, 'deploy', ['dev', '--yes', '--no-sync']);
  }
  const declared = sandbox.declared('dev');
  const live = objectsOf(await sandbox.state(), 'dev');
  expect(live.jobs).toHaveLength(declared.databricks_job);
  expect(live.clusters).toHaveLength(declared.databricks_cluster);
  expect(live.warehouses).toHaveLength(1);
  expect(live.dashboards).toHaveLength(1);
});

test('a terraform killed by SIGKILL is reported as killed, with the command to run next', async () => {
  const deploy = sandbox.start('deploy', ['staging', '--yes', '--no-sync']);
  const before = sandbox.emulator.requests().length;
  const deadline = Date.now() + 120_000;
  while (
    !sandbox.emulator
      .requests()
      .slice(before)
      .some((r) => r.method === 'POST')
  ) {
    if (Date.now() > deadline) throw new Error('the staging deploy never started applying');
    await new Promise((r) => setTimeout(r, 20));
  }
  const [terraform] = descendants(deploy.pid, 'terraform');
  process.kill(terraform, 'SIGKILL');
  const res = await deploy.result;

  expect(res.code).toBe(1);
  expect(res.stderr).toContain('terraform apply was killed by SIGKILL');
  expect(res.stderr).toContain('npm run state -- orphans staging');
  expect(res.stderr).not.toMatch(/failed \(exit 1\):\n\s*$/m);
});
