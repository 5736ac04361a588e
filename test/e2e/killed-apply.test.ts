/* eslint-disable @typescript-eslint/no-explicit-any -- the emulator's admin state is untyped JSON */
/**
 * A CI runner dies mid-apply: terraform is SIGKILLed at several points of `terraform apply`, so
 * objects it created are not in state. The rerun deploy refuses to create their twins; the
 * documented recovery (docs/RUNBOOK-state.md, "Killed apply": `npm run state -- orphans <env>
 * --adopt --delete`, then the deploy) leaves every object existing exactly once, and the next plan
 * is empty. Counted in the emulator's own state.
 */
import { descendants, isCreate, objectsOf, Sandbox } from './sandbox';

jest.setTimeout(600_000);

/** Each trial kills terraform right after the emulator answered the request `at` matches. */
const KILL_POINTS: Array<{
  name: string;
  at: (r: { method: string; path: string; status: number }) => boolean;
  nth: number;
}> = [
  { name: 'the first cluster create', at: (r) => isCreate(r) && r.path.endsWith('/clusters/create'), nth: 1 },
  { name: 'the 2nd create', at: isCreate, nth: 2 },
  { name: 'the 6th create', at: isCreate, nth: 6 },
];

const sandboxes: Sandbox[] = [];
afterAll(async () => {
  await Promise.all(sandboxes.map((s) => s.close()));
});

async function killedTrial(point: (typeof KILL_POINTS)[number]) {
  // Emulator latency keeps each create in flight long enough for the kill to land mid-apply.
  const sandbox = await Sandbox.start({ latencyMs: 100 });
  sandbox.env.DEVOPS_ENVIRONMENTS = 'dev'; // synthesize only the stack under test
  sandboxes.push(sandbox);
  const deploy = sandbox.start('deploy', ['dev', '--yes', '--no-sync']);
  await sandbox.waitForRequests(point.at, point.nth);
  const [terraform] = descendants(deploy.pid, 'terraform');
  process.kill(terraform, 'SIGKILL');
  const killed = await deploy.result;
  expect(killed.code).toBe(1);
  expect(killed.stderr).toContain('terraform apply was killed by SIGKILL');
  return sandbox;
}

/** Per object kind: how many of the stack's objects exist in the emulator, and how many are declared. */
async function census(sandbox: Sandbox) {
  const state = await sandbox.state();
  const stack = sandbox.stack('dev');
  const policyNames = Object.values(stack.resource.databricks_cluster_policy).map((p) => p.name as string);
  const live = objectsOf(state, 'dev');
  const policies = Object.values<any>(state.policies).filter((p) => policyNames.includes(p.fields.name));
  return {
    live: {
      jobs: live.jobs.length,
      clusters: live.clusters.length,
      policies: policies.length,
      repos: live.repos.length,
      scopes: live.scopes.length,
    },
    declared: {
      jobs: Object.keys(stack.resource.databricks_job).length,
      clusters: Object.keys(stack.resource.databricks_cluster).length,
      policies: policyNames.length,
      repos: 1,
      scopes: 1,
    },
  };
}

const refusals: string[] = [];

test.each(KILL_POINTS)(
  'SIGKILL of terraform right after $name: recovery leaves every object exactly once',
  async (point) => {
    const sandbox = await killedTrial(point);

    // The rerun never creates a twin: it refuses (naming the orphans) or, with nothing orphaned, applies.
    const rerun = await sandbox.run('deploy', ['dev', '--yes', '--no-sync']);
    if (rerun.code !== 0) {
      expect(rerun.stderr).toContain('Refusing to apply: it would create');
      expect(rerun.stderr).toContain('npm run state -- orphans dev --adopt');
      refusals.push(point.name);
    }
    const afterRerun = await census(sandbox);
    for (const kind of Object.keys(afterRerun.live) as Array<keyof typeof afterRerun.live>)
      expect(afterRerun.live[kind]).toBeLessThanOrEqual(afterRerun.declared[kind]);

    // The runbook's recovery.
    await sandbox.expect(0, 'state', ['orphans', 'dev', '--adopt', '--delete']);
    await sandbox.expect(0, 'deploy', ['dev', '--yes', '--no-sync']);
    const { live, declared } = await census(sandbox);
    expect(live).toEqual(declared);
    await sandbox.expect(0, 'plan', ['dev']);
    expect(sandbox.planSummary('dev').hasChanges).toBe(false);
  },
);

test('killing right after a cluster create always orphans that cluster, and the rerun refused its twin', () => {
  expect(refusals).toContain('the first cluster create');
});
