import { treeAt } from './git-content';
import { currentHead, tagCommit } from './git-heads';
import { isJsonObject, type JsonObject } from './json';
import { runAsUserName } from './routes/jobs';
import type { JobRecord, RunOutcome } from './state';
import type { Store } from './store';
import { activeAlertExists, warehouseExists } from './routes/sql';
import { findObject } from './workspace-tree';

/**
 * A notebook whose content holds this marker fails when a job runs it; the rest of the marker's line (after an
 * optional `:`) is the error it fails with, e.g. `# EMULATOR_FAIL: AssertionError: 3 rows missing`.
 */
export const FAIL_MARKER = 'EMULATOR_FAIL';

/** How a run (or one of its tasks) ends: `INTERNAL_ERROR` when it could not start its workload. */
export type Outcome = RunOutcome;

/** The outcome of a run whose tasks all succeeded. */
export const SUCCESS: Outcome = {
  life_cycle_state: 'TERMINATED',
  result_state: 'SUCCESS',
  state_message: '',
  code: 'SUCCESS',
};

/** Where a notebook task reads its notebook from: the workspace, or a commit of the job's Git source. */
type NotebookSource = { kind: 'workspace' } | { kind: 'git'; url: string; commit: string };

function gitSourceOf(store: Store, job: JobRecord): NotebookSource | undefined {
  const git = job.settings.git_source;
  if (!isJsonObject(git) || typeof git.git_url !== 'string') return undefined;
  const url = git.git_url;
  if (typeof git.git_commit === 'string') return { kind: 'git', url, commit: git.git_commit };
  if (typeof git.git_tag === 'string') return { kind: 'git', url, commit: tagCommit(url, git.git_tag) };
  const branch = typeof git.git_branch === 'string' ? git.git_branch : 'main';
  return { kind: 'git', url, commit: currentHead(store.state, url, branch) };
}

/** The base64 content of the notebook a task runs, or undefined when there is no notebook at that path. */
function notebookContent(store: Store, job: JobRecord, task: JsonObject, path: string): string | undefined {
  const git = gitSourceOf(store, job);
  const source: NotebookSource =
    git && task.source !== 'WORKSPACE' && !path.startsWith('/') ? git : { kind: 'workspace' };
  if (source.kind === 'git') {
    const file = treeAt(store.state, source.url, source.commit)[path.replace(/^\.\//, '')];
    return file?.object_type === 'NOTEBOOK' ? file.content : undefined;
  }
  let object;
  try {
    object = findObject(store, path);
  } catch {
    return undefined;
  }
  return object?.object_type === 'NOTEBOOK' ? (object.content ?? '') : undefined;
}

/** The failure a notebook's marker asks for, if its content holds {@link FAIL_MARKER}. */
function markedFailure(content: string): string | undefined {
  const text = Buffer.from(content, 'base64').toString('utf8');
  const index = text.indexOf(FAIL_MARKER);
  if (index < 0) return undefined;
  const rest = text
    .slice(index + FAIL_MARKER.length)
    .split(/\r?\n/, 1)[0]
    .replace(/^\s*:?\s*/, '');
  return rest === '' ? 'Exception: the notebook failed' : rest;
}

/** A SQL task needs its warehouse, and its alert (or query) when it evaluates one. */
function sqlTaskOutcome(store: Store, sqlTask: JsonObject): Outcome {
  const warehouse = String(sqlTask.warehouse_id ?? '');
  const fail = (message: string): Outcome => ({
    life_cycle_state: 'INTERNAL_ERROR',
    result_state: 'FAILED',
    state_message: message,
    code: 'RESOURCE_NOT_FOUND',
  });
  if (!warehouseExists(store, warehouse)) return fail(`SQL warehouse ${warehouse} does not exist.`);
  const alert = isJsonObject(sqlTask.alert) ? String(sqlTask.alert.alert_id ?? '') : undefined;
  if (alert !== undefined && !activeAlertExists(store, alert)) return fail(`Alert ${alert} does not exist.`);
  return SUCCESS;
}

/** The outcome of one task, as the jobs service would report it after trying to run it. */
function taskOutcome(store: Store, job: JobRecord, task: JsonObject): Outcome {
  if (isJsonObject(task.sql_task)) return sqlTaskOutcome(store, task.sql_task);
  const notebook = task.notebook_task;
  if (!isJsonObject(notebook) || typeof notebook.notebook_path !== 'string') return SUCCESS;
  const path = notebook.notebook_path;
  const content = notebookContent(store, job, notebook, path);
  if (content === undefined) {
    return {
      life_cycle_state: 'INTERNAL_ERROR',
      result_state: 'FAILED',
      state_message: `Unable to access the notebook "${path}". Either it does not exist, or the identity used to run this job, ${runAsUserName(job)}, lacks the required permissions.`,
      code: 'RESOURCE_NOT_FOUND',
    };
  }
  const failure = markedFailure(content);
  if (failure === undefined) return SUCCESS;
  return {
    life_cycle_state: 'TERMINATED',
    result_state: 'FAILED',
    state_message: failure,
    code: 'RUN_EXECUTION_ERROR',
  };
}

/**
 * How each task of a run of `job` ends, checked when the run starts: a task whose notebook does not exist at
 * the path it runs from fails with `RESOURCE_NOT_FOUND`; a notebook holding {@link FAIL_MARKER} fails with its
 * message; a task that depends on a failed task is `UPSTREAM_FAILED`.
 */
export function taskOutcomes(store: Store, job: JobRecord): Record<string, Outcome> {
  const tasks = (Array.isArray(job.settings.tasks) ? job.settings.tasks : []).filter(isJsonObject);
  const outcomes: Record<string, Outcome> = {};
  const failed = new Set<string>();
  const dependenciesOf = (task: JsonObject): string[] =>
    (Array.isArray(task.depends_on) ? task.depends_on : [])
      .filter(isJsonObject)
      .map((dependency) => String(dependency.task_key));
  // Tasks run after their dependencies: settle them in passes, each settling the tasks whose dependencies are.
  let pending = tasks;
  while (pending.length > 0) {
    const ready = pending.filter((task) => dependenciesOf(task).every((key) => outcomes[key] !== undefined));
    const settle = ready.length > 0 ? ready : pending; // a cycle (refused by jobs/create) settles at once
    for (const task of settle) {
      const key = String(task.task_key);
      const upstream = dependenciesOf(task).find((dependency) => failed.has(dependency));
      const outcome: Outcome = upstream
        ? {
            life_cycle_state: 'TERMINATED',
            result_state: 'UPSTREAM_FAILED',
            state_message: `Upstream task ${upstream} failed.`,
            code: 'SKIPPED',
          }
        : taskOutcome(store, job, task);
      if (outcome.result_state !== 'SUCCESS') failed.add(key);
      outcomes[key] = outcome;
    }
    pending = pending.filter((task) => !settle.includes(task));
  }
  return outcomes;
}

/** The run's outcome: its first failed task's, with the message naming the task, or SUCCESS. */
export function runOutcome(outcomes: Record<string, Outcome>): Outcome {
  const failed = Object.entries(outcomes).find(([, outcome]) => outcome.result_state !== 'SUCCESS');
  if (!failed) return SUCCESS;
  const [key, outcome] = failed;
  return outcome.code === 'RESOURCE_NOT_FOUND'
    ? outcome
    : { ...outcome, state_message: `Task ${key} failed with message: ${outcome.state_message}` };
}
