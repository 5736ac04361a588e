/**
 * Two deploys of the same environment at once (two CI runners sharing one state backend): the
 * second fails fast with Terraform's state lock error and says who holds the lock; the first
 * completes and nothing is lost (the next plan is empty).
 */
import * as path from 'node:path';
import { Sandbox } from './sandbox';

jest.setTimeout(300_000);

let sandbox: Sandbox;
beforeAll(async () => {
  // Latency keeps the first apply busy long enough for the second deploy to meet its lock.
  sandbox = await Sandbox.start({ latencyMs: 2000 });
});
afterAll(async () => {
  await sandbox?.close();
});

test('the second of two simultaneous deploys fails fast on the state lock; the first succeeds', async () => {
  const first = sandbox.run('deploy', ['dev', '--yes', '--no-sync']);
  // Wait until the first run is applying (it creates objects), i.e. holds the state lock.
  const deadline = Date.now() + 120_000;
  while (!sandbox.emulator.requests().some((r) => r.method === 'POST')) {
    if (Date.now() > deadline) throw new Error('the first deploy never started applying');
    await new Promise((r) => setTimeout(r, 100));
  }
  const started = Date.now();
  const second = await sandbox.run('deploy', ['dev', '--yes', '--no-sync'], {
    CDKTF_OUTDIR: path.join(sandbox.dir, 'out-second-runner'),
  });
  expect(second.code).toBe(1);
  expect(second.stderr).toContain('the state is locked by another run');
  expect(second.stderr).toMatch(/Who: \S+/);
  expect(second.stderr).toContain('Operation: OperationTypeApply');
  expect(Date.now() - started).toBeLessThan(60_000);

  const firstResult = await first;
  expect(firstResult.code).toBe(0);
  await sandbox.expect(0, 'plan', ['dev']);
});
