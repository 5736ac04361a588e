/**
 * With 10% of API requests failing with 429 or 503 (seeded, so the run is reproducible), a deploy
 * still converges — the provider retries — and the next plan is empty.
 */
import { Sandbox } from './sandbox';

jest.setTimeout(300_000);

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await Sandbox.start({ faultRate: 0.1, faultSeed: 7 });
});
afterAll(async () => {
  await sandbox?.close();
});

test('deploy converges through injected 429/503 faults and the re-plan is empty', async () => {
  await sandbox.expect(0, 'deploy', ['dev', '--yes']);
  await sandbox.expect(0, 'plan', ['dev']);
  const requests = sandbox.emulator.requests();
  const faults = requests.filter((r) => r.fault);
  expect(faults.length / requests.length).toBeGreaterThan(0.03);
  expect(faults.every((r) => r.status === 429 || r.status === 503)).toBe(true);
});
