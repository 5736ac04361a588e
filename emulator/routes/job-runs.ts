import { invalidParameter, invalidState, notFound } from '../api-error';
import { numericId, uniqueId } from '../ids';
import { isJsonObject, type Json, type JsonObject } from '../json';
import {
  booleanArg,
  optionalInt,
  optionalObject,
  pageArrayProperties,
  paginate,
  requiredInt,
} from '../request-fields';
import type { Route } from '../router';
import { ORG_ID } from '../ids';
import { runOutcome, taskOutcomes, type Outcome } from '../run-outcome';
import type { JobRecord, RunRecord, RunResultOverride } from '../state';
import type { Store } from '../store';
import { getJob } from './jobs';

/** A run advances one lifecycle step per runs/get poll, or every RUN_STEP_MS when nobody polls. */
const RUN_STEP_MS = 2000;

/** Result states a run can end with. */
export const RESULT_STATES = [
  'SUCCESS',
  'FAILED',
  'TIMEDOUT',
  'CANCELED',
  'SUCCESS_WITH_FAILURES',
  'UPSTREAM_FAILED',
  'MAXIMUM_CONCURRENT_RUNS_REACHED',
];

function getRun(store: Store, runId: number): RunRecord {
  const run = store.state.runs[String(runId)];
  if (!run) throw notFound(`Run ${runId} does not exist.`);
  return run;
}

/** Life cycle states of a run that is over. */
const FINAL_STATES = new Set(['TERMINATED', 'INTERNAL_ERROR', 'SKIPPED']);

/** True when the run has ended (TERMINATED, INTERNAL_ERROR or SKIPPED). */
export function isFinal(run: RunRecord): boolean {
  return FINAL_STATES.has(run.life_cycle_state);
}

function terminate(store: Store, run: RunRecord, resultState: string, message: string): void {
  run.life_cycle_state = run.final_life_cycle_state ?? 'TERMINATED';
  run.final_result_state = resultState;
  run.final_state_message = message;
  run.end_time = store.now();
  store.touch();
}

/**
 * Moves a started run along PENDING → RUNNING → TERMINATED (by polls or by time, whichever is further). The run of
 * a continuous job that would succeed stays RUNNING until it is cancelled: such a job runs a stream, and the
 * emulator cannot tell when a notebook is done.
 */
function progress(store: Store, run: RunRecord, countPoll: boolean): void {
  if (isFinal(run) || run.life_cycle_state === 'QUEUED') return;
  const stage = Math.max(run.polls, Math.floor((store.now() - run.start_time) / RUN_STEP_MS));
  if (countPoll) {
    run.polls += 1;
    store.touch();
  }
  const endless = run.trigger === 'CONTINUOUS' && run.final_result_state === 'SUCCESS';
  if (stage >= 2 && !endless) {
    terminate(store, run, run.final_result_state, run.final_state_message);
  } else if (stage >= 1 && run.life_cycle_state === 'PENDING') {
    run.life_cycle_state = 'RUNNING';
    store.touch();
  }
}

/** The most runs of the job that may be active at once (`max_concurrent_runs`, default 1). */
function maxConcurrentRuns(store: Store, jobId: number): number {
  const value = store.state.jobs[String(jobId)]?.settings.max_concurrent_runs;
  return typeof value === 'number' ? value : 1;
}

function runsOfJob(store: Store, jobId: number): RunRecord[] {
  return Object.values(store.state.runs)
    .filter((run) => run.job_id === jobId)
    .sort((a, b) => a.number_in_job - b.number_in_job);
}

/** Starts a run: it is PENDING from now on and its tasks' outcomes are decided by what its notebooks hold. */
function start(store: Store, run: RunRecord, override: RunResultOverride | undefined): void {
  const job = store.state.jobs[String(run.job_id)];
  const outcomes = job ? taskOutcomes(store, job) : {};
  const outcome: Outcome = override
    ? {
        life_cycle_state: 'TERMINATED',
        result_state: override.result_state,
        state_message: override.state_message,
        code: override.result_state === 'SUCCESS' ? 'SUCCESS' : 'RUN_EXECUTION_ERROR',
      }
    : runOutcome(outcomes);
  run.life_cycle_state = 'PENDING';
  run.start_time = store.now();
  run.polls = 0;
  run.final_life_cycle_state = outcome.life_cycle_state;
  run.final_result_state = outcome.result_state;
  run.final_state_message = outcome.state_message;
  run.final_code = outcome.code;
  run.task_outcomes = override ? {} : outcomes;
  delete run.queue_message;
  store.touch();
}

/** True when the job is continuous and not paused: the workspace keeps one run of it going. */
function isUnpausedContinuous(store: Store, jobId: number): boolean {
  const continuous = store.state.jobs[String(jobId)]?.settings.continuous;
  return isJsonObject(continuous) && continuous.pause_status !== 'PAUSED';
}

/**
 * Progresses every run of the job, then starts queued runs (oldest first) while the job has free slots; a
 * continuous job that is not paused and has no active run starts one by itself, as a workspace does.
 */
function advanceJob(store: Store, jobId: number, polled?: RunRecord): void {
  const runs = runsOfJob(store, jobId);
  for (const run of runs) progress(store, run, run === polled);
  const limit = maxConcurrentRuns(store, jobId);
  let active = runs.filter(
    (run) => run.life_cycle_state === 'PENDING' || run.life_cycle_state === 'RUNNING',
  ).length;
  for (const run of runs) {
    if (run.life_cycle_state !== 'QUEUED' || active >= limit) continue;
    start(store, run, undefined);
    active += 1;
  }
  if (active === 0 && isUnpausedContinuous(store, jobId)) {
    const run = newRun(store, getJob(store, jobId), 'CONTINUOUS');
    start(store, run, takeOverride(store, jobId));
  }
}

function lifeCycleState(run: RunRecord, task?: string): string {
  if (run.life_cycle_state !== 'TERMINATED' && run.life_cycle_state !== 'INTERNAL_ERROR')
    return run.life_cycle_state;
  return task === undefined || run.cancelled
    ? run.life_cycle_state
    : (run.task_outcomes?.[task]?.life_cycle_state ?? run.life_cycle_state);
}

/** The outcome of the run, or of one of its tasks, once the run is over. */
function finalOutcome(run: RunRecord, task?: string): Outcome {
  const own: Outcome = {
    life_cycle_state: run.final_life_cycle_state ?? 'TERMINATED',
    result_state: run.final_result_state,
    state_message: run.final_state_message,
    code: run.cancelled
      ? 'USER_CANCELED'
      : (run.final_code ?? (run.final_result_state === 'SUCCESS' ? 'SUCCESS' : 'RUN_EXECUTION_ERROR')),
  };
  if (task === undefined || run.cancelled) return own;
  return run.task_outcomes?.[task] ?? own;
}

function runState(run: RunRecord, task?: string): JsonObject {
  const lifeCycle = lifeCycleState(run, task);
  const over = isFinal(run);
  const outcome = finalOutcome(run, task);
  const state: JsonObject = {
    life_cycle_state: lifeCycle,
    state_message: run.queue_message ?? (over ? outcome.state_message : ''),
    user_cancelled_or_timedout: run.cancelled,
  };
  if (run.life_cycle_state === 'QUEUED') state.queue_reason = run.queue_message ?? '';
  if (over) state.result_state = outcome.result_state;
  return state;
}

function runStatus(run: RunRecord, task?: string): JsonObject {
  if (run.life_cycle_state === 'QUEUED') {
    return {
      state: 'QUEUED',
      queue_details: { code: 'ACTIVE_RUNS_LIMIT_REACHED', message: run.queue_message ?? '' },
    };
  }
  if (!isFinal(run)) return { state: run.life_cycle_state };
  const outcome = finalOutcome(run, task);
  const code = run.life_cycle_state === 'SKIPPED' ? 'MAX_CONCURRENT_RUNS_EXCEEDED' : outcome.code;
  return {
    state: 'TERMINATED',
    termination_details: {
      code,
      type: code === 'SUCCESS' || code === 'USER_CANCELED' || code === 'SKIPPED' ? 'SUCCESS' : 'CLIENT_ERROR',
      message: run.queue_message ?? outcome.state_message,
    },
  };
}

/** The run's page in the workspace UI, as the jobs API reports it. */
function runPageUrl(store: Store, run: RunRecord): string {
  return `${store.baseUrl}/?o=${ORG_ID}#job/${run.job_id}/run/${run.run_id}`;
}

/** The Run shape of runs/get and runs/list. */
export function runInfo(store: Store, run: RunRecord): JsonObject {
  const endTime = run.end_time ?? 0;
  const duration = endTime > 0 ? endTime - run.start_time : 0;
  return {
    job_id: run.job_id,
    run_id: run.run_id,
    number_in_job: run.number_in_job,
    run_name: run.run_name,
    creator_user_name: run.creator_user_name,
    run_page_url: runPageUrl(store, run),
    run_type: 'JOB_RUN',
    trigger: run.trigger ?? 'ONE_TIME',
    format: 'MULTI_TASK',
    attempt_number: 0,
    start_time: run.start_time,
    end_time: endTime,
    setup_duration: 0,
    execution_duration: duration,
    cleanup_duration: 0,
    run_duration: duration,
    queue_duration: run.trigger_time === undefined ? 0 : Math.max(0, run.start_time - run.trigger_time),
    state: runState(run),
    status: runStatus(run),
    tasks: run.task_keys.map((taskKey, index) => ({
      run_id: run.run_id + index + 1,
      task_key: taskKey,
      run_page_url: `${store.baseUrl}/?o=${ORG_ID}#job/${run.job_id}/run/${run.run_id + index + 1}`,
      start_time: run.start_time,
      end_time: endTime,
      attempt_number: 0,
      state: runState(run, taskKey),
      status: runStatus(run, taskKey),
    })),
    ...(run.job_parameters
      ? { job_parameters: Object.entries(run.job_parameters).map(([name, value]) => ({ name, value })) }
      : {}),
  };
}

/** Takes the admin-set outcome for the next run of the job (its own, else the one for any job). */
function takeOverride(store: Store, jobId: number): RunResultOverride | undefined {
  const own = store.state.nextRunResults[String(jobId)];
  const override = own ?? store.state.nextRunResults['*'];
  delete store.state.nextRunResults[own ? String(jobId) : '*'];
  return override;
}

/** Stores a new QUEUED run of the job (the caller starts, queues or skips it). */
function newRun(store: Store, job: JobRecord, trigger: 'ONE_TIME' | 'CONTINUOUS'): RunRecord {
  const runId = uniqueId(
    () => numericId(15),
    (id) => store.state.runs[String(id)] !== undefined,
  );
  const tasks = Array.isArray(job.settings.tasks) ? job.settings.tasks : [];
  const previous = runsOfJob(store, job.job_id);
  const now = store.now();
  const run: RunRecord = {
    run_id: runId,
    job_id: job.job_id,
    number_in_job: (previous.at(-1)?.number_in_job ?? 0) + 1,
    run_name: typeof job.settings.name === 'string' ? job.settings.name : 'Untitled',
    creator_user_name: store.userName,
    start_time: now,
    trigger_time: now,
    polls: 0,
    life_cycle_state: 'QUEUED',
    final_result_state: 'SUCCESS',
    final_state_message: '',
    cancelled: false,
    task_keys: tasks.filter(isJsonObject).map((task) => String(task.task_key)),
    ...(trigger === 'CONTINUOUS' ? { trigger } : {}),
  };
  store.state.runs[String(runId)] = run;
  store.touch();
  return run;
}

/**
 * A continuous job's run-now cancels its active run and starts a new one, as the Jobs API does (the provider's
 * `control_run_state` restarts a continuous job this way after an update).
 */
function restartContinuous(store: Store, job: JobRecord): Json {
  for (const run of runsOfJob(store, job.job_id)) if (!isFinal(run)) cancelRun(store, run);
  advanceJob(store, job.job_id);
  const started = runsOfJob(store, job.job_id).find((run) => !isFinal(run));
  if (!started) throw new Error(`continuous job ${job.job_id} started no run`);
  return { run_id: started.run_id, number_in_job: started.number_in_job };
}

function runNow(store: Store, args: JsonObject): Json {
  const job = getJob(store, requiredInt(args, 'job_id'));
  if (isUnpausedContinuous(store, job.job_id)) return restartContinuous(store, job);
  advanceJob(store, job.job_id);
  const previous = runsOfJob(store, job.job_id);
  const run = newRun(store, job, 'ONE_TIME');
  const now = run.start_time;
  const parameters = optionalObject(args, 'job_parameters') ?? optionalObject(args, 'notebook_params');
  if (parameters) run.job_parameters = parameters;
  const limit = maxConcurrentRuns(store, job.job_id);
  const busy = previous.filter((other) => !isFinal(other)).length >= limit;
  const queue = job.settings.queue;
  if (!busy) {
    start(store, run, takeOverride(store, job.job_id));
  } else if (isJsonObject(queue) && queue.enabled === true) {
    run.queue_message = `Queued due to reaching maximum concurrent runs of ${limit}.`;
  } else {
    run.life_cycle_state = 'SKIPPED';
    run.final_result_state = 'MAXIMUM_CONCURRENT_RUNS_REACHED';
    run.queue_message = `Skipping this run because the limit of ${limit} maximum concurrent runs has been reached.`;
    run.end_time = now;
  }
  store.touch();
  return { run_id: run.run_id, number_in_job: run.number_in_job };
}

/** Ends the run as cancelled by its user. */
function cancelRun(store: Store, run: RunRecord): void {
  if (isFinal(run)) return;
  run.cancelled = true;
  run.final_life_cycle_state = 'TERMINATED';
  delete run.queue_message;
  terminate(store, run, 'CANCELED', 'Run cancelled by user.');
}

/** runs/cancel: ends the run, then starts what was waiting for its slot. */
function cancel(store: Store, run: RunRecord): void {
  cancelRun(store, run);
  advanceJob(store, run.job_id);
}

function listRuns(store: Store, args: JsonObject): Json {
  const jobId = optionalInt(args, 'job_id');
  const activeOnly = booleanArg(args, 'active_only');
  const completedOnly = booleanArg(args, 'completed_only');
  if (activeOnly && completedOnly)
    throw invalidParameter('active_only and completed_only cannot both be true.');
  // Every job with runs, and continuous jobs that may start one.
  const jobIds = new Set([
    ...Object.values(store.state.runs).map((run) => run.job_id),
    ...Object.values(store.state.jobs).map((job) => job.job_id),
  ]);
  for (const id of jobIds) if (jobId === undefined || id === jobId) advanceJob(store, id);
  const runs = Object.values(store.state.runs)
    .filter((run) => jobId === undefined || run.job_id === jobId)
    .filter((run) => !activeOnly || !isFinal(run))
    .filter((run) => !completedOnly || isFinal(run))
    .sort(
      (a, b) =>
        (b.trigger_time ?? b.start_time) - (a.trigger_time ?? a.start_time) ||
        b.number_in_job - a.number_in_job ||
        b.run_id - a.run_id,
    );
  const { page, nextPageToken, hasMore } = paginate(runs, args, 'limit', 25);
  const body: JsonObject = { has_more: hasMore, runs: page.map((run) => runInfo(store, run)) };
  if (nextPageToken) body.next_page_token = nextPageToken;
  return body;
}

/** Job runs (`jobs/run-now`, `jobs/runs/*`), served beside the jobs routes. */
export const jobRunRoutes: Route[] = [
  { method: 'POST', pattern: 'jobs/run-now', handler: ({ args }, store) => runNow(store, args) },
  {
    method: 'GET',
    pattern: 'jobs/runs/get',
    handler: ({ args, version }, store) => {
      const run = getRun(store, requiredInt(args, 'run_id'));
      advanceJob(store, run.job_id, run);
      const info = runInfo(store, run);
      if (version !== '2.2') return info;
      // The run's arrays that the emulator models (no job_clusters, no repair_history): one page of each.
      const { hasMore, nextPageToken } = pageArrayProperties(info, ['tasks', 'job_parameters'], args);
      if (hasMore) Object.assign(info, { has_more: true, next_page_token: nextPageToken });
      return info;
    },
  },
  {
    method: 'GET',
    pattern: 'jobs/runs/get-output',
    handler: ({ args }, store) => ({
      metadata: runInfo(store, getRun(store, requiredInt(args, 'run_id'))),
      notebook_output: {},
    }),
  },
  { method: 'GET', pattern: 'jobs/runs/list', handler: ({ args }, store) => listRuns(store, args) },
  {
    method: 'POST',
    pattern: 'jobs/runs/cancel',
    handler: ({ args }, store) => {
      cancel(store, getRun(store, requiredInt(args, 'run_id')));
      return {};
    },
  },
  {
    method: 'POST',
    pattern: 'jobs/runs/cancel-all',
    handler: ({ args }, store) => {
      const jobId = requiredInt(args, 'job_id');
      getJob(store, jobId);
      for (const run of Object.values(store.state.runs)) if (run.job_id === jobId) cancel(store, run);
      return {};
    },
  },
  {
    method: 'POST',
    pattern: 'jobs/runs/delete',
    handler: ({ args }, store) => {
      const run = getRun(store, requiredInt(args, 'run_id'));
      advanceJob(store, run.job_id);
      if (!isFinal(run)) throw invalidState(`Run ${run.run_id} is still active.`);
      delete store.state.runs[String(run.run_id)];
      store.touch();
      return {};
    },
  },
];
