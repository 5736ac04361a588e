import { declaredObjects, describeOrphans, findOrphans, indexState } from '../../ops/orphans';
import { WorkspaceClient } from '../../ops/workspace-client';

const TAGS = { project: 'demo', environment: 'dev' };
const STACK = {
  provider: { databricks: [{ host: 'https://example.test' }] },
  resource: {
    databricks_job: {
      Etl_Resource_1: { name: 'Dev – etl', tags: { ...TAGS, cdktf_path: 'dev/Etl/Resource' } },
      Smoke_Resource_2: { name: 'Dev – smoke', tags: { ...TAGS, cdktf_path: 'dev/Smoke/Resource' } },
    },
    databricks_cluster: {
      Shared_Resource_3: {
        cluster_name: 'demo-dev',
        custom_tags: { ...TAGS, cdktf_path: 'dev/Shared/Resource' },
      },
    },
    databricks_secret_scope: { Secrets_4: { name: 'demo-dev' } },
    databricks_repo: { Repo_5: { path: '${var.unresolved}' } },
    databricks_sql_endpoint: { Warehouse_6: { name: 'Dev – job health' } },
    databricks_dashboard: { Dashboard_7: { display_name: 'Dev – job health', parent_path: '${x.path}' } },
  },
};

/** A workspace answering the list calls with these objects. */
function workspace(objects: {
  jobs?: unknown[];
  clusters?: unknown[];
  scopes?: unknown[];
  warehouses?: unknown[];
  dashboards?: unknown[];
}): WorkspaceClient {
  const fetchImpl = (async (url: string) => {
    const p = new URL(url).pathname;
    const body =
      p === '/api/2.1/jobs/list'
        ? { jobs: objects.jobs ?? [] }
        : p === '/api/2.1/clusters/list'
          ? { clusters: objects.clusters ?? [] }
          : p === '/api/2.0/secrets/scopes/list'
            ? { scopes: objects.scopes ?? [] }
            : p === '/api/2.0/sql/warehouses'
              ? { warehouses: objects.warehouses ?? [] }
              : p === '/api/2.0/lakeview/dashboards'
                ? { dashboards: objects.dashboards ?? [] }
                : {};
    return new Response(JSON.stringify(body), { status: 200 });
  }) as typeof fetch;
  return new WorkspaceClient({ host: 'https://example.test', env: { DATABRICKS_TOKEN: 't' }, fetchImpl });
}

const job = (id: number, path: string, tags: Record<string, string> = TAGS) => ({
  job_id: id,
  settings: { name: `job ${id}`, tags: { ...tags, cdktf_path: path } },
});

describe('declaredObjects', () => {
  it('gives jobs and clusters their identity tag and named objects their name, skipping unresolved values', () => {
    expect(declaredObjects(STACK)).toEqual([
      { address: 'databricks_job.Etl_Resource_1', type: 'databricks_job', identity: 'dev/Etl/Resource' },
      { address: 'databricks_job.Smoke_Resource_2', type: 'databricks_job', identity: 'dev/Smoke/Resource' },
      {
        address: 'databricks_cluster.Shared_Resource_3',
        type: 'databricks_cluster',
        identity: 'dev/Shared/Resource',
      },
      { address: 'databricks_secret_scope.Secrets_4', type: 'databricks_secret_scope', identity: 'demo-dev' },
      {
        address: 'databricks_sql_endpoint.Warehouse_6',
        type: 'databricks_sql_endpoint',
        identity: 'Dev – job health',
      },
      {
        address: 'databricks_dashboard.Dashboard_7',
        type: 'databricks_dashboard',
        identity: 'Dev – job health',
      },
    ]);
  });
});

describe('indexState', () => {
  it('counts only instances with an id (an apply registers a resource before its object exists)', () => {
    const index = indexState({
      resources: [
        {
          mode: 'managed',
          type: 'databricks_job',
          name: 'Etl_Resource_1',
          instances: [{ attributes: { id: '11' } }],
        },
        { mode: 'managed', type: 'databricks_job', name: 'Smoke_Resource_2', instances: [] },
        {
          mode: 'data',
          type: 'databricks_current_user',
          name: 'me',
          instances: [{ attributes: { id: 'x' } }],
        },
      ],
    });
    expect([...index.addresses]).toEqual(['databricks_job.Etl_Resource_1']);
    expect([...(index.ids.get('databricks_job') ?? [])]).toEqual(['11']);
  });
});

describe('findOrphans', () => {
  const state = indexState({
    resources: [
      {
        mode: 'managed',
        type: 'databricks_job',
        name: 'Etl_Resource_1',
        instances: [{ attributes: { id: '11' } }],
      },
    ],
  });

  it('finds objects with the stack identity that state does not know: adoptable, twins and undeclared ones', async () => {
    const orphans = await findOrphans(
      workspace({
        jobs: [
          job(11, 'dev/Etl/Resource'), // in state
          job(12, 'dev/Etl/Resource'), // twin of a job state has
          job(13, 'dev/Smoke/Resource'), // state lacks its address: adopt
          job(14, 'dev/Gone/Resource'), // no longer declared
          job(15, 'dev/Smoke/Resource', { project: 'other', environment: 'dev' }), // another project's
        ],
        clusters: [
          {
            cluster_id: 'c-1',
            cluster_name: 'demo-dev',
            custom_tags: { ...TAGS, cdktf_path: 'dev/Shared/Resource' },
          },
        ],
        scopes: [{ name: 'demo-dev' }, { name: 'someone-else' }],
        warehouses: [
          { id: 'w1', name: 'Dev – job health' },
          { id: 'w2', name: 'Prod – job health' },
        ],
        dashboards: [{ dashboard_id: 'd1', display_name: 'Dev – job health', path: '/Shared/demo/dev/x' }],
      }),
      STACK,
      state,
    );
    expect(orphans.map((o) => [o.type, o.id, o.address ?? null, o.twin])).toEqual([
      ['databricks_job', '12', 'databricks_job.Etl_Resource_1', true],
      ['databricks_job', '13', 'databricks_job.Smoke_Resource_2', false],
      ['databricks_job', '14', null, false],
      ['databricks_cluster', 'c-1', 'databricks_cluster.Shared_Resource_3', false],
      ['databricks_secret_scope', 'demo-dev', 'databricks_secret_scope.Secrets_4', false],
      ['databricks_sql_endpoint', 'w1', 'databricks_sql_endpoint.Warehouse_6', false],
      ['databricks_dashboard', 'd1', 'databricks_dashboard.Dashboard_7', false],
    ]);
    expect(describeOrphans('dev', orphans)).toContain(
      'SQL warehouse w1 "Dev – job health" (Dev – job health): adopt as databricks_sql_endpoint.Warehouse_6',
    );
    const text = describeOrphans('dev', orphans);
    expect(text).toContain('job 13 "job 13" (dev/Smoke/Resource): adopt as databricks_job.Smoke_Resource_2');
    expect(text).toContain('job 12 "job 12" (dev/Etl/Resource): a twin of databricks_job.Etl_Resource_1');
    expect(text).toContain('job 14 "job 14" (dev/Gone/Resource): the code no longer declares it: delete it');
    expect(text).toContain(
      '`npm run state -- orphans dev --adopt` and `npm run state -- orphans dev --delete`',
    );
  });

  it('finds none when the workspace holds exactly what state knows', async () => {
    expect(await findOrphans(workspace({ jobs: [job(11, 'dev/Etl/Resource')] }), STACK, state)).toEqual([]);
  });
});
