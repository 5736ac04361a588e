/** One attribute a reviewer reads first on a created resource, ready to show. */
export interface KeyAttribute {
  /** Label in a reviewer's words, e.g. `schedule` or `run as`. */
  readonly name: string;
  readonly value: string;
}

type Json = Record<string, unknown>;

/**
 * What a reviewer must see of a resource the plan creates, by type (values Terraform knows only
 * after apply are left out): a job's name, notebooks, schedule and pause status, compute and
 * run-as identity; a cluster's runtime, node type, size and access mode; a permissions object's
 * grants, principal → level; a secret ACL's principal and permission; else its name or path.
 * @param after the change's planned `after` value
 * @param afterUnknown the change's `after_unknown` mask (a task's cluster id may be known only after apply)
 */
export function keyAttributes(type: string, after: unknown, afterUnknown?: unknown): KeyAttribute[] {
  if (!isRecord(after)) return [];
  const found: KeyAttribute[] = [];
  const add = (name: string, value: unknown) => {
    if (typeof value === 'string' ? value !== '' : typeof value === 'number' || typeof value === 'boolean')
      found.push({ name, value: String(value) });
  };
  switch (type) {
    case 'databricks_job': {
      add('name', after.name);
      const tasks = blocks(after.task);
      add('notebook', list(tasks.map((t) => first(t.notebook_task)?.notebook_path)));
      const alertTasks = tasks.filter((t) => first(first(t.sql_task)?.alert)).length;
      if (alertTasks > 0) add('SQL alert tasks', alertTasks);
      const schedule = first(after.schedule);
      if (schedule)
        add(
          'schedule',
          `${String(schedule.quartz_cron_expression)} ${String(schedule.timezone_id ?? '')}`.trim() +
            ` (${String(schedule.pause_status || 'UNPAUSED')})`,
        );
      else add('schedule', 'none (runs only when triggered)');
      add(
        'compute',
        jobCompute(after, tasks, blocksOrTrue(isRecord(afterUnknown) ? afterUnknown.task : undefined)),
      );
      const runAs = first(after.run_as);
      add('run as', runAs?.service_principal_name || runAs?.user_name || 'the job owner');
      break;
    }
    case 'databricks_cluster':
      clusterAttributes(after).forEach((a) => found.push(a));
      break;
    case 'databricks_permissions':
      add(
        'grants',
        list(blocks(after.access_control).map((ac) => `${principalOf(ac)} → ${String(ac.permission_level)}`)),
      );
      break;
    case 'databricks_sql_endpoint':
      add('name', after.name);
      add('size', after.cluster_size);
      if (typeof after.auto_stop_mins === 'number')
        add('auto stop', after.auto_stop_mins === 0 ? 'never' : `after ${after.auto_stop_mins} idle minutes`);
      add('serverless', after.enable_serverless_compute);
      break;
    case 'databricks_alert': {
      add('name', after.display_name);
      const condition = first(after.condition);
      const column = first(first(condition?.operand)?.column)?.name;
      const value = first(first(condition?.threshold)?.value);
      const threshold = value?.double_value ?? value?.string_value ?? value?.bool_value;
      if (condition && column !== undefined)
        add('triggers when', `${String(column)} ${String(condition.op)} ${String(threshold ?? '')}`.trim());
      break;
    }
    case 'databricks_secret_acl':
      add('grant', `${String(after.principal)} → ${String(after.permission)} on ${String(after.scope)}`);
      break;
    default:
      add('name', after.name ?? after.cluster_name ?? after.key ?? after.display_name);
      add('path', after.path);
      add('url', after.url);
      add('branch', after.branch ?? after.tag);
  }
  return found;
}

/** A permissions entry's principal in words: `group data-engineers`, `user a@b.c`, `service principal <id>`. */
export function principalOf(entry: Json): string {
  if (entry.group_name) return `group ${String(entry.group_name)}`;
  if (entry.user_name) return `user ${String(entry.user_name)}`;
  if (entry.service_principal_name) return `service principal ${String(entry.service_principal_name)}`;
  return 'unknown principal';
}

function clusterAttributes(cluster: Json): KeyAttribute[] {
  const found: KeyAttribute[] = [];
  const autoscale = first(cluster.autoscale);
  const size = autoscale
    ? `${String(autoscale.min_workers)}–${String(autoscale.max_workers)} workers (autoscale)`
    : typeof cluster.num_workers === 'number'
      ? `${cluster.num_workers} worker${cluster.num_workers === 1 ? '' : 's'}`
      : undefined;
  const entries: Array<[string, unknown]> = [
    ['name', cluster.cluster_name],
    ['runtime', cluster.spark_version],
    ['node type', cluster.node_type_id ?? cluster.instance_pool_id],
    ['size', size],
    ['access mode', cluster.data_security_mode ?? 'default (set by the policy or workspace)'],
    ['policy', cluster.policy_id],
  ];
  for (const [name, value] of entries)
    if (typeof value === 'string' && value !== '') found.push({ name, value });
  return found;
}

function jobCompute(job: Json, tasks: Json[], unknownTasks: ReadonlyArray<Json | true>): string | undefined {
  const parts = new Set<string>();
  for (const jc of blocks(job.job_cluster)) {
    const c = first(jc.new_cluster);
    if (c)
      parts.add(
        `job cluster ${String(jc.job_cluster_key)}: ${clusterAttributes(c)
          .filter((a) => a.name !== 'name')
          .map((a) => a.value)
          .join(', ')}`,
      );
  }
  tasks.forEach((t, i) => {
    const unknown = unknownTasks[i];
    if (unknown === true || (unknown && unknown.existing_cluster_id === true))
      parts.add('an all-purpose cluster of this stack (id known after apply)');
    const c = first(t.new_cluster);
    if (c)
      parts.add(
        `task cluster: ${clusterAttributes(c)
          .filter((a) => a.name !== 'name')
          .map((a) => a.value)
          .join(', ')}`,
      );
    if (typeof t.existing_cluster_id === 'string' && t.existing_cluster_id)
      parts.add(`cluster ${t.existing_cluster_id}`);
    if (typeof t.environment_key === 'string' && t.environment_key)
      parts.add(`serverless (${t.environment_key})`);
  });
  return list([...parts]);
}

function blocks(value: unknown): Json[] {
  return Array.isArray(value) ? value.filter(isRecord) : [];
}

function blocksOrTrue(value: unknown): ReadonlyArray<Json | true> {
  return Array.isArray(value) ? value.map((v) => (v === true ? true : isRecord(v) ? v : {})) : [];
}

function first(value: unknown): Json | undefined {
  return blocks(value)[0];
}

function list(values: readonly unknown[]): string | undefined {
  const shown = values.filter((v): v is string => typeof v === 'string' && v !== '');
  return shown.length > 0 ? [...new Set(shown)].join(', ') : undefined;
}

function isRecord(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
