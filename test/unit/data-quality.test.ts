import { DATA_QUALITY_ASSET, DataQualityNotebook, TableChecks } from '../../lib/data-quality';
import { Principal } from '../../lib/principal';
import { RepoMount } from '../../lib/repo-mount';
import { SmokeTestJob } from '../../lib/smoke-test-job';
import { WorkflowJob } from '../../lib/workflow-job';
import {
  constructFixture,
  ConstructFixture,
  projectNotebook,
  REQUIRED_TAGS,
} from '../helpers/construct-fixture';
import { resourcesOf, synthJson } from '../helpers/synthesized';

const ORDERS: TableChecks = {
  table: 'main.sales.orders',
  rowCount: { min: 1 },
  nullRate: [{ column: 'order_id', max: 0 }],
  distinctCount: [{ column: 'status', min: 2, max: 12 }],
  freshness: { column: 'ingested_at', maxAgeHours: 26 },
};

function setUp() {
  const f = constructFixture();
  const notebook = new DataQualityNotebook(f.stack, 'DataQuality', {
    folder: f.folder,
    notebookFile: projectNotebook(DATA_QUALITY_ASSET),
  });
  const repoMount = new RepoMount(f.stack, 'RepoMount', {
    url: 'https://github.com/acme/demo.git',
    path: '/Repos/bot@acme.example/demo-dev',
    branch: 'main',
  });
  repoMount.grant(Principal.group('platform-admins'), 'CAN_MANAGE');
  return { f, notebook, repoMount };
}

function jobProps(f: ConstructFixture) {
  return {
    compute: { jobCluster: { policy: f.policy(), nodeTypeId: 'i3.xlarge', numWorkers: 1 } },
    tags: { ...REQUIRED_TAGS },
  };
}

function synthesizedTasks(f: ConstructFixture) {
  const jobs = Object.values(resourcesOf(synthJson(f.stack), 'databricks_job'));
  return jobs.map(
    (j) =>
      j.task as Array<{
        task_key: string;
        notebook_task: { base_parameters: Record<string, string> };
      }>,
  );
}

describe('DataQualityNotebook', () => {
  it('uploads the shipped notebook to ops/data_quality in the folder', () => {
    const { f } = setUp();
    const [notebook] = Object.values(resourcesOf(synthJson(f.stack), 'databricks_notebook'));
    expect(notebook).toMatchObject({ path: '/Shared/demo/dev/ops/data_quality', language: 'PYTHON' });
    expect(Buffer.from(notebook.content_base64 as string, 'base64').toString()).toContain('def evaluate(');
  });

  it("runs the checks as a task after the workflow's notebook, with the checks as JSON", () => {
    const { f, notebook, repoMount } = setUp();
    const job = new WorkflowJob(f.stack, 'Ingest', {
      ...jobProps(f),
      jobName: 'Dev – ingest-orders',
      repoMount,
      notebook: 'notebooks/workflows/ingest_orders',
      dataQuality: { notebook, outputs: [ORDERS] },
    });
    job.grant(Principal.group('platform-admins'), 'CAN_MANAGE');
    const [tasks] = synthesizedTasks(f);
    // Listed by task key (as the provider reads them back); run after main.
    expect(tasks.map((t) => t.task_key)).toEqual(['data_quality', 'main']);
    expect(tasks[0]).toMatchObject({
      depends_on: [{ task_key: 'main' }],
      notebook_task: {
        notebook_path: expect.stringMatching(/^\$\{databricks_notebook\.DataQuality_Notebook_\w+\.path\}$/),
        source: 'WORKSPACE',
      },
    });
    expect(JSON.parse(tasks[0].notebook_task.base_parameters.checks)).toEqual([ORDERS]);
    expect(tasks[0].notebook_task.base_parameters.table_overrides).toBeUndefined();
  });

  it('adds no task when no output table is declared', () => {
    const { f, notebook, repoMount } = setUp();
    const job = new WorkflowJob(f.stack, 'Ingest', {
      ...jobProps(f),
      jobName: 'Dev – ingest-orders',
      repoMount,
      notebook: 'notebooks/workflows/ingest_orders',
      dataQuality: { notebook, outputs: [] },
    });
    job.grant(Principal.group('platform-admins'), 'CAN_MANAGE');
    expect(synthesizedTasks(f)[0].map((t) => t.task_key)).toEqual(['main']);
  });

  it('ends the smoke job with the checks of every declared table', () => {
    const { f, notebook, repoMount } = setUp();
    const job = new SmokeTestJob(f.stack, 'Smoke', {
      ...jobProps(f),
      jobName: 'Dev – smoke-tests',
      repoMount,
      notebooks: ['notebooks/smoke_tests/run_smoke_tests'],
      dataQuality: { notebook, outputs: [ORDERS, { table: 'main.sales.customers', rowCount: { min: 1 } }] },
    });
    job.grant(Principal.group('platform-admins'), 'CAN_MANAGE');
    const [tasks] = synthesizedTasks(f);
    expect(tasks.map((t) => t.task_key)).toEqual(['data_quality', 'smoke_1_run_smoke_tests']);
    expect(tasks[0]).toMatchObject({ depends_on: [{ task_key: 'smoke_1_run_smoke_tests' }] });
    expect(
      JSON.parse(tasks[0].notebook_task.base_parameters.checks).map((c: TableChecks) => c.table),
    ).toEqual(['main.sales.orders', 'main.sales.customers']);
  });

  it('checks other tables with the same thresholds when given table overrides (the canary)', () => {
    const { notebook } = setUp();
    const task = notebook.task('Jobs/x', [ORDERS], { 'main.sales.orders': 'canary.sales.orders' });
    expect(JSON.parse(task.parameters!.table_overrides)).toEqual({
      'main.sales.orders': 'canary.sales.orders',
    });
  });

  it.each<[string, TableChecks, RegExp]>([
    [
      'a table name is not three-part',
      { table: 'orders', rowCount: { min: 1 } },
      /\.table: expected catalog\.schema\.table, found "orders"/,
    ],
    ['a table declares no check', { table: 'a.b.c' }, /declares no check; add rowCount/],
    [
      'a range is reversed',
      { table: 'a.b.c', rowCount: { min: 5, max: 1 } },
      /rowCount: min \(5\) must not exceed max \(1\); swap them/,
    ],
    [
      'a bound is negative',
      { table: 'a.b.c', distinctCount: [{ column: 's', min: -1 }] },
      /distinctCount\[0\]\.min: expected a number of at least 0, found -1/,
    ],
    [
      'a null rate is above 1',
      { table: 'a.b.c', nullRate: [{ column: 'x', max: 5 }] },
      /nullRate\[0\]\.max: expected a share from 0 to 1, found 5/,
    ],
    [
      'a freshness age is not positive',
      { table: 'a.b.c', freshness: { column: 't', maxAgeHours: 0 } },
      /freshness\.maxAgeHours: expected a positive number of hours, found 0/,
    ],
  ])('fails when %s', (_, checks, message) => {
    const { notebook } = setUp();
    expect(() => notebook.task('Jobs/ingest', [checks])).toThrow(message);
    expect(() => notebook.task('Jobs/ingest', [checks])).toThrow(/^Jobs\/ingest: dataQuality\.outputs\[0\]/);
  });
});
