import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { PlanRefresh, PlanSummary, summarizePlan } from './plan-summary/summarize-plan';
import { renderPlanSummaryMarkdown } from './plan-summary/render-markdown';
import { StackConfigJson, TerraformPlanJson } from './plan-summary/plan-json';
import { redactSecrets } from '../lib/text/secret-scan';
import { TerraformError, TerraformRunner } from './terraform-runner';
import { acquireRunLock } from './run-lock';
import { clearPlanArtefacts, keepPlanArtefacts, planDirOf } from './plan-artefacts';
import { stackBackend } from './state-backend';
import { assertStateReadable, backupsKept, backupState, listBackups, restoreCommand } from './state-backup';
import { describeOrphans, Orphan, reconcileStack } from './orphans';
import { previewDecision, readRefreshRecord, StateIdentity, writeRefreshRecord } from './refresh-record';
import { defaultConfigDir, loadConfig } from '../app/config/load-config';
import { DEFAULT_PREVIEW_MAX_STALENESS_HOURS } from '../app/config/schema';

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
          ? 'Terraform refused the plan: they have lifecycle.prevent_destroy. If this is intended, re-run ' +
            'with --allow-destroy <address> for each of them (for cdktf deploy: DEVOPS_ALLOW_DESTROY=<address>,...).'
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
  /**
   * A pull request's preview: plan without refresh when the environment's last full refresh is recent and the
   * state unchanged since (see {@link previewDecision}); such a plan is for review only, never applied.
   * @default false
   */
  readonly preview?: boolean;
  /**
   * One stack of a partitioned environment to plan, already synthesized (see ops/partitioned-flow.ts):
   * no synth; its plan, summary and records are its own (`cdktf.out.plans/<stack>/`).
   * @default - the environment's one stack, synthesized first
   */
  readonly stack?: string;
}

/** What `terraform show -json` says of a plan made without refresh that changes nothing. */
const NOTHING_PLANNED: TerraformPlanJson = {
  format_version: '1.2',
  resource_changes: [],
  output_changes: {},
};

/** A reviewed plan, ready to apply. */
export interface PlannedEnvironment {
  readonly runner: TerraformRunner;
  readonly stackDir: string;
  readonly planFile: string;
  readonly summary: PlanSummary;
  readonly markdown: string;
  /** The environment's plan folder (`cdktf.out.plans/<env>/`), where the refresh record lives. */
  readonly planDir: string;
  /** When the plan started (ISO 8601): with a refresh, the workspace is known as of then. */
  readonly plannedAt: string;
}

/** Runs `main.ts` of `programDir` (atomically; the environments `DEVOPS_ENVIRONMENTS` names, else all), as `npm run synth` does. */
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
 * Synthesizes the program (holding the output folder's run lock for the rest of the process) and
 * returns the environment's stack folder; an empty or unreadable local state file is refused
 * there (see {@link assertStateReadable}).
 */
export function synthEnvironment(options: FlowOptions, checkState = true): string {
  const env = options.env ?? process.env;
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const stackDir = stackDirOf(options.programDir, options.environment, env);
  // Synth replaces the whole output folder: one run at a time per folder, the loser told who holds it.
  acquireRunLock(path.dirname(path.dirname(stackDir)), log);
  log(`• synth (${path.relative(process.cwd(), options.programDir) || '.'})`);
  // --allow-destroy lifts Terraform's own prevent_destroy (and removed block) for those addresses.
  const allow = options.allowDestroy ?? [];
  const synthEnv = allow.length > 0 ? { ...env, DEVOPS_ALLOW_DESTROY: allow.join(',') } : env;
  try {
    // Only this environment's stacks (the others' last synth stays): a third of the work of all three.
    synthProgram(options.programDir, { ...synthEnv, DEVOPS_ENVIRONMENTS: options.environment });
  } catch {
    // A name that is no environment, or a program that does not synthesize: the whole program's
    // synth says which, exactly as without the filter (it fails again, or the check below names it).
    synthProgram(options.programDir, synthEnv);
  }
  if (!fs.existsSync(path.join(stackDir, 'cdk.tf.json'))) {
    const stacks = path.dirname(stackDir);
    const known = fs.existsSync(stacks) ? fs.readdirSync(stacks).sort().join(', ') : 'none';
    throw new Error(`unknown environment "${options.environment}": synthesis produced stacks for ${known}`);
  }
  const { stateFile } = stackBackend(stackDir);
  if (stateFile && checkState) assertStateReadable(stateFile, options.environment);
  return stackDir;
}

/**
 * Synthesizes, initialises and plans one environment, then summarizes the plan (written as
 * `plan-summary.md` and `plan-summary.json` beside `plan.tfplan`, and kept with it in
 * `cdktf.out.plans/<env>/`, which other environments' runs leave alone: see {@link planDirOf}).
 * The destroy guard's verdict is in the summary; {@link assertDestroyGuard} enforces it.
 */
export function planEnvironment(options: FlowOptions): PlannedEnvironment {
  const env = options.env ?? process.env;
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const name = options.stack ?? options.environment;
  const stackDir = options.stack
    ? stackDirOf(options.programDir, options.stack, env)
    : synthEnvironment(options);
  const planDir = planDirOf(options.programDir, name, env);
  clearPlanArtefacts(planDir);
  const runner = new TerraformRunner(options.toolchainRoot, stackDir, env);
  log(`• terraform init (${name})`);
  runner.init();
  const state = runner.stateIdentity();
  const plannedAt = new Date().toISOString();
  const refresh = options.preview ? previewRefresh(options, planDir, state, new Date(plannedAt)) : undefined;
  const skipRefresh = refresh?.refreshed === false;
  if (refresh?.refreshed === true) log(`• preview: planning with a full refresh: ${refresh.previewRefused}`);
  log(
    `• terraform plan${options.destroy ? ' -destroy' : ''}${skipRefresh ? ' -refresh=false' : ''} (${name})`,
  );
  const planFile = path.join(stackDir, options.destroy ? 'destroy.tfplan' : 'plan.tfplan');
  let changes: boolean;
  try {
    changes = runner.plan(planFile, [
      ...(options.destroy ? ['-destroy'] : []),
      ...(skipRefresh ? ['-refresh=false'] : []),
    ]);
  } catch (e) {
    const refused = e instanceof TerraformError ? preventDestroyRefusals(e.stderr) : [];
    if (refused.length > 0) throw new DestroyGuardError(refused, true);
    throw e;
  }
  // Without refresh there is no drift, so a plan without changes (exit 0) has nothing to summarize:
  // `terraform show -json` of it (10.8 s at 1,000 jobs) is skipped. A refreshed one may carry drift.
  const nothing = !changes && skipRefresh;
  if (nothing) log('• no changes and no refresh: nothing to summarize (terraform show -json skipped)');
  const plan = nothing ? NOTHING_PLANNED : runner.showJson<TerraformPlanJson>(planFile);
  const stackConfig = JSON.parse(
    fs.readFileSync(path.join(stackDir, 'cdk.tf.json'), 'utf8'),
  ) as StackConfigJson;
  const summary = summarizePlan({
    environment: name,
    plan,
    stackConfig,
    allowDestroy: options.allowDestroy ?? [],
    ...(refresh ? { refresh } : {}),
  });
  if (!skipRefresh && state) {
    writeRefreshRecord(planDir, {
      environment: name,
      refreshedAt: plannedAt,
      ...state,
      by: 'plan',
    });
  }
  const markdown = renderPlanSummaryMarkdown(summary);
  fs.writeFileSync(path.join(stackDir, 'plan-summary.md'), markdown);
  fs.writeFileSync(path.join(stackDir, 'plan-summary.json'), `${JSON.stringify(summary, null, 2)}\n`);
  keepPlanArtefacts(stackDir, planDir);
  return { runner, stackDir, planFile, summary, markdown, planDir, plannedAt };
}

/** A preview's refresh: skipped when the environment's refresh record and staleness bound allow it. */
function previewRefresh(
  options: FlowOptions,
  planDir: string,
  state: StateIdentity | undefined,
  now: Date,
): PlanRefresh {
  const config = loadConfig(defaultConfigDir(options.env ?? process.env));
  const environment = config.environments.find((e) => e.name === options.environment);
  const maxStalenessHours =
    environment?.plan?.previewMaxStalenessHours ??
    DEFAULT_PREVIEW_MAX_STALENESS_HOURS[environment?.tier ?? 'prod'];
  const decision = previewDecision({ record: readRefreshRecord(planDir), state, maxStalenessHours, now });
  return decision.refresh
    ? { refreshed: true, previewRefused: decision.reason }
    : {
        refreshed: false,
        lastFullRefresh: decision.lastRefresh.refreshedAt,
        ageMinutes: decision.ageMinutes,
      };
}

/** Throws when the plan deletes or replaces protected resources that no `--allow-destroy` names. */
export function assertDestroyGuard(planned: PlannedEnvironment): void {
  if (planned.summary.destroyGuard.blocked.length > 0)
    throw new DestroyGuardError(planned.summary.destroyGuard.blocked);
}

/** Objects of the stack that state does not know, met before a create or after an apply. */
export class OrphansError extends Error {
  constructor(
    message: string,
    readonly orphans: readonly Orphan[],
  ) {
    super(message);
    this.name = 'OrphansError';
  }
}

/**
 * Applies a reviewed plan, reconciling the workspace with state around it:
 * - local state is first copied to a timestamped backup beside it (the newest
 *   `DEVOPS_STATE_BACKUPS` kept, default 20);
 * - before a plan that creates objects, objects carrying the stack's identity that state does not
 *   know (orphans) are looked for, and a create whose twin already exists is refused;
 * - after the apply, any orphan left is reported (exit 1), with the commands that resolve it.
 */
export async function applyPlanned(
  planned: PlannedEnvironment,
  options: Pick<FlowOptions, 'env' | 'log'> = {},
): Promise<void> {
  const env = options.env ?? process.env;
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const environment = path.basename(planned.stackDir);
  if (planned.summary.refresh?.refreshed === false) {
    throw new Error(
      `Refusing to apply the plan of ${environment}: it is a preview planned without refresh, for review only. ` +
        `Plan it again without --preview (npm run deploy does).`,
    );
  }
  const { stateFile } = stackBackend(planned.stackDir);
  const plan = planned.runner.showJson<{
    resource_changes?: Array<{ address: string; change: { actions: string[] } }>;
  }>(planned.planFile);
  const creates = new Set(
    (plan.resource_changes ?? [])
      .filter((c) => c.change.actions.length === 1 && c.change.actions[0] === 'create')
      .map((c) => c.address),
  );
  if (creates.size > 0) {
    log(`• reconciling the workspace with state before creating ${creates.size} object(s)`);
    const orphans = await reconcileStack(planned.runner, env);
    const twins = orphans.filter((o) => o.address !== undefined && creates.has(o.address));
    if (twins.length > 0) {
      const newest = stateFile ? listBackups(stateFile)[0] : undefined;
      throw new OrphansError(
        `Refusing to apply: it would create ${twins.length} object(s) whose twin already exists in the ` +
          `workspace (${twins.map((o) => o.address).join(', ')}).\n${describeOrphans(environment, orphans)}` +
          (newest
            ? `\nIf the state file ${stateFile} was emptied or replaced, restore it instead ` +
              `(newest backup: ${newest}): \`${restoreCommand(environment)}\`.`
            : ''),
        orphans,
      );
    }
    if (orphans.length > 0) log(`warning: ${describeOrphans(environment, orphans)}`);
  }
  if (stateFile) {
    const backup = backupState(stateFile, backupsKept(env));
    if (backup) log(`• state backed up to ${path.relative(process.cwd(), backup)}`);
  }
  await planned.runner.apply(planned.planFile);
  // The apply built the new state on the plan's refresh: it stands for the workspace as of the plan.
  const applied = planned.runner.stateIdentity();
  if (applied) {
    writeRefreshRecord(planned.planDir, {
      environment,
      refreshedAt: planned.plannedAt,
      ...applied,
      by: 'deploy',
    });
  }
  const left = await reconcileStack(planned.runner, env);
  if (left.length > 0) {
    throw new OrphansError(
      `Applied, but the workspace holds objects state does not know.\n${describeOrphans(environment, left)}`,
      left,
    );
  }
}
