import { quoteValue } from '../lib/text/quote-value';
import { readJob } from './job-reader';
import { StackContext } from './stack-context';
import { sleep } from './workspace-client';

/** A workflow's canary settings, as the config declares them (`workflows[].canary`). */
export interface CanarySpec {
  /** Share of the input the canary run processes, passed as `sampleParameter`. */
  readonly sampleFraction: number;
  /** The notebook parameter that carries the sample fraction. */
  readonly sampleParameter: string;
  /** Per write-target parameter, where the canary writes instead. */
  readonly targets: Readonly<Record<string, string>>;
  /** The canary fails when its run takes longer than this times the median of the workflow's recent successful runs. */
  readonly maxDurationRatio: number;
}

/** The workflow a canary runs, as the environment resolves it. */
export interface CanaryWorkflow {
  readonly name: string;
  /** The deployed job of the workflow (its settings are the canary's template). */
  readonly jobId: number;
  /** The workflow's parameters in this environment. */
  readonly parameters: Readonly<Record<string, string>>;
  /** The parameters naming where it writes. */
  readonly targetParameters: readonly string[];
  /** Every write target of this workflow in any environment: the canary must write elsewhere. */
  readonly forbiddenTargets: readonly string[];
  readonly spec: CanarySpec;
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

/**
 * The canary's parameters: the workflow's own, with every write target moved to its canary target
 * (given, or `<value>_canary`) and the sample fraction added. Fails when a canary target is missing
 * or would write where some environment writes.
 */
export function canaryParameters(workflow: CanaryWorkflow): Record<string, string> {
  const out: Record<string, string> = { ...workflow.parameters };
  for (const key of workflow.targetParameters) {
    const target = workflow.spec.targets[key] ?? `${workflow.parameters[key]}_canary`;
    if (workflow.forbiddenTargets.includes(target)) {
      throw new Error(
        `workflows.${workflow.name}.canary.targets.${key}: the canary would write to ${quoteValue(target)}, where an environment writes; name a canary target of its own`,
      );
    }
    out[key] = target;
  }
  out[workflow.spec.sampleParameter] = String(workflow.spec.sampleFraction);
  return out;
}

/** What the canary job changes of the deployed job. */
export interface CanaryJobOptions {
  /** The environment's Git folder, whose notebooks the deployed job runs. */
  readonly mountPath: string;
  /** The canary Git folder, whose notebooks the canary runs instead. */
  readonly canaryPath: string;
  /** The canary's notebook parameters ({@link canaryParameters}). */
  readonly parameters: Readonly<Record<string, string>>;
  /** Per write target, the deployed value and the canary's (to point the data-quality checks at). */
  readonly targets: ReadonlyArray<{ readonly from: string; readonly to: string }>;
  readonly sampleFraction: number;
  readonly ref: string;
}

/**
 * The data-quality checks of the canary: tables under a write target moved to the canary target, row
 * count bounds scaled to the sample.
 */
function canaryChecks(checks: string, options: CanaryJobOptions): string {
  const tables = JSON.parse(checks) as Array<{ table: string; rowCount?: { min?: number; max?: number } }>;
  for (const t of tables) {
    for (const { from, to } of options.targets) {
      if (t.table === from || t.table.startsWith(`${from}.`)) t.table = `${to}${t.table.slice(from.length)}`;
    }
    if (t.rowCount?.min !== undefined) t.rowCount.min = Math.floor(t.rowCount.min * options.sampleFraction);
    if (t.rowCount?.max !== undefined) t.rowCount.max = Math.ceil(t.rowCount.max * options.sampleFraction);
  }
  return JSON.stringify(tables);
}

/**
 * The settings of the one-off canary job: the deployed job's, renamed, unscheduled and without
 * notifications (the canary command reports), its notebooks read from the canary Git folder instead of
 * the environment's with the canary's parameters, its data-quality checks on the canary's output.
 */
export function canaryJobSettings(
  deployed: Readonly<Record<string, unknown>>,
  options: CanaryJobOptions,
): JsonObject {
  const settings = structuredClone(deployed) as JsonObject;
  for (const field of ['schedule', 'trigger', 'continuous', 'email_notifications', 'webhook_notifications']) {
    delete settings[field];
  }
  settings.name = `${String(deployed.name)} [canary ${options.ref}]`;
  settings.max_concurrent_runs = 1;
  settings.tags = { ...((deployed.tags as JsonObject | undefined) ?? {}), canary: options.ref };
  delete (settings.tags as JsonObject).cdktf_path; // not an object of the stack: never an orphan of it
  const prefix = `${options.mountPath}/`;
  for (const task of (settings.tasks as JsonObject[] | undefined) ?? []) {
    const notebook = task.notebook_task as JsonObject | undefined;
    if (!notebook || typeof notebook.notebook_path !== 'string') continue;
    if (notebook.notebook_path.startsWith(prefix)) {
      notebook.notebook_path = `${options.canaryPath}/${notebook.notebook_path.slice(prefix.length)}`;
      notebook.base_parameters = { ...options.parameters };
      continue;
    }
    const params = notebook.base_parameters as JsonObject | undefined;
    if (typeof params?.checks === 'string') params.checks = canaryChecks(params.checks, options);
  }
  return settings;
}

/** How a finished run went. */
export interface RunSummary {
  readonly runId: number;
  readonly resultState?: string;
  readonly stateMessage?: string;
  readonly durationMillis: number;
  /** Per task key: its result state (the data-quality task among them). */
  readonly tasks: Readonly<Record<string, string>>;
  readonly runPageUrl?: string;
}

/** The canary's verdict: pass, or the reasons it failed. */
export interface CanaryVerdict {
  readonly passed: boolean;
  readonly reasons: string[];
  /** Median duration of the workflow's recent successful runs, when there are any. */
  readonly baselineMillis?: number;
}

/** The median of a non-empty list. */
function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/**
 * Judges a canary run: it must succeed (data-quality task included) and take at most
 * `maxDurationRatio` times the median of the workflow's recent successful runs (no history: no
 * duration check, and the verdict says so).
 */
export function judgeCanary(
  run: RunSummary,
  baselineDurations: readonly number[],
  spec: CanarySpec,
): CanaryVerdict {
  const reasons: string[] = [];
  if (run.resultState !== 'SUCCESS') {
    const failed = Object.entries(run.tasks)
      .filter(([, state]) => state !== 'SUCCESS')
      .map(([task, state]) => `${task} ${state}`);
    reasons.push(
      `the canary run ended ${run.resultState ?? 'without a result'}${failed.length > 0 ? ` (${failed.join(', ')})` : ''}: ${run.stateMessage ?? ''}`.trim(),
    );
  }
  if (baselineDurations.length === 0) return { passed: reasons.length === 0, reasons };
  const baselineMillis = median(baselineDurations);
  const limit = baselineMillis * spec.maxDurationRatio;
  if (run.resultState === 'SUCCESS' && run.durationMillis > limit) {
    reasons.push(
      `the canary run took ${run.durationMillis} ms, more than ${spec.maxDurationRatio} x the median ${baselineMillis} ms of recent runs`,
    );
  }
  return { passed: reasons.length === 0, reasons, baselineMillis };
}

interface RunState {
  run_id: number;
  run_page_url?: string;
  start_time?: number;
  end_time?: number;
  run_duration?: number;
  state: { life_cycle_state: string; result_state?: string; state_message?: string };
  tasks?: Array<{ task_key: string; state?: { result_state?: string; life_cycle_state?: string } }>;
}

const FINAL = new Set(['TERMINATED', 'SKIPPED', 'INTERNAL_ERROR']);

/** Options of {@link runCanary}. */
export interface CanaryOptions {
  /** The Git repository and provider of the environment's Git folder. */
  readonly git: { readonly url: string; readonly provider?: string };
  /** The branch to test. */
  readonly ref: string;
  /** @default 3600 */
  readonly timeoutSeconds?: number;
  /** @default 2000 */
  readonly pollMillis?: number;
  readonly log?: (line: string) => void;
}

/** What a canary found. */
export interface CanaryOutcome {
  readonly workflow: string;
  /** The commit the canary ran. */
  readonly commit: string;
  readonly run: RunSummary;
  readonly verdict: CanaryVerdict;
}

/** The canary Git folder of an environment: beside its own, `-canary` appended. */
export function canaryFolderPath(mountPath: string): string {
  return `${mountPath.replace(/\/+$/, '')}-canary`;
}

async function waitForRun(ctx: StackContext, runId: number, options: CanaryOptions): Promise<RunSummary> {
  const deadline = Date.now() + (options.timeoutSeconds ?? 3600) * 1000;
  for (;;) {
    const run = await ctx.client.get<RunState>('/api/2.2/jobs/runs/get', { run_id: runId });
    if (FINAL.has(run.state.life_cycle_state)) {
      return {
        runId,
        resultState: run.state.result_state,
        stateMessage: run.state.state_message,
        durationMillis: run.run_duration ?? Math.max(0, (run.end_time ?? 0) - (run.start_time ?? 0)),
        tasks: Object.fromEntries(
          (run.tasks ?? []).map((t) => [
            t.task_key,
            t.state?.result_state ?? t.state?.life_cycle_state ?? '?',
          ]),
        ),
        runPageUrl: run.run_page_url,
      };
    }
    if (Date.now() > deadline) {
      throw new Error(`canary run ${runId} did not finish within ${options.timeoutSeconds ?? 3600} s`);
    }
    await sleep(options.pollMillis ?? 2000);
  }
}

/** Durations of the deployed job's recent successful runs (at most 20). */
async function recentDurations(ctx: StackContext, jobId: number): Promise<number[]> {
  const { runs = [] } = await ctx.client.get<{ runs?: RunState[] }>('/api/2.2/jobs/runs/list', {
    job_id: jobId,
    completed_only: 'true',
    limit: 20,
  });
  return runs
    .filter((r) => r.state.result_state === 'SUCCESS')
    .map((r) => r.run_duration ?? Math.max(0, (r.end_time ?? 0) - (r.start_time ?? 0)))
    .filter((d) => d > 0);
}

/**
 * Runs one workflow's canary in a deployed environment: checks out `ref` in a canary Git folder beside
 * the environment's, runs a one-off copy of the workflow's job on it (sampled input, canary targets),
 * judges the run against the workflow's recent runs, and always removes the job and the folder again.
 * Nothing of the environment itself changes.
 */
export async function runCanary(
  ctx: StackContext,
  workflow: CanaryWorkflow,
  options: CanaryOptions,
): Promise<CanaryOutcome> {
  const log = options.log ?? (() => undefined);
  const mountPath = String(ctx.outputs.repo_mount_path);
  const canaryPath = canaryFolderPath(mountPath);
  const parameters = canaryParameters(workflow);
  let repoId: number | undefined;
  let jobId: number | undefined;
  try {
    const existing = await ctx.client.get<{ repos?: Array<{ id: number; path: string }> }>('/api/2.0/repos', {
      path_prefix: canaryPath,
    });
    for (const stale of (existing.repos ?? []).filter((r) => r.path === canaryPath)) {
      log(`removing the canary Git folder left by an earlier run (${stale.id})`);
      await ctx.client.send('DELETE', `/api/2.0/repos/${stale.id}`);
    }
    const created = await ctx.client.send<{ id: number }>('POST', '/api/2.0/repos', {
      url: options.git.url,
      ...(options.git.provider ? { provider: options.git.provider } : {}),
      path: canaryPath,
    });
    repoId = created.id;
    const checkedOut = await ctx.client.send<{ head_commit_id?: string }>(
      'PATCH',
      `/api/2.0/repos/${repoId}`,
      {
        branch: options.ref,
      },
    );
    const commit = checkedOut.head_commit_id ?? '';
    log(`canary Git folder ${canaryPath} on ${options.ref} at ${commit}`);
    const { settings } = (await readJob(ctx.client, workflow.jobId)) as { settings: JsonObject };
    const targets = workflow.targetParameters.map((key) => ({
      from: workflow.parameters[key],
      to: parameters[key],
    }));
    const job = await ctx.client.send<{ job_id: number }>(
      'POST',
      '/api/2.2/jobs/create',
      canaryJobSettings(settings, {
        mountPath,
        canaryPath,
        parameters,
        targets,
        sampleFraction: workflow.spec.sampleFraction,
        ref: options.ref,
      }),
    );
    jobId = job.job_id;
    const { run_id: runId } = await ctx.client.send<{ run_id: number }>('POST', '/api/2.2/jobs/run-now', {
      job_id: jobId,
    });
    log(`canary of ${workflow.name}: job ${jobId}, run ${runId} (sample ${workflow.spec.sampleFraction})`);
    const run = await waitForRun(ctx, runId, options);
    const verdict = judgeCanary(run, await recentDurations(ctx, workflow.jobId), workflow.spec);
    return { workflow: workflow.name, commit, run, verdict };
  } finally {
    if (jobId !== undefined) await ctx.client.send('POST', '/api/2.2/jobs/delete', { job_id: jobId });
    if (repoId !== undefined) await ctx.client.send('DELETE', `/api/2.0/repos/${repoId}`);
    log('canary job and Git folder removed');
  }
}
