import { invalidParameter, invalidState, notFound } from '../api-error';
import { numericId, uniqueId } from '../ids';
import { isJsonObject, type Json, type JsonObject } from '../json';
import { booleanArg, optionalInt, optionalObject, paginate, requiredInt } from '../request-fields';
import type { Route } from '../router';
import type { RunRecord } from '../state';
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

function terminate(store: Store, run: RunRecord, resultState: string, message: string): void {
  run.life_cycle_state = 'TERMINATED';
  run.final_result_state = resultState;
  run.final_state_message = message;
  run.end_time = store.now();
  store.touch();
}

/** Moves a run along PENDING → RUNNING → TERMINATED (by polls or by time, whichever is further). */
function progress(store: Store, run: RunRecord, countPoll: boolean): void {
  if (run.life_cycle_state === 'TERMINATED') return;
  const stage = Math.max(run.polls, Math.floor((store.now() - run.start_time) / RUN_STEP_MS));
  if (countPoll) {
    run.polls += 1;
    store.touch();
  }
  if (stage >= 2) {
    terminate(store, run, run.final_result_state, run.final_state_message);
  } else if (stage === 1 && run.life_cycle_state === 'PENDING') {
    run.life_cycle_state = 'RUNNING';
    store.touch();
  }
}

function runState(run: RunRecord): JsonObject {
  const state: JsonObject = {
    life_cycle_state: run.life_cycle_state,
    state_message: run.life_cycle_state === 'TERMINATED' ? run.final_state_message : '',
    user_cancelled_or_timedout: run.cancelled,
  };
  if (run.life_cycle_state === 'TERMINATED') state.result_state = run.final_result_state;
  return state;
}

function runStatus(run: RunRecord): JsonObject {
  const status: JsonObject = { state: run.life_cycle_state };
  if (run.life_cycle_state === 'TERMINATED') {
    const success = run.final_result_state === 'SUCCESS';
    status.termination_details = {
      code: success ? 'SUCCESS' : run.cancelled ? 'USER_CANCELED' : 'RUN_EXECUTION_ERROR',
      type: success ? 'SUCCESS' : run.cancelled ? 'SUCCESS' : 'CLIENT_ERROR',
      message: run.final_state_message,
    };
  }
  return status;
}

/** The Run shape of runs/get and runs/list. */
export function runInfo(run: RunRecord): JsonObject {
  const endTime = run.end_time ?? 0;
  const duration = endTime > 0 ? endTime - run.start_time : 0;
  return {
    job_id: run.job_id,
    run_id: run.run_id,
    number_in_job: run.number_in_job,
    run_name: run.run_name,
    creator_user_name: run.creator_user_name,
    run_type: 'JOB_RUN',
    trigger: 'ONE_TIME',
    format: 'MULTI_TASK',
    attempt_number: 0,
    start_time: run.start_time,
    end_time: endTime,
    setup_duration: 0,
    execution_duration: duration,
    cleanup_duration: 0,
    run_duration: duration,
    state: runState(run),
    status: runStatus(run),
    tasks: run.task_keys.map((taskKey, index) => ({
      run_id: run.run_id + index + 1,
      task_key: taskKey,
      start_time: run.start_time,
      end_time: endTime,
      attempt_number: 0,
      state: runState(run),
      status: runStatus(run),
    })),
    ...(run.job_parameters
      ? { job_parameters: Object.entries(run.job_parameters).map(([name, value]) => ({ name, value })) }
      : {}),
  };
}

function runNow(store: Store, args: JsonObject): Json {
  const job = getJob(store, requiredInt(args, 'job_id'));
  const override = store.state.nextRunResults[String(job.job_id)] ?? store.state.nextRunResults['*'];
  if (store.state.nextRunResults[String(job.job_id)]) delete store.state.nextRunResults[String(job.job_id)];
  else delete store.state.nextRunResults['*'];
  const runId = uniqueId(
    () => numericId(15),
    (id) => store.state.runs[String(id)] !== undefined,
  );
  const tasks = Array.isArray(job.settings.tasks) ? job.settings.tasks : [];
  const run: RunRecord = {
    run_id: runId,
    job_id: job.job_id,
    number_in_job: runId,
    run_name: typeof job.settings.name === 'string' ? job.settings.name : 'Untitled',
    creator_user_name: store.userName,
    start_time: store.now(),
    polls: 0,
    life_cycle_state: 'PENDING',
    final_result_state: override?.result_state ?? 'SUCCESS',
    final_state_message: override?.state_message ?? '',
    cancelled: false,
    task_keys: tasks.filter(isJsonObject).map((task) => String(task.task_key)),
  };
  const parameters = optionalObject(args, 'job_parameters') ?? optionalObject(args, 'notebook_params');
  if (parameters) run.job_parameters = parameters;
  store.state.runs[String(runId)] = run;
  store.touch();
  return { run_id: runId, number_in_job: runId };
}

function cancel(store: Store, run: RunRecord): void {
  if (run.life_cycle_state === 'TERMINATED') return;
  run.cancelled = true;
  terminate(store, run, 'CANCELED', 'Run cancelled by user.');
}

function listRuns(store: Store, args: JsonObject): Json {
  const jobId = optionalInt(args, 'job_id');
  const activeOnly = booleanArg(args, 'active_only');
  const completedOnly = booleanArg(args, 'completed_only');
  if (activeOnly && completedOnly)
    throw invalidParameter('active_only and completed_only cannot both be true.');
  const runs = Object.values(store.state.runs)
    .filter((run) => jobId === undefined || run.job_id === jobId)
    .map((run) => {
      progress(store, run, false);
      return run;
    })
    .filter((run) => !activeOnly || run.life_cycle_state !== 'TERMINATED')
    .filter((run) => !completedOnly || run.life_cycle_state === 'TERMINATED')
    .sort((a, b) => b.start_time - a.start_time || b.run_id - a.run_id);
  const { page, nextPageToken, hasMore } = paginate(runs, args, 'limit', 25);
  const body: JsonObject = { has_more: hasMore, runs: page.map(runInfo) };
  if (nextPageToken) body.next_page_token = nextPageToken;
  return body;
}

/** Job runs (`jobs/run-now`, `jobs/runs/*`), served beside the jobs routes. */
export const jobRunRoutes: Route[] = [
  { method: 'POST', pattern: 'jobs/run-now', handler: ({ args }, store) => runNow(store, args) },
  {
    method: 'GET',
    pattern: 'jobs/runs/get',
    handler: ({ args }, store) => {
      const run = getRun(store, requiredInt(args, 'run_id'));
      progress(store, run, true);
      return runInfo(run);
    },
  },
  {
    method: 'GET',
    pattern: 'jobs/runs/get-output',
    handler: ({ args }, store) => ({
      metadata: runInfo(getRun(store, requiredInt(args, 'run_id'))),
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
      progress(store, run, false);
      if (run.life_cycle_state !== 'TERMINATED') throw invalidState(`Run ${run.run_id} is still active.`);
      delete store.state.runs[String(run.run_id)];
      store.touch();
      return {};
    },
  },
];
