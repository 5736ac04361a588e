/**
 * `npm run plan -- dev` end to end with real Terraform on empty state: only creates, exit code 2,
 * summary files beside the plan. Needs `npm run setup:terraform`; fails (does not skip) without it.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PlanSummary } from '../../ops/plan-summary/summarize-plan';
import { makeWorkDir, offlineEnv, PROJECT_ROOT, requireToolchain } from './offline-stack';

jest.setTimeout(600_000);

const runPlan = (args: string[], workDir: string) =>
  spawnSync(process.execPath, ['--import', 'tsx', 'bin/plan.ts', ...args], {
    cwd: PROJECT_ROOT,
    env: offlineEnv(workDir),
    encoding: 'utf8',
  });

test('npm run plan -- dev summarizes a plan of only creates and exits 2', () => {
  requireToolchain();
  const workDir = makeWorkDir();
  const run = runPlan(['dev'], workDir);
  expect(run.stderr).not.toMatch(/error/i);
  expect(run.status).toBe(2);

  const stackDir = join(workDir, 'cdktf.out', 'stacks', 'dev');
  expect(existsSync(join(stackDir, 'plan.tfplan'))).toBe(true);
  const summary = JSON.parse(readFileSync(join(stackDir, 'plan-summary.json'), 'utf8')) as PlanSummary;
  expect(summary.environment).toBe('dev');
  expect(summary.counts.create).toBeGreaterThan(0);
  expect(summary.counts).toMatchObject({ update: 0, replace: 0, delete: 0 });
  expect(summary.resources.every((r) => r.action === 'create' && r.constructPath.startsWith('dev/'))).toBe(
    true,
  );
  expect(summary.destroyGuard.blocked).toEqual([]);

  const markdown = readFileSync(join(stackDir, 'plan-summary.md'), 'utf8');
  expect(run.stdout).toBe(markdown);
  expect(markdown).toContain(
    `**${summary.counts.create} to create, 0 to update, 0 to replace, 0 to delete**`,
  );
  expect(markdown).not.toContain('[!CAUTION]');
});

test('fails when the environment does not exist, naming the ones that do', () => {
  const run = runPlan(['qa'], makeWorkDir());
  expect(run.status).toBe(1);
  expect(run.stderr).toContain('unknown environment "qa": synthesis produced stacks for dev, prod, staging');
});

test('--help documents the exit codes', () => {
  const run = runPlan(['--help'], makeWorkDir());
  expect(run.status).toBe(0);
  expect(run.stdout).toMatch(/0 {2}no changes\n {2}2 {2}changes present.*\n {2}3 {2}destroy guard/);
});

test("each environment keeps its own plan and summary: a plan of staging leaves dev's alone", () => {
  requireToolchain();
  const workDir = makeWorkDir();
  expect(runPlan(['dev'], workDir).status).toBe(2);
  const devDir = join(workDir, 'cdktf.out.plans', 'dev');
  const devSummary = readFileSync(join(devDir, 'plan-summary.md'), 'utf8');
  expect(devSummary).toContain('## Plan for `dev`');
  // A created job reads with its key attributes, from the real provider's plan.
  expect(devSummary).toMatch(
    /\| create \| `databricks_job\.[^|]*\|[^|]*\| name: `[^`]+`<br>notebook: `[^`]+`<br>schedule: /,
  );

  expect(runPlan(['staging'], workDir).status).toBe(2);
  // Synth of staging alone left dev's stack folder as it was; the kept plan of dev is untouched.
  expect(existsSync(join(workDir, 'cdktf.out', 'stacks', 'dev', 'cdk.tf.json'))).toBe(true);
  expect(existsSync(join(workDir, 'cdktf.out', 'stacks', 'prod'))).toBe(false);
  expect(readFileSync(join(devDir, 'plan-summary.md'), 'utf8')).toBe(devSummary);
  expect(existsSync(join(devDir, 'plan.tfplan'))).toBe(true);
  expect(readFileSync(join(workDir, 'cdktf.out.plans', 'staging', 'plan-summary.md'), 'utf8')).toContain(
    '## Plan for `staging`',
  );
});
