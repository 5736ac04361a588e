/**
 * State in PostgreSQL (`stateBackend.type: pg`), against a real server this test starts on
 * loopback in a temporary folder, with the connection only in the environment (PG_CONN_STR):
 * a local environment migrates into it through `npm run state -- migrate` (Terraform's own
 * backend migration: same lineage) and plans empty against it; a deploy on pg
 * creates the environment in the emulator; and a second deploy meanwhile fails on the first
 * one's advisory lock, naming the first one as the holder.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { startPostgres, type TestPostgres } from '../helpers/postgres';
import { objectsOf, Sandbox } from './sandbox';

jest.setTimeout(900_000);

let pg: TestPostgres;
beforeAll(async () => {
  pg = await startPostgres();
});
afterAll(async () => {
  await pg?.stop();
});

/** A sandbox deploying only dev, whose terraform reaches the test server through PG_CONN_STR. */
async function pgSandbox(latencyMs: number): Promise<Sandbox> {
  const sandbox = await Sandbox.start({ latencyMs });
  sandbox.env.DEVOPS_ENVIRONMENTS = 'dev';
  sandbox.env.PG_CONN_STR = pg.connStr;
  return sandbox;
}

/** Lineage and serial of the state the pg backend holds in `schema`. */
function storedState(schema: string): { lineage: string; serial: number; resources: unknown[] } {
  return JSON.parse(pg.psql(`SELECT data FROM ${schema}.states WHERE name = 'default'`));
}

test('a local environment migrates into pg with npm run state -- migrate, lineage kept; the next plan is empty', async () => {
  const sandbox = await pgSandbox(0);
  try {
    await sandbox.expect(0, 'deploy', ['dev', '--yes', '--no-sync']);
    const local = path.join(sandbox.dir, 'state', 'dev.tfstate');
    const before = JSON.parse(fs.readFileSync(local, 'utf8'));

    const wrongType = await sandbox.run('state', ['migrate', 'dev', '--to', 'pg']);
    expect(wrongType.code).toBe(1);
    expect(wrongType.stderr).toContain('declares stateBackend.type local, not pg');

    sandbox.editConfig('dev.yaml', (c) => {
      c.stateBackend = { type: 'pg' };
    });
    const migrated = await sandbox.expect(0, 'state', ['migrate', 'dev', '--to', 'pg']);
    expect(migrated.stderr).toContain('init -migrate-state -force-copy');
    expect(migrated.stderr).toContain('Migrated dev to pg');
    expect(fs.existsSync(local)).toBe(false); // renamed: nothing deploys from it again
    const moved = fs.readdirSync(path.dirname(local)).filter((f) => f.startsWith('dev.tfstate.migrated-'));
    expect(moved).toHaveLength(1);
    const stored = storedState('tfstate_dev');
    expect(stored.lineage).toBe(before.lineage);
    // Terraform's first write into an empty backend takes a new lineage; migrate then pushes the
    // file again over it, which keeps the lineage and counts one more serial.
    expect(stored.serial).toBeGreaterThanOrEqual(before.serial);
    expect(stored.resources).toHaveLength(before.resources.length);
    // The synthesized stack names no connection: Terraform took it from PG_CONN_STR.
    expect(sandbox.stack('dev')).not.toHaveProperty('terraform.backend.pg.conn_str');
    expect(JSON.stringify(sandbox.stack('dev'))).not.toContain(pg.connStr);

    await sandbox.expect(0, 'plan', ['dev']);
    expect(sandbox.planSummary('dev').hasChanges).toBe(false);

    // Migrating again (the old file put back) would overwrite the schema's state: refused.
    fs.copyFileSync(path.join(path.dirname(local), moved[0]), local);
    const again = await sandbox.run('state', ['migrate', 'dev', '--to', 'pg']);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('the pg backend already holds state for this environment');
    expect(storedState('tfstate_dev').serial).toBe(stored.serial);
  } finally {
    await sandbox.close();
  }
});

test('a deploy on pg creates the environment; a second deploy meanwhile fails on its lock, naming it as the holder', async () => {
  // Slow enough that the first deploy is still applying while the second one plans.
  const sandbox = await pgSandbox(2000);
  try {
    sandbox.editConfig('dev.yaml', (c) => {
      c.stateBackend = { type: 'pg', schemaName: 'tfstate_lock_test' };
    });
    const first = sandbox.start('deploy', ['dev', '--yes', '--no-sync']);
    await sandbox.waitForCreates(1, 400_000);
    const second = await sandbox.run('deploy', ['dev', '--yes', '--no-sync'], {
      CDKTF_OUTDIR: path.join(sandbox.dir, 'out-second-runner'),
    });
    expect(second.code).toBe(1);
    expect(second.stderr).toContain('the state is locked by another run');
    // The holder is the first deploy (its command, user, host and pid), not the second run itself.
    expect(second.stderr).toMatch(
      new RegExp(`Who: deploy dev --yes --no-sync by \\S+@\\S+ pid ${first.pid} \\[session pid \\d+`),
    );
    expect(second.stderr).toContain('pg_terminate_backend(<session pid>)');

    const done = await first.result;
    expect({ code: done.code, output: done.code === 0 ? '' : first.output() }).toEqual({
      code: 0,
      output: '',
    });
    const stored = storedState('tfstate_lock_test');
    expect(stored.resources.length).toBeGreaterThan(0);
    const { jobs } = objectsOf(await sandbox.state(), 'dev');
    expect(jobs).toHaveLength(sandbox.declared('dev').databricks_job);
  } finally {
    await sandbox.close();
  }
});
