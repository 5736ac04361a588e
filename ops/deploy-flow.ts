import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { PlanSummary, summarizePlan } from './plan-summary/summarize-plan';
import { renderPlanSummaryMarkdown } from './plan-summary/render-markdown';
import { StackConfigJson, TerraformPlanJson } from './plan-summary/plan-json';
import { redactSecrets } from '../lib/secret-scan';
import { TerraformError, TerraformRunner } from './terraform-runner';

/** The destroy guard tripped: protected resources would be deleted or replaced (exit 3). */
export class DestroyGuardError extends Error {
  /**
   * @param blocked the protected resources' addresses
   * @param preventDestroy true when Terraform's `prevent_destroy` refused the plan itself: no
   *   `--allow-destroy` lifts that, only removing the protection in config does
   */
  constructor(
    readonly blocked: readonly string[],
    readonly preventDestroy = false,
  ) {
    super(
      `Refusing to delete or replace protected resources:\n${blocked.map((a) => `  - ${a}`).join('\n')}\n` +
        (preventDestroy
          ? 'Terraform refused the plan: they have lifecycle.prevent_destroy. If this is intended, remove ' +
            'their kind from `protected` in config/<env>.yaml first.'
          : 'If this is intended, re-run with --allow-destroy <address> for each of them.') +
        ' See docs/protected-resources.md.',
    );
    this.name = 'DestroyGuardError';
  }
}

/**
 * The resources Terraform's `prevent_destroy` refused to delete or replace in a failed plan's
 * error output ("Resource X has lifecycle.prevent_destroy set, but the plan calls for this
 * resource to be destroyed"); empty when the failure is something else.
 */
export function preventDestroyRefusals(stderr: string): string[] {
  const found = [...stderr.matchAll(/Resource (\S+) has lifecycle\.prevent_destroy set/g)].map((m) => m[1]);
  return [...new Set(found)].sort();
}

/** Options of {@link planEnvironment} and {@link deployEnvironment}. */
export interface FlowOptions {
  /** Project holding `.tools/` (the Terraform toolchain). */
  readonly toolchainRoot: string;
  /** Folder of the program to synthesize (the project, or a rollback worktree of an older ref). */
  readonly programDir: string;
  readonly environment: string;
  /** `--allow-destroy` addresses. @default [] */
  readonly allowDestroy?: readonly string[];
  /** Environment for synth and terraform. @default process.env */
  readonly env?: NodeJS.ProcessEnv;
  /** Progress lines (to stderr by default). */
  readonly log?: (line: string) => void;
  /** Plan the removal of every object of the environment (`terraform plan -destroy`). @default false */
  readonly destroy?: boolean;
}

/** A reviewed plan, ready to apply. */
export interface PlannedEnvironment {
  readonly runner: TerraformRunner;
  readonly stackDir: string;
  readonly planFile: string;
  readonly summary: PlanSummary;
  readonly markdown: string;
}

/** Runs `main.ts` of `programDir` (all environments, atomically), as `npm run synth` does. */
export function synthProgram(programDir: string, env: NodeJS.ProcessEnv): void {
  // bin/synth.js runs a cached bundle; a program from before it existed (an old rollback ref) runs from source.
  const launcher = fs.existsSync(path.join(programDir, 'bin', 'synth.js'))
    ? ['bin/synth.js']
    : ['--import', 'tsx', 'main.ts'];
  const res = spawnSync(process.execPath, launcher, {
    cwd: programDir,
    env,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (res.status !== 0) {
    throw new Error(
      `synth failed in ${programDir}:\n${redactSecrets((res.stderr || res.stdout || String(res.error)).trim())}`,
    );
  }
}

/** The folder the environment's stack is synthesized into. */
export function stackDirOf(programDir: string, environment: string, env: NodeJS.ProcessEnv): string {
  return path.resolve(programDir, env.CDKTF_OUTDIR || 'cdktf.out', 'stacks', environment);
}

/**
 * Synthesizes, initialises and plans one environment, then summarizes the plan (written as
 * `plan-summary.md` and `plan-summary.json` beside `plan.tfplan`). The destroy guard's verdict is
 * in the summary; {@link assertDestroyGuard} enforces it.
 */
export function planEnvironment(options: FlowOptions): PlannedEnvironment {
  const env = options.env ?? process.env;
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  log(`• synth (${path.relative(process.cwd(), options.programDir) || '.'})`);
  synthProgram(options.programDir, env);
  const stackDir = stackDirOf(options.programDir, options.environment, env);
  if (!fs.existsSync(path.join(stackDir, 'cdk.tf.json'))) {
    const stacks = path.dirname(stackDir);
    const known = fs.existsSync(stacks) ? fs.readdirSync(stacks).sort().join(', ') : 'none';
    throw new Error(`unknown environment "${options.environment}": synthesis produced stacks for ${known}`);
  }
  const runner = new TerraformRunner(options.toolchainRoot, stackDir, env);
  log(`• terraform init (${options.environment})`);
  runner.init();
  log(`• terraform plan${options.destroy ? ' -destroy' : ''} (${options.environment})`);
  const planFile = path.join(stackDir, options.destroy ? 'destroy.tfplan' : 'plan.tfplan');
  try {
    runner.plan(planFile, options.destroy ? ['-destroy'] : []);
  } catch (e) {
    const refused = e instanceof TerraformError ? preventDestroyRefusals(e.stderr) : [];
    if (refused.length > 0) throw new DestroyGuardError(refused, true);
    throw e;
  }
  const plan = runner.showJson<TerraformPlanJson>(planFile);
  const stackConfig = JSON.parse(
    fs.readFileSync(path.join(stackDir, 'cdk.tf.json'), 'utf8'),
  ) as StackConfigJson;
  const summary = summarizePlan({
    environment: options.environment,
    plan,
    stackConfig,
    allowDestroy: options.allowDestroy ?? [],
  });
  const markdown = renderPlanSummaryMarkdown(summary);
  fs.writeFileSync(path.join(stackDir, 'plan-summary.md'), markdown);
  fs.writeFileSync(path.join(stackDir, 'plan-summary.json'), `${JSON.stringify(summary, null, 2)}\n`);
  return { runner, stackDir, planFile, summary, markdown };
}

/** Throws when the plan deletes or replaces protected resources that no `--allow-destroy` names. */
export function assertDestroyGuard(planned: PlannedEnvironment): void {
  if (planned.summary.destroyGuard.blocked.length > 0)
    throw new DestroyGuardError(planned.summary.destroyGuard.blocked);
}
