/**
 * Readers for the parts of synthesized Databricks resources the rules look at: the cluster specs
 * of a cluster or a job, and the notebook tasks of a job. Keys are Terraform's snake_case.
 */

type Json = Readonly<Record<string, unknown>>;

/** One cluster spec: an all-purpose cluster, or a job cluster (shared or a task's own). */
export interface ClusterSpec {
  /** Where in the resource, e.g. `job_cluster[0].new_cluster`; empty for a `databricks_cluster`. */
  readonly at: string;
  readonly spec: Json;
}

/** One notebook task of a job. */
export interface NotebookTask {
  /** Where in the resource, e.g. `task[0].notebook_task`. */
  readonly at: string;
  readonly notebookPath: unknown;
  readonly baseParameters: Json;
}

const objects = (value: unknown): Json[] =>
  (Array.isArray(value) ? value : value === undefined || value === null ? [] : [value]).filter(
    (v): v is Json => typeof v === 'object' && v !== null,
  );

/** Readable location: `job_cluster[0].new_cluster`, or `the cluster` for a whole cluster resource. */
export function where(at: string): string {
  return at === '' ? 'the cluster' : at;
}

/**
 * The setting a finding at `at` is about, as `SettingOrigins` keys (lib/policy/setting-origin.ts) name it: the attribute path
 * without list indices, e.g. `job_cluster.new_cluster.data_security_mode` for `job_cluster[0].new_cluster`
 * and `data_security_mode`; `parts` are appended (an attribute, an entry's name).
 */
export function settingAt(at: string, ...parts: string[]): string {
  return [at.replace(/\[\d+\]/g, ''), ...parts].filter((p) => p !== '').join('.');
}

/** The cluster specs of a `databricks_cluster` (itself) or a `databricks_job` (its job clusters and task clusters). */
export function clusterSpecs(type: string, config: Json): ClusterSpec[] {
  if (type === 'databricks_cluster') return [{ at: '', spec: config }];
  if (type !== 'databricks_job') return [];
  const specs: ClusterSpec[] = [];
  objects(config.job_cluster).forEach((jc, i) =>
    objects(jc.new_cluster).forEach((spec) => specs.push({ at: `job_cluster[${i}].new_cluster`, spec })),
  );
  objects(config.task).forEach((t, i) =>
    objects(t.new_cluster).forEach((spec) => specs.push({ at: `task[${i}].new_cluster`, spec })),
  );
  return specs;
}

/** The notebook tasks of a `databricks_job`. */
export function notebookTasks(config: Json): NotebookTask[] {
  const tasks: NotebookTask[] = [];
  objects(config.task).forEach((t, i) =>
    objects(t.notebook_task).forEach((nt) =>
      tasks.push({
        at: `task[${i}].notebook_task`,
        notebookPath: nt.notebook_path,
        baseParameters: objects(nt.base_parameters)[0] ?? {},
      }),
    ),
  );
  return tasks;
}

/** A string map attribute (tags, spark_conf, ...) as a plain record; empty when absent. */
export function stringMap(value: unknown): Readonly<Record<string, unknown>> {
  return objects(value)[0] ?? {};
}

/** The objects of a block attribute (a list of blocks, or one block). */
export function blocks(value: unknown): Json[] {
  return objects(value);
}
