/**
 * State is never silently lost, and one checkout never runs two deploys over each other:
 * - every apply first backs the local state up; an emptied state is refused (its path, the newest
 *   backup, the restore command), and `npm run state -- restore` brings the environment back;
 * - an emptied state with no backup left is caught by the workspace: the deploy refuses to create
 *   twins of the live objects;
 * - a corrupted state is refused naming the file;
 * - a second run in the same checkout meets the run lock, which names the first run.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { objectsOf, Sandbox } from './sandbox';

jest.setTimeout(600_000);

let sandbox: Sandbox;
let stateFile: string;
beforeAll(async () => {
  sandbox = await Sandbox.start({ latencyMs: 20 });
  sandbox.env.DEVOPS_ENVIRONMENTS = 'dev';
  stateFile = path.join(sandbox.dir, 'state', 'dev.tfstate');
  await sandbox.expect(0, 'deploy', ['dev', '--yes', '--no-sync']);
});
afterAll(async () => {
  await sandbox?.close();
});

test('an apply over existing state backs it up first; an emptied state is refused and restored from the backup', async () => {
  sandbox.editConfig('project.yaml', (c) => {
    c.smokeTests.timeoutSeconds = 1500;
  });
  const second = await sandbox.expect(0, 'deploy', ['dev', '--yes', '--no-sync']);
  const listed = await sandbox.expect(0, 'state', ['backups', 'dev']);
  const [newest] = listed.stdout.trim().split('\n');
  expect(second.stderr).toContain(`state backed up to`);
  expect(newest).toMatch(/state\/backups\/dev\/\d{4}-\d\d-\d\dT[\d-]+Z\.tfstate$/);
  expect(JSON.parse(fs.readFileSync(newest, 'utf8')).resources.length).toBeGreaterThan(20);

  fs.writeFileSync(stateFile, '');
  const refused = await sandbox.run('deploy', ['dev', '--yes', '--no-sync']);
  expect(refused.code).toBe(1);
  expect(refused.stderr).toContain(`The state file ${stateFile} is empty (zero bytes)`);
  expect(refused.stderr).toContain(`newest backup: ${newest}`);
  expect(refused.stderr).toContain('`npm run state -- restore dev`');
  expect(refused.stderr).not.toContain('terraform plan');

  await sandbox.expect(0, 'state', ['restore', 'dev']);
  await sandbox.expect(0, 'plan', ['dev']);
  // The backup predates the timeout change: the plan puts it back, updating in place, creating nothing.
  expect(sandbox.planSummary('dev').counts).toMatchObject({ create: 0, delete: 0 });
  await sandbox.expect(0, 'deploy', ['dev', '--yes', '--no-sync']);
  const live = objectsOf(await sandbox.state(), 'dev');
  expect(live.jobs).toHaveLength(sandbox.declared('dev').databricks_job);
});

test('an emptied state with no backup left is refused by the workspace reconciliation: no twin is created', async () => {
  const jobsBefore = objectsOf(await sandbox.state(), 'dev').jobs.length;
  fs.rmSync(path.join(sandbox.dir, 'state', 'backups'), { recursive: true });
  fs.writeFileSync(stateFile, '');
  const refused = await sandbox.run('deploy', ['dev', '--yes', '--no-sync']);
  expect(refused.code).toBe(1);
  expect(refused.stderr).toContain('Refusing to apply: it would create');
  expect(refused.stderr).toContain('exist in the workspace but not in its state');
  expect(objectsOf(await sandbox.state(), 'dev').jobs).toHaveLength(jobsBefore);
  // Recovery without a backup: adopt every live object back into state.
  await sandbox.expect(0, 'state', ['orphans', 'dev', '--adopt']);
  await sandbox.expect(0, 'deploy', ['dev', '--yes', '--no-sync']);
  expect(objectsOf(await sandbox.state(), 'dev').jobs).toHaveLength(jobsBefore);
});

test('a corrupted state is refused naming the file', async () => {
  const good = fs.readFileSync(stateFile, 'utf8');
  fs.writeFileSync(stateFile, good.slice(0, good.length / 2));
  const refused = await sandbox.run('plan', ['dev']);
  expect(refused.code).toBe(1);
  expect(refused.stderr).toContain(`The state file ${stateFile} is not valid JSON`);
  fs.writeFileSync(stateFile, good);
});

test('a second run in the same checkout gets the run lock message naming the first run', async () => {
  sandbox.editConfig('project.yaml', (c) => {
    c.smokeTests.timeoutSeconds = 1200;
  });
  const first = sandbox.start('deploy', ['dev', '--yes', '--no-sync']);
  const lock = path.join(sandbox.dir, 'out.lock');
  const deadline = Date.now() + 60_000;
  while (!fs.existsSync(lock)) {
    if (Date.now() > deadline) throw new Error('the first deploy never took the run lock');
    await new Promise((r) => setTimeout(r, 20));
  }
  const second = await sandbox.run('plan', ['dev']);
  expect(second.code).toBe(1);
  expect(second.stderr).toContain(
    `${path.join(sandbox.dir, 'out')} is in use by another run of this checkout`,
  );
  expect(second.stderr).toContain(`pid ${first.pid}, command \`deploy dev --yes --no-sync\``);
  expect(second.stderr).toContain(`then delete ${lock}`);
  expect((await first.result).code).toBe(0);
  expect(fs.existsSync(lock)).toBe(false); // released when the run ends
});
