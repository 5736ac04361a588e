import * as fs from 'node:fs';
import * as path from 'node:path';
import { IDENTITY_TAG } from '../lib/vocabulary';
import { TerraformRunner } from './terraform-runner';
import { WorkspaceClient } from './workspace-client';

/** An object the stack declares, with the identity it carries in the workspace. */
export interface DeclaredObject {
  /** Terraform address, e.g. `databricks_job.Jobs_etl_Resource_1A2B3C4D`. */
  readonly address: string;
  readonly type: ManagedType;
  /** The identity tag's value (jobs, clusters) or the unique name or path (the others). */
  readonly identity: string;
}

/** An object of this stack in the workspace that state does not know. */
export interface Orphan {
  readonly type: ManagedType;
  /** Its id in the workspace (the id `terraform import` takes). */
  readonly id: string;
  /** Its name or path, for people. */
  readonly label: string;
  readonly identity: string;
  /** The address it belongs to in the code, if the code still declares it. */
  readonly address?: string;
  /** True when state already has an object at `address`: this one is a twin, to delete. */
  readonly twin: boolean;
}

/** The resource types whose objects are reconciled, and how each is listed, named and deleted. */
const KINDS = {
  databricks_job: { noun: 'job', identityOf: (r: Attrs) => tag(r.tags) },
  databricks_cluster: { noun: 'cluster', identityOf: (r: Attrs) => tag(r.custom_tags) },
  databricks_cluster_policy: { noun: 'cluster policy', identityOf: (r: Attrs) => str(r.name) },
  databricks_secret_scope: { noun: 'secret scope', identityOf: (r: Attrs) => str(r.name) },
  databricks_repo: { noun: 'Git folder', identityOf: (r: Attrs) => str(r.path) },
  databricks_sql_endpoint: { noun: 'SQL warehouse', identityOf: (r: Attrs) => str(r.name) },
  databricks_dashboard: { noun: 'dashboard', identityOf: (r: Attrs) => str(r.display_name) },
} as const;
export type ManagedType = keyof typeof KINDS;

type Attrs = Record<string, unknown>;
const str = (v: unknown) => (typeof v === 'string' && !v.includes('${') ? v : undefined);
const tag = (tags: unknown) => str((tags as Attrs | undefined)?.[IDENTITY_TAG]);

interface StackJson {
  '//'?: { metadata?: { stackName?: string } };
  resource?: Record<string, Record<string, Attrs>>;
  provider?: { databricks?: Array<{ host?: string }> };
}

/** The objects a synthesized stack declares that can be orphaned, with their identities. */
export function declaredObjects(stack: StackJson): DeclaredObject[] {
  const out: DeclaredObject[] = [];
  for (const [type, kind] of Object.entries(KINDS) as Array<[ManagedType, (typeof KINDS)[ManagedType]]>) {
    for (const [name, attrs] of Object.entries(stack.resource?.[type] ?? {})) {
      const identity = kind.identityOf(attrs);
      if (identity) out.push({ address: `${type}.${name}`, type, identity });
    }
  }
  return out;
}

/** The `project` and `environment` tags of the stack's jobs and clusters. */
function stackTags(stack: StackJson): { project?: string; environment?: string } {
  for (const type of ['databricks_job', 'databricks_cluster'] as const) {
    for (const r of Object.values(stack.resource?.[type] ?? {})) {
      const tags = (type === 'databricks_job' ? r.tags : r.custom_tags) as Attrs | undefined;
      if (tags?.project && tags.environment)
        return { project: str(tags.project), environment: str(tags.environment) };
    }
  }
  return {};
}

/** What state knows: the ids of each type and the addresses it holds. */
export interface StateIndex {
  readonly ids: ReadonlyMap<string, ReadonlySet<string>>;
  readonly addresses: ReadonlySet<string>;
}

/** Indexes a state (`terraform state pull`). */
export function indexState(state: {
  resources?: Array<{ mode: string; type: string; name: string; instances: Array<{ attributes?: Attrs }> }>;
}): StateIndex {
  const ids = new Map<string, Set<string>>();
  const addresses = new Set<string>();
  for (const r of state.resources ?? []) {
    if (r.mode !== 'managed') continue;
    // An apply registers a resource before its object exists: count only instances with an id.
    const set = ids.get(r.type) ?? new Set<string>();
    for (const i of r.instances) {
      if (i.attributes?.id === undefined) continue;
      set.add(String(i.attributes.id));
      addresses.add(`${r.type}.${r.name}`);
    }
    ids.set(r.type, set);
  }
  return { ids, addresses };
}

/** An object in the workspace that may belong to the stack. */
interface Candidate {
  readonly type: ManagedType;
  readonly id: string;
  readonly label: string;
  readonly identity: string;
}

async function pages<T>(
  client: WorkspaceClient,
  api: string,
  key: string,
  query: Record<string, string | number>,
  tokenParam = 'page_token',
): Promise<T[]> {
  const out: T[] = [];
  let token: string | undefined;
  do {
    const body = await client.get<Record<string, unknown>>(api, {
      ...query,
      ...(token ? { [tokenParam]: token } : {}),
    });
    out.push(...((body[key] as T[] | undefined) ?? []));
    token = body.next_page_token as string | undefined;
  } while (token);
  return out;
}

/** Lists the workspace's objects that carry this stack's identity (tags) or a name it declares. */
async function candidates(
  client: WorkspaceClient,
  stack: StackJson,
  declared: readonly DeclaredObject[],
): Promise<Candidate[]> {
  const { project, environment } = stackTags(stack);
  // The stack's own objects: their identity is a construct path in it (a partitioned environment's
  // stacks share the project and environment tags).
  const stackName = stack['//']?.metadata?.stackName;
  const ours = (tags: Attrs | undefined) =>
    tags?.project === project &&
    tags?.environment === environment &&
    typeof tags?.[IDENTITY_TAG] === 'string' &&
    (stackName === undefined || String(tags[IDENTITY_TAG]).startsWith(`${stackName}/`));
  const names = (type: ManagedType) =>
    new Set(declared.filter((d) => d.type === type).map((d) => d.identity));
  const out: Candidate[] = [];
  if (project && environment) {
    type Job = { job_id: number; settings?: { name?: string; tags?: Attrs } };
    for (const j of await pages<Job>(client, '/api/2.1/jobs/list', 'jobs', { limit: 100 })) {
      if (ours(j.settings?.tags))
        out.push({
          type: 'databricks_job',
          id: String(j.job_id),
          label: j.settings?.name ?? '',
          identity: String(j.settings!.tags![IDENTITY_TAG]),
        });
    }
    type Cluster = { cluster_id: string; cluster_name?: string; custom_tags?: Attrs };
    for (const c of await pages<Cluster>(client, '/api/2.1/clusters/list', 'clusters', { page_size: 100 })) {
      if (ours(c.custom_tags))
        out.push({
          type: 'databricks_cluster',
          id: c.cluster_id,
          label: c.cluster_name ?? '',
          identity: String(c.custom_tags![IDENTITY_TAG]),
        });
    }
  }
  const policyNames = names('databricks_cluster_policy');
  if (policyNames.size > 0) {
    type Policy = { policy_id: string; name: string };
    const { policies = [] } = await client.get<{ policies?: Policy[] }>('/api/2.0/policies/clusters/list');
    for (const p of policies.filter((p) => policyNames.has(p.name)))
      out.push({ type: 'databricks_cluster_policy', id: p.policy_id, label: p.name, identity: p.name });
  }
  const scopeNames = names('databricks_secret_scope');
  if (scopeNames.size > 0) {
    const { scopes = [] } = await client.get<{ scopes?: Array<{ name: string }> }>(
      '/api/2.0/secrets/scopes/list',
    );
    for (const s of scopes.filter((s) => scopeNames.has(s.name)))
      out.push({ type: 'databricks_secret_scope', id: s.name, label: s.name, identity: s.name });
  }
  for (const repoPath of names('databricks_repo')) {
    type Repo = { id: number; path: string };
    const repos = await pages<Repo>(
      client,
      '/api/2.0/repos',
      'repos',
      { path_prefix: repoPath },
      'next_page_token',
    );
    for (const r of repos.filter((r) => r.path === repoPath))
      out.push({ type: 'databricks_repo', id: String(r.id), label: r.path, identity: r.path });
  }
  const warehouseNames = names('databricks_sql_endpoint');
  if (warehouseNames.size > 0) {
    type Warehouse = { id: string; name: string };
    const { warehouses = [] } = await client.get<{ warehouses?: Warehouse[] }>('/api/2.0/sql/warehouses');
    for (const w of warehouses.filter((w) => warehouseNames.has(w.name)))
      out.push({ type: 'databricks_sql_endpoint', id: w.id, label: w.name, identity: w.name });
  }
  const dashboardNames = names('databricks_dashboard');
  if (dashboardNames.size > 0) {
    type Dashboard = { dashboard_id: string; display_name: string; path?: string };
    const dashboards = await pages<Dashboard>(client, '/api/2.0/lakeview/dashboards', 'dashboards', {
      page_size: 100,
    });
    for (const d of dashboards.filter((d) => dashboardNames.has(d.display_name)))
      out.push({
        type: 'databricks_dashboard',
        id: d.dashboard_id,
        label: d.path ?? d.display_name,
        identity: d.display_name,
      });
  }
  return out;
}

/**
 * Reconciles the workspace with state: the objects carrying this stack's identity (jobs and
 * clusters by their tags, policies, secret scopes, Git folders, SQL warehouses and dashboards by the
 * unique names the stack gives them) whose ids state does not hold. Queries and alerts are not
 * reconciled: their names need not be unique, and a twin is harmless (the alert job names its alerts
 * by id).
 */
export async function findOrphans(
  client: WorkspaceClient,
  stack: StackJson,
  state: StateIndex,
): Promise<Orphan[]> {
  const declared = declaredObjects(stack);
  const byIdentity = new Map(declared.map((d) => [`${d.type} ${d.identity}`, d.address]));
  return (await candidates(client, stack, declared))
    .filter((c) => !state.ids.get(c.type)?.has(c.id))
    .map((c) => {
      const address = byIdentity.get(`${c.type} ${c.identity}`);
      return {
        ...c,
        ...(address ? { address } : {}),
        twin: address !== undefined && state.addresses.has(address),
      };
    });
}

/** The stack's synthesized config. */
export function readStack(stackDir: string): StackJson {
  return JSON.parse(fs.readFileSync(path.join(stackDir, 'cdk.tf.json'), 'utf8')) as StackJson;
}

/** A workspace client for the host the stack's provider targets (credentials from `env`). */
export function stackClient(stack: StackJson, env: NodeJS.ProcessEnv): WorkspaceClient {
  const host = stack.provider?.databricks?.[0]?.host ?? env.DATABRICKS_HOST;
  if (!host) throw new Error('The stack names no workspace host (provider.databricks.host).');
  return new WorkspaceClient({ host, env });
}

/** Reconciles one synthesized, initialised stack: its orphans. */
export async function reconcileStack(runner: TerraformRunner, env: NodeJS.ProcessEnv): Promise<Orphan[]> {
  const stack = readStack(runner.stackDir);
  const pulled = runner.run(['state', 'pull']).stdout.trim();
  const state = indexState(pulled ? (JSON.parse(pulled) as Parameters<typeof indexState>[0]) : {});
  return findOrphans(stackClient(stack, env), stack, state);
}

/** Whether `--adopt` imports the orphan (its address is free in state) or `--delete` removes it. */
export function adoptable(o: Orphan): o is Orphan & { address: string } {
  return o.address !== undefined && !o.twin;
}

/** One line per orphan and the commands that resolve them. */
export function describeOrphans(environment: string, orphans: readonly Orphan[]): string {
  const lines = orphans.map((o) => {
    const what = `${KINDS[o.type].noun} ${o.id} "${o.label}" (${o.identity})`;
    if (adoptable(o)) return `  - ${what}: adopt as ${o.address} (terraform import ${o.address} ${o.id})`;
    if (o.address) return `  - ${what}: a twin of ${o.address}, which state already has: delete it`;
    return `  - ${what}: the code no longer declares it: delete it`;
  });
  const adopt = orphans.some(adoptable);
  const del = orphans.some((o) => !adoptable(o));
  return (
    `${orphans.length} object(s) of ${environment} exist in the workspace but not in its state ` +
    `(created by an apply that was killed before it wrote state, or state was lost):\n${lines.join('\n')}\n` +
    `Resolve with ${[adopt && `\`npm run state -- orphans ${environment} --adopt\``, del && `\`npm run state -- orphans ${environment} --delete\``].filter(Boolean).join(' and ')} ` +
    '(docs/RUNBOOK-state.md, "Orphans").'
  );
}

/** Imports each adoptable orphan into its address; returns the addresses adopted. */
export function adoptOrphans(
  runner: TerraformRunner,
  orphans: readonly Orphan[],
  log: (l: string) => void,
): string[] {
  const done: string[] = [];
  for (const o of orphans.filter(adoptable)) {
    log(`• terraform import ${o.address} ${o.id}`);
    runner.run(['import', '-input=false', '-no-color', o.address, o.id]);
    done.push(o.address);
  }
  return done;
}

/** Deletes each orphan that cannot be adopted (twins, and objects the code no longer declares). */
export async function deleteOrphans(
  client: WorkspaceClient,
  orphans: readonly Orphan[],
  log: (l: string) => void,
): Promise<number> {
  let n = 0;
  for (const o of orphans.filter((o) => !adoptable(o))) {
    log(`• deleting ${KINDS[o.type].noun} ${o.id} "${o.label}"`);
    switch (o.type) {
      case 'databricks_job':
        await client.send('POST', '/api/2.1/jobs/delete', { job_id: Number(o.id) });
        break;
      case 'databricks_cluster':
        await client.send('POST', '/api/2.1/clusters/permanent-delete', { cluster_id: o.id });
        break;
      case 'databricks_cluster_policy':
        await client.send('POST', '/api/2.0/policies/clusters/delete', { policy_id: o.id });
        break;
      case 'databricks_secret_scope':
        await client.send('POST', '/api/2.0/secrets/scopes/delete', { scope: o.id });
        break;
      case 'databricks_repo':
        await client.send('DELETE', `/api/2.0/repos/${o.id}`);
        break;
      case 'databricks_sql_endpoint':
        await client.send('DELETE', `/api/2.0/sql/warehouses/${o.id}`);
        break;
      case 'databricks_dashboard':
        await client.send('DELETE', `/api/2.0/lakeview/dashboards/${o.id}`);
    }
    n++;
  }
  return n;
}
