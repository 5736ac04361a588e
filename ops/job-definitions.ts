import * as fs from 'node:fs';
import * as path from 'node:path';
import { readJob } from './job-reader';
import { WorkspaceApiError, WorkspaceClient } from './workspace-client';

/**
 * The job definition store (blueprint section 6: "we `jobs get` and commit the JSON to Git, so a UI
 * deletion or manual tweak can be rehydrated"): the live settings of an environment's jobs as JSON
 * files, and where each live job differs from what the stack declares. Pure functions over the
 * synthesized stack, the Terraform state and the Jobs API answers; `exportJobs` does the I/O.
 */

/** A `databricks_job` resource of the synthesized stack (Terraform's attribute names). */
export type JobResourceConfig = Record<string, unknown>;

/** A resource of `terraform show -json`. */
export interface StateResource {
  readonly address: string;
  readonly type: string;
  readonly values: Record<string, unknown>;
}

/** One field where the live job differs from the stack. */
export interface FieldDifference {
  /** Jobs API path, e.g. `tasks[main].max_retries` or `schedule.quartz_cron_expression`. */
  readonly field: string;
  /** What the stack declares; `undefined`: the stack does not set it. */
  readonly stack: unknown;
  /** What the workspace holds; `undefined`: the live job lacks it. */
  readonly live: unknown;
}

/** The comparison of one job of the stack with the workspace. */
export interface JobComparison {
  /** Terraform address, e.g. `databricks_job.Jobs_ingest-orders_Resource_1A2B3C4D`. */
  readonly address: string;
  readonly name: string;
  /** Job id in the state; undefined when the job was never deployed. */
  readonly jobId?: number;
  /** `deleted`: the state has the job, the workspace does not. */
  readonly status: 'in-sync' | 'differs' | 'deleted' | 'not-deployed';
  readonly differences: readonly FieldDifference[];
  /** The live job as written to the store (`{ job_id, settings }`, keys sorted). */
  readonly live?: Record<string, unknown>;
}

/** Terraform block names the Jobs API spells in the plural. */
const API_NAMES: Readonly<Record<string, string>> = {
  task: 'tasks',
  job_cluster: 'job_clusters',
  parameter: 'parameters',
  environment: 'environments',
  library: 'libraries',
};

/** Attributes of the resource (or of Terraform) that are no Jobs API setting. */
const NOT_SETTINGS = new Set([
  'always_running',
  'control_run_state',
  'provider_config',
  'lifecycle',
  'depends_on',
  'provider',
  'count',
  'for_each',
  'id',
]);

/** Maps compared as a whole: a key added in the UI is a difference. */
const MAPS = new Set(['tags', 'custom_tags', 'base_parameters', 'spark_conf', 'spark_env_vars']);

/** Lists of objects compared by a key instead of by position. */
const LIST_KEYS: Readonly<Record<string, string>> = {
  tasks: 'task_key',
  job_clusters: 'job_cluster_key',
  depends_on: 'task_key',
};

const REFERENCE = /\$\{([a-z0-9_]+\.[A-Za-z0-9_-]+)\.([a-z0-9_]+)\}/g;

/** Something the state cannot resolve: not compared. */
const UNKNOWN = Symbol('unknown');

/**
 * Resolves `${type.name.attribute}` references of the synthesized stack against the state; a value
 * with a reference the state cannot answer (or any other expression) becomes {@link UNKNOWN}.
 */
function resolve(value: unknown, state: ReadonlyMap<string, Record<string, unknown>>): unknown {
  if (typeof value === 'string') {
    if (!value.includes('${')) return value;
    let unknown = false;
    const out = value.replace(REFERENCE, (_, address: string, attribute: string) => {
      const v = state.get(address)?.[attribute];
      if (typeof v !== 'string' && typeof v !== 'number') unknown = true;
      return String(v);
    });
    return unknown || out.includes('${') ? UNKNOWN : out;
  }
  if (Array.isArray(value)) return value.map((v) => resolve(v, state));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolve(v, state)]));
  }
  return value;
}

/** The stack's job resource as Jobs API settings (API names, no Terraform-only attributes). */
export function desiredSettings(
  config: JobResourceConfig,
  state: ReadonlyMap<string, Record<string, unknown>> = new Map(),
): Record<string, unknown> {
  const rename = (value: unknown, top: boolean): unknown => {
    if (Array.isArray(value)) return value.map((v) => rename(v, false));
    if (!value || typeof value !== 'object') return value;
    return Object.fromEntries(
      Object.entries(value)
        .filter(([k]) => !k.startsWith('//') && !(top && NOT_SETTINGS.has(k)))
        .map(([k, v]) => [API_NAMES[k] ?? k, MAPS.has(k) ? v : rename(v, false)]),
    );
  };
  return rename(resolve(config, state), true) as Record<string, unknown>;
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** Empty values the API leaves out: absent and empty compare equal. */
const isEmpty = (v: unknown) =>
  v === undefined ||
  v === null ||
  (Array.isArray(v) && v.length === 0) ||
  (isObject(v) && Object.keys(v).length === 0);

/**
 * Field-by-field differences of a live job's settings from the stack's. Every field the stack sets
 * is compared; fields only the workspace sets are not (it fills in defaults), except inside maps
 * (tags, parameters, Spark conf) and lists, which are compared whole.
 */
export function compareSettings(stack: unknown, live: unknown, field = ''): FieldDifference[] {
  if (stack === UNKNOWN) return [];
  if (isEmpty(stack) && isEmpty(live)) return [];
  // The API leaves zero values out of its answers.
  if (live === undefined && (stack === 0 || stack === false || stack === '')) return [];
  const leaf = field.split('.').pop()!.replace(/\[.*$/, '');
  if (MAPS.has(leaf)) {
    const a = (stack ?? {}) as Record<string, unknown>;
    const b = (live ?? {}) as Record<string, unknown>;
    return [...new Set([...Object.keys(a), ...Object.keys(b)])]
      .sort()
      .filter((k) => String(a[k]) !== String(b[k]))
      .map((k) => ({ field: `${field}.${k}`, stack: a[k], live: b[k] }));
  }
  if (Array.isArray(stack)) {
    if (!Array.isArray(live)) return [{ field, stack, live }];
    if (stack.every((v) => !isObject(v))) {
      return JSON.stringify(stack) === JSON.stringify(live) ? [] : [{ field, stack, live }];
    }
    const key = LIST_KEYS[leaf];
    const label = (v: unknown, i: number) => (key && isObject(v) ? String(v[key]) : String(i));
    const liveByLabel = new Map(live.map((v, i) => [label(v, i), v]));
    const stackLabels = new Set(stack.map(label));
    return [
      ...stack.flatMap((v, i) => {
        const l = label(v, i);
        return liveByLabel.has(l)
          ? compareSettings(v, liveByLabel.get(l), `${field}[${l}]`)
          : [{ field: `${field}[${l}]`, stack: v, live: undefined }];
      }),
      ...live
        .map((v, i) => [label(v, i), v] as const)
        .filter(([l]) => !stackLabels.has(l))
        .map(([l, v]) => ({ field: `${field}[${l}]`, stack: undefined, live: v })),
    ];
  }
  if (isObject(stack)) {
    if (!isObject(live)) return [{ field, stack, live }];
    return Object.keys(stack)
      .sort()
      .flatMap((k) => compareSettings(stack[k], live[k], field ? `${field}.${k}` : k));
  }
  // Terraform's JSON may carry numbers and booleans as strings.
  return String(stack) === String(live) ? [] : [{ field, stack, live }];
}

/** JSON with object keys sorted at every level, so the stored files diff cleanly in Git. */
export function sortedJson(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortedJson);
  if (isObject(value)) {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((k) => [k, sortedJson(value[k])]),
    );
  }
  return value;
}

/** File name of a job in the store: its name in lowercase ASCII, e.g. `prod-ingest-orders.json`. */
export function storeFileName(jobName: string): string {
  const slug = jobName
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return `${slug || 'job'}.json`;
}

/** What {@link exportJobs} reads and writes. */
export interface ExportJobsInput {
  readonly environment: string;
  /** The synthesized stack (`cdk.tf.json`), parsed. */
  readonly stack: { readonly resource?: Record<string, Record<string, JobResourceConfig>> };
  /** The resources of the environment's state (`terraform show -json`). */
  readonly state: readonly StateResource[];
  readonly client: WorkspaceClient;
  /** Folder of the store (created when missing). */
  readonly outDir: string;
}

/** The outcome of an export. */
export interface ExportJobsResult {
  readonly jobs: readonly JobComparison[];
  /** Files written (absolute paths). */
  readonly written: readonly string[];
}

/**
 * Reads every job of the environment's stack from the workspace (`jobs/get`), writes its live
 * definition to `<outDir>/<job name>.json` and compares it with the stack. A job deleted in the
 * workspace keeps its last stored file (the record to rehydrate from).
 */
export async function exportJobs(input: ExportJobsInput): Promise<ExportJobsResult> {
  const values = new Map(input.state.map((r) => [r.address, r.values]));
  const jobs: JobComparison[] = [];
  const written: string[] = [];
  fs.mkdirSync(input.outDir, { recursive: true });
  const resources = Object.entries(input.stack.resource?.databricks_job ?? {}).sort(([a], [b]) =>
    a.localeCompare(b),
  );
  for (const [name, config] of resources) {
    const address = `databricks_job.${name}`;
    const stack = desiredSettings(config, values);
    const jobName = String(config.name);
    const jobId = Number(values.get(address)?.id);
    if (!Number.isFinite(jobId)) {
      jobs.push({ address, name: jobName, status: 'not-deployed', differences: [] });
      continue;
    }
    let live: { job_id: number; settings: Record<string, unknown> };
    try {
      live = await readJob(input.client, jobId);
    } catch (e) {
      if (e instanceof WorkspaceApiError && (e.status === 404 || e.errorCode === 'RESOURCE_DOES_NOT_EXIST')) {
        jobs.push({ address, name: jobName, jobId, status: 'deleted', differences: [] });
        continue;
      }
      throw e;
    }
    const record = sortedJson({ job_id: live.job_id, settings: live.settings }) as Record<string, unknown>;
    const file = path.join(input.outDir, storeFileName(jobName));
    fs.writeFileSync(file, `${JSON.stringify(record, null, 2)}\n`);
    written.push(file);
    const differences = compareSettings(stack, live.settings);
    jobs.push({
      address,
      name: jobName,
      jobId,
      status: differences.length > 0 ? 'differs' : 'in-sync',
      differences,
      live: record,
    });
  }
  return { jobs, written };
}

const show = (v: unknown) => (v === undefined ? '(not set)' : JSON.stringify(v));

/** The report of an export, one line per job and one per differing field. */
export function renderExportReport(environment: string, outDir: string, result: ExportJobsResult): string {
  const lines = [`${environment}: ${result.written.length} live job definition(s) written to ${outDir}`];
  for (const job of result.jobs) {
    const id = job.jobId !== undefined ? ` (job ${job.jobId})` : '';
    if (job.status === 'in-sync') lines.push(`  ${job.name}${id}: matches the stack`);
    if (job.status === 'not-deployed') lines.push(`  ${job.name}: not deployed yet (not in the state)`);
    if (job.status === 'deleted') {
      lines.push(
        `  ${job.name}${id}: DELETED in the workspace; its last export stays in ${storeFileName(job.name)}; ` +
          `npm run deploy -- ${environment} recreates it`,
      );
    }
    if (job.status === 'differs') {
      lines.push(`  ${job.name}${id}: ${job.differences.length} field(s) differ from the stack:`);
      for (const d of job.differences)
        lines.push(`    ${d.field}: stack ${show(d.stack)}, live ${show(d.live)}`);
    }
  }
  const drifted = result.jobs.filter((j) => j.status === 'differs' || j.status === 'deleted').length;
  lines.push(
    drifted === 0
      ? 'Every live job matches the stack.'
      : `${drifted} job(s) differ from the stack; npm run deploy -- ${environment} puts them back as the stack declares.`,
  );
  return lines.join('\n');
}
