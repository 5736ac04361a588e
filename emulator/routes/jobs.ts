import { invalidParameter, notFound } from '../api-error';
import { numericId, uniqueId } from '../ids';
import { cloneJson, isJsonObject, type Json, type JsonObject } from '../json';
import {
  optionalArray,
  optionalInt,
  optionalObject,
  optionalString,
  pageArrayProperties,
  paginate,
  requiredInt,
} from '../request-fields';
import type { Route } from '../router';
import type { JobRecord } from '../state';
import type { Store } from '../store';
import { checkClusterSpec } from './clusters';
import { KIND_OF_FIELD, requirePrincipal } from '../principals';
import { requireDestinations } from './notification-destinations';
import { setAccessControlList } from './permissions';

/** Settings arrays whose elements the jobs/update call merges by key. */
const KEYED_ARRAYS: Record<string, string> = {
  tasks: 'task_key',
  job_clusters: 'job_cluster_key',
  parameters: 'name',
  environments: 'environment_key',
};
/** The array properties of job settings that Jobs API 2.2 pages, 100 elements at a time (the keyed ones). */
const PAGED_ARRAYS = Object.keys(KEYED_ARRAYS);
/** "You can create jobs that contain up to 1000 tasks" (Databricks docs, Jobs limits). */
const MAX_TASKS = 1000;
/** Jobs API 2.0 and 2.1 handle jobs of at most this many tasks; larger ones need 2.2. */
const MAX_TASKS_BEFORE_2_2 = 100;
const TOP_LEVEL_TASK_FIELDS = ['notebook_task', 'spark_jar_task', 'spark_python_task', 'spark_submit_task'];
const KEY_PATTERN = /^[\w\-.]{1,100}$/;

/** The stored job with the given id (a 404 RESOURCE_DOES_NOT_EXIST otherwise). */
export function getJob(store: Store, jobId: number): JobRecord {
  const job = store.state.jobs[String(jobId)];
  if (!job) throw notFound(`Job ${jobId} does not exist.`);
  return job;
}

/** The principal the job runs as: the configured `run_as`, else its creator. */
export function runAsUserName(job: JobRecord): string {
  const runAs = job.settings.run_as;
  if (isJsonObject(runAs)) {
    for (const field of ['user_name', 'service_principal_name', 'group_name']) {
      const value = runAs[field];
      if (typeof value === 'string' && value !== '') return value;
    }
  }
  return job.creator_user_name;
}

/** The Job shape of jobs/get: stored settings verbatim plus computed top-level fields. */
export function jobInfo(job: JobRecord, expandTasks = true): JsonObject {
  const settings = cloneJson(job.settings);
  if (!expandTasks) {
    for (const key of Object.keys(KEYED_ARRAYS)) delete settings[key];
  }
  return {
    job_id: job.job_id,
    creator_user_name: job.creator_user_name,
    run_as_user_name: runAsUserName(job),
    created_time: job.created_time,
    settings,
  };
}

function keyedList(settings: JsonObject, field: string, key: string): JsonObject[] {
  const value = optionalArray(settings, field) ?? [];
  return value.map((item, index) => {
    if (!isJsonObject(item)) throw invalidParameter(`${field}[${index}] must be an object.`);
    const name = item[key];
    if (typeof name !== 'string' || name === '')
      throw invalidParameter(`Missing required field: ${field}[${index}].${key}`);
    return item;
  });
}

/**
 * Under Jobs API 2.0 and 2.1, a job of more than 100 tasks is refused (create, reset, update and get), with the
 * workspace's message; only 2.2 pages such a job.
 */
function requireApiForTaskCount(taskCount: number, version: string): void {
  if (version !== '2.2' && taskCount > MAX_TASKS_BEFORE_2_2) {
    throw invalidParameter(
      `Resources with more than ${MAX_TASKS_BEFORE_2_2} tasks can only be handled by API 2.2 and above. ` +
        `Your resource has ${taskCount} tasks.`,
    );
  }
}

/**
 * Checks job settings the way the Jobs API does; throws 400 INVALID_PARAMETER_VALUE on the first problem. Like a
 * workspace, it stores the cluster policy's values in each new cluster spec that names a policy (fixed values,
 * and default values with `apply_policy_default_values`), so `settings` is changed in place: pass a copy.
 */
function validateSettings(store: Store, settings: JsonObject, version: string): void {
  const taskCount = optionalArray(settings, 'tasks')?.length ?? 0;
  if (taskCount > MAX_TASKS) {
    throw invalidParameter(
      `A job can have at most ${MAX_TASKS} tasks; this one has ${taskCount}. ` +
        'Split it into several jobs (a run_job_task can start one job from another).',
    );
  }
  requireApiForTaskCount(taskCount, version);
  const name = optionalString(settings, 'name');
  if (name !== undefined && name.length > 4096)
    throw invalidParameter('name must be at most 4096 characters.');
  const maxRuns = optionalInt(settings, 'max_concurrent_runs');
  if (maxRuns !== undefined && (maxRuns < 0 || maxRuns > 1000)) {
    throw invalidParameter(`max_concurrent_runs must be between 0 and 1000, got ${maxRuns}.`);
  }
  const jobClusters = keyedList(settings, 'job_clusters', 'job_cluster_key');
  const clusterKeys = new Set<string>();
  for (const cluster of jobClusters) {
    const key = cluster.job_cluster_key as string;
    if (clusterKeys.has(key)) throw invalidParameter(`Duplicate job_cluster_key ${key}.`);
    if (!isJsonObject(cluster.new_cluster)) throw invalidParameter(`Job cluster ${key} needs new_cluster.`);
    cluster.new_cluster = checkClusterSpec(store, cluster.new_cluster, 'job');
    clusterKeys.add(key);
  }
  const tasks = keyedList(settings, 'tasks', 'task_key');
  const taskKeys = new Set<string>();
  for (const task of tasks) {
    const key = task.task_key as string;
    if (!KEY_PATTERN.test(key))
      throw invalidParameter(`Invalid task_key ${key}: use letters, digits, -, _ and .`);
    if (taskKeys.has(key)) throw invalidParameter(`Duplicate task_key ${key}.`);
    taskKeys.add(key);
    const compute = ['existing_cluster_id', 'job_cluster_key', 'new_cluster', 'environment_key'].filter(
      (field) => task[field] !== undefined && task[field] !== null && task[field] !== '',
    );
    if (compute.length > 1) {
      throw invalidParameter(`Task ${key} may use only one of ${compute.join(', ')}.`);
    }
    if (isJsonObject(task.new_cluster)) task.new_cluster = checkClusterSpec(store, task.new_cluster, 'job');
    const jobClusterKey = task.job_cluster_key;
    if (typeof jobClusterKey === 'string' && jobClusterKey !== '' && !clusterKeys.has(jobClusterKey)) {
      throw invalidParameter(`Task ${key} refers to job_cluster_key ${jobClusterKey}, which is not defined.`);
    }
  }
  requireDestinations(store, settings.webhook_notifications);
  for (const task of tasks) {
    requireDestinations(store, task.webhook_notifications);
    for (const dependency of optionalArray(task, 'depends_on') ?? []) {
      const upstream = isJsonObject(dependency) ? dependency.task_key : undefined;
      if (typeof upstream !== 'string' || !taskKeys.has(upstream)) {
        throw invalidParameter(
          `Task ${String(task.task_key)} depends on unknown task ${JSON.stringify(upstream)}.`,
        );
      }
    }
  }
  const schedule = optionalObject(settings, 'schedule');
  if (schedule) {
    for (const field of ['quartz_cron_expression', 'timezone_id']) {
      if (typeof schedule[field] !== 'string' || schedule[field] === '') {
        throw invalidParameter(`Missing required field: schedule.${field}`);
      }
    }
  }
  const runAs = optionalObject(settings, 'run_as');
  if (runAs) {
    const principals = ['user_name', 'service_principal_name', 'group_name'].filter((field) => runAs[field]);
    if (principals.length !== 1)
      throw invalidParameter('run_as needs exactly one of user_name and service_principal_name.');
    const field = principals[0];
    requirePrincipal(store, KIND_OF_FIELD[field], String(runAs[field]));
  }
}

/** `format` is computed: MULTI_TASK, except legacy 2.0 jobs with a top-level task. */
function withFormat(settings: JsonObject, version: string, previous?: JsonObject): JsonObject {
  if (settings.format !== undefined) return settings;
  if (previous?.format !== undefined) return { ...settings, format: previous.format };
  const legacy =
    version === '2.0' && settings.tasks === undefined && TOP_LEVEL_TASK_FIELDS.some((f) => f in settings);
  return { ...settings, format: legacy ? 'SINGLE_TASK' : 'MULTI_TASK' };
}

function createJob(store: Store, args: JsonObject, version: string): Json {
  const settings = cloneJson(args);
  const acl = optionalArray(settings, 'access_control_list');
  delete settings.access_control_list;
  validateSettings(store, settings, version);
  const jobId = uniqueId(
    () => numericId(15),
    (id) => store.state.jobs[String(id)] !== undefined,
  );
  store.state.jobs[String(jobId)] = {
    job_id: jobId,
    creator_user_name: store.userName,
    created_time: store.now(),
    settings: withFormat(settings, version),
  };
  if (acl) setAccessControlList(store, `jobs/${jobId}`, acl);
  store.touch();
  return { job_id: jobId };
}

function resetJob(store: Store, args: JsonObject, version: string): Json {
  const job = getJob(store, requiredInt(args, 'job_id'));
  const newSettings = optionalObject(args, 'new_settings');
  if (!newSettings) throw invalidParameter('Missing required field: new_settings');
  const settings = cloneJson(newSettings);
  validateSettings(store, settings, version);
  job.settings = withFormat(settings, version, job.settings);
  store.touch();
  return {};
}

function updateJob(store: Store, args: JsonObject, version: string): Json {
  const job = getJob(store, requiredInt(args, 'job_id'));
  const settings = cloneJson(job.settings);
  const newSettings = optionalObject(args, 'new_settings') ?? {};
  for (const [field, value] of Object.entries(newSettings)) {
    const key = KEYED_ARRAYS[field];
    if (key && Array.isArray(value) && Array.isArray(settings[field])) {
      const merged = [...(settings[field] as Json[])];
      for (const item of value) {
        const index = merged.findIndex(
          (old) => isJsonObject(old) && isJsonObject(item) && old[key] === item[key],
        );
        if (index >= 0) merged[index] = item;
        else merged.push(item);
      }
      settings[field] = merged;
    } else {
      settings[field] = value;
    }
  }
  for (const removal of optionalArray(args, 'fields_to_remove') ?? []) {
    if (typeof removal !== 'string') throw invalidParameter('fields_to_remove must list strings.');
    const [field, name] = removal.split('/', 2);
    const key = KEYED_ARRAYS[field];
    if (name !== undefined && key && Array.isArray(settings[field])) {
      settings[field] = (settings[field] as Json[]).filter(
        (item) => !(isJsonObject(item) && item[key] === name),
      );
    } else {
      delete settings[field];
    }
  }
  validateSettings(store, settings, version);
  job.settings = settings;
  store.touch();
  return {};
}

function deleteJob(store: Store, args: JsonObject): Json {
  const job = getJob(store, requiredInt(args, 'job_id'));
  delete store.state.jobs[String(job.job_id)];
  delete store.state.permissions[`jobs/${job.job_id}`];
  for (const run of Object.values(store.state.runs)) {
    if (run.job_id === job.job_id) delete store.state.runs[String(run.run_id)];
  }
  store.touch();
  return {};
}

/**
 * jobs/get: under API 2.2 one page of the job's array properties (`page_token`), with `has_more` and
 * `next_page_token` while any array has more; under 2.0 and 2.1 the whole job, refused past 100 tasks.
 */
function getJobPage(store: Store, args: JsonObject, version: string): Json {
  const info = jobInfo(getJob(store, requiredInt(args, 'job_id')));
  const settings = info.settings as JsonObject;
  if (version !== '2.2') {
    requireApiForTaskCount(optionalArray(settings, 'tasks')?.length ?? 0, version);
    return info;
  }
  const { hasMore, nextPageToken } = pageArrayProperties(settings, PAGED_ARRAYS, args);
  if (hasMore) Object.assign(info, { has_more: true, next_page_token: nextPageToken });
  return info;
}

function listJobs(store: Store, args: JsonObject, version: string): Json {
  const name = optionalString(args, 'name');
  const expand = args.expand_tasks === true || args.expand_tasks === 'true';
  const jobs = Object.values(store.state.jobs)
    .filter((job) => name === undefined || job.settings.name === name)
    .sort((a, b) => a.created_time - b.created_time || a.job_id - b.job_id);
  const limit = optionalInt(args, 'limit');
  if (limit !== undefined && (limit < 1 || limit > 100))
    throw invalidParameter(`limit must be 1..100, got ${limit}.`);
  const { page, nextPageToken, hasMore } = paginate(jobs, args, 'limit', 20);
  const body: JsonObject = { has_more: hasMore };
  if (page.length > 0) body.jobs = page.map((job) => listedJob(job, expand, version));
  if (nextPageToken) body.next_page_token = nextPageToken;
  return body;
}

/** A job of jobs/list: with `expand_tasks` under API 2.2, the first page of its arrays and `has_more` if any has more. */
function listedJob(job: JobRecord, expand: boolean, version: string): JsonObject {
  const info = jobInfo(job, expand);
  if (expand && version === '2.2') {
    const { hasMore } = pageArrayProperties(info.settings as JsonObject, PAGED_ARRAYS, {});
    if (hasMore) info.has_more = true;
  }
  return info;
}

/** Jobs (`/api/2.2/jobs/*`, also served under 2.1 and, for the legacy provider path, 2.0). */
export const jobRoutes: Route[] = [
  {
    method: 'POST',
    pattern: 'jobs/create',
    handler: ({ args, version }, store) => createJob(store, args, version),
  },
  {
    method: 'GET',
    pattern: 'jobs/get',
    handler: ({ args, version }, store) => getJobPage(store, args, version),
  },
  {
    method: 'POST',
    pattern: 'jobs/reset',
    handler: ({ args, version }, store) => resetJob(store, args, version),
  },
  {
    method: 'POST',
    pattern: 'jobs/update',
    handler: ({ args, version }, store) => updateJob(store, args, version),
  },
  { method: 'POST', pattern: 'jobs/delete', handler: ({ args }, store) => deleteJob(store, args) },
  {
    method: 'GET',
    pattern: 'jobs/list',
    handler: ({ args, version }, store) => listJobs(store, args, version),
  },
];
