/* eslint-disable @typescript-eslint/no-explicit-any -- Jobs API answers are untyped JSON, edited here as such */
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  compareSettings,
  desiredSettings,
  exportJobs,
  renderExportReport,
  sortedJson,
  storeFileName,
} from '../../ops/job-definitions';
import { WorkspaceClient } from '../../ops/workspace-client';
import { tempDir } from '../helpers/temp-dir';

/** A databricks_job resource as cdktf synthesizes it (Terraform attribute names, references). */
const INGEST = {
  '//': { metadata: { path: 'dev/Jobs/ingest-orders/Resource' } },
  name: 'Dev – ingest-orders',
  max_concurrent_runs: 1,
  timeout_seconds: 7200,
  tags: { project: 'demo', environment: 'dev' },
  queue: { enabled: true },
  always_running: false,
  job_cluster: [
    { job_cluster_key: 'main', new_cluster: { policy_id: '${databricks_cluster_policy.P_1.id}' } },
  ],
  task: [
    {
      task_key: 'data_quality',
      depends_on: [{ task_key: 'main' }],
      job_cluster_key: 'main',
      max_retries: 0,
      notebook_task: { notebook_path: '${databricks_notebook.DQ_1.path}', source: 'WORKSPACE' },
    },
    {
      task_key: 'main',
      job_cluster_key: 'main',
      max_retries: 2,
      notebook_task: { notebook_path: '/Repos/bot/demo-dev/ingest', base_parameters: { day: 'today' } },
    },
  ],
  email_notifications: { on_failure: ['oncall@acme.example'] },
};

const STATE = new Map<string, Record<string, unknown>>([
  ['databricks_cluster_policy.P_1', { id: 'POLICY1' }],
  ['databricks_notebook.DQ_1', { path: '/Shared/demo/dev/ops/data_quality' }],
]);

/** What jobs/get answers for INGEST: API names, resolved values, zero values left out. */
function liveIngest(): Record<string, any> {
  return {
    name: 'Dev – ingest-orders',
    max_concurrent_runs: 1,
    timeout_seconds: 7200,
    tags: { project: 'demo', environment: 'dev' },
    queue: { enabled: true },
    format: 'MULTI_TASK',
    job_clusters: [{ job_cluster_key: 'main', new_cluster: { policy_id: 'POLICY1', num_workers: 1 } }],
    tasks: [
      {
        task_key: 'data_quality',
        depends_on: [{ task_key: 'main' }],
        job_cluster_key: 'main',
        run_if: 'ALL_SUCCESS',
        notebook_task: { notebook_path: '/Shared/demo/dev/ops/data_quality', source: 'WORKSPACE' },
      },
      {
        task_key: 'main',
        job_cluster_key: 'main',
        max_retries: 2,
        notebook_task: { notebook_path: '/Repos/bot/demo-dev/ingest', base_parameters: { day: 'today' } },
      },
    ],
    email_notifications: { on_failure: ['oncall@acme.example'] },
  };
}

describe('desiredSettings', () => {
  it('speaks the Jobs API: plural block names, references resolved from the state, no Terraform-only attributes', () => {
    const settings = desiredSettings(INGEST, STATE) as Record<string, any>;
    expect(Object.keys(settings).sort()).toEqual([
      'email_notifications',
      'job_clusters',
      'max_concurrent_runs',
      'name',
      'queue',
      'tags',
      'tasks',
      'timeout_seconds',
    ]);
    expect(settings.job_clusters[0].new_cluster.policy_id).toBe('POLICY1');
    expect(settings.tasks[0].notebook_task.notebook_path).toBe('/Shared/demo/dev/ops/data_quality');
  });
});

describe('compareSettings', () => {
  const stack = () => desiredSettings(INGEST, STATE);

  it('finds no difference between the stack and the job it deployed (server defaults and left-out zeros)', () => {
    expect(compareSettings(stack(), liveIngest())).toEqual([]);
  });

  it('reports a changed field with both values', () => {
    const live = liveIngest();
    live.timeout_seconds = 60;
    live.tasks[1].max_retries = 5;
    expect(compareSettings(stack(), live)).toEqual([
      { field: 'tasks[main].max_retries', stack: 2, live: 5 },
      { field: 'timeout_seconds', stack: 7200, live: 60 },
    ]);
  });

  it('reports a tag or parameter added in the UI (maps are compared whole)', () => {
    const live = liveIngest();
    live.tags.hotfix = 'yes';
    live.tasks[1].notebook_task.base_parameters.day = 'yesterday';
    expect(compareSettings(stack(), live)).toEqual([
      { field: 'tags.hotfix', stack: undefined, live: 'yes' },
      { field: 'tasks[main].notebook_task.base_parameters.day', stack: 'today', live: 'yesterday' },
    ]);
  });

  it('reports an e-mail added to a list', () => {
    const live = liveIngest();
    live.email_notifications.on_failure.push('me@acme.example');
    expect(compareSettings(stack(), live)).toEqual([
      {
        field: 'email_notifications.on_failure',
        stack: ['oncall@acme.example'],
        live: ['oncall@acme.example', 'me@acme.example'],
      },
    ]);
  });

  it('matches tasks by task key: a removed task and an added one are reported by key', () => {
    const live = liveIngest();
    live.tasks = [live.tasks[1], { task_key: 'adhoc', notebook_task: { notebook_path: '/Users/me/x' } }];
    expect(
      compareSettings(stack(), live).map((d) => [d.field, d.stack === undefined, d.live === undefined]),
    ).toEqual([
      ['tasks[data_quality]', false, true],
      ['tasks[adhoc]', true, false],
    ]);
  });

  it('skips a value the state cannot resolve (never deployed)', () => {
    const live = liveIngest();
    live.job_clusters[0].new_cluster.policy_id = 'OTHER';
    expect(compareSettings(desiredSettings(INGEST, new Map()), live)).toEqual([]);
  });
});

describe('the store files', () => {
  it('names a job file after the job name in lowercase ASCII', () => {
    expect(storeFileName('Prod – ingest-orders')).toBe('prod-ingest-orders.json');
    expect(storeFileName('Dev – Security scan (ml)')).toBe('dev-security-scan-ml.json');
    expect(storeFileName('–')).toBe('job.json');
  });

  it('sorts object keys at every level, keeping list order', () => {
    expect(JSON.stringify(sortedJson({ b: 1, a: [{ d: 1, c: 2 }, 3] }))).toBe(
      '{"a":[{"c":2,"d":1},3],"b":1}',
    );
  });
});

describe('exportJobs', () => {
  /** A workspace holding the given jobs by id; any other id answers 404 RESOURCE_DOES_NOT_EXIST. */
  function workspace(jobs: Record<number, Record<string, unknown>>) {
    const fetchImpl = (async (url: string) => {
      const id = Number(new URL(url).searchParams.get('job_id'));
      const job = jobs[id];
      return job
        ? new Response(JSON.stringify({ job_id: id, created_time: 1, settings: job }), { status: 200 })
        : new Response(JSON.stringify({ error_code: 'RESOURCE_DOES_NOT_EXIST', message: 'gone' }), {
            status: 404,
          });
    }) as typeof fetch;
    return new WorkspaceClient({ host: 'http://ws', env: { DATABRICKS_TOKEN: 't' }, fetchImpl, retries: 0 });
  }

  const input = (client: WorkspaceClient, outDir: string) => ({
    environment: 'dev',
    stack: {
      resource: {
        databricks_job: {
          Ingest_1: INGEST,
          Train_2: { ...INGEST, name: 'Dev – train-churn-model' },
          New_3: { ...INGEST, name: 'Dev – new' },
        },
      },
    },
    state: [
      ...[...STATE].map(([address, values]) => ({ address, type: address.split('.')[0], values })),
      { address: 'databricks_job.Ingest_1', type: 'databricks_job', values: { id: '11' } },
      { address: 'databricks_job.Train_2', type: 'databricks_job', values: { id: '22' } },
    ],
    client,
    outDir,
  });

  it('writes each live job as sorted JSON and reports edits, deletions and undeployed jobs', async () => {
    const outDir = path.join(tempDir(), 'jobs', 'dev');
    const live = liveIngest();
    live.timeout_seconds = 60;
    const result = await exportJobs(input(workspace({ 11: live }), outDir));
    expect(fs.readdirSync(outDir)).toEqual(['dev-ingest-orders.json']);
    const stored = JSON.parse(fs.readFileSync(path.join(outDir, 'dev-ingest-orders.json'), 'utf8'));
    expect(stored).toEqual({ job_id: 11, settings: sortedJson(live) });
    expect(Object.keys(stored.settings)).toEqual(Object.keys(stored.settings).sort());
    expect(result.jobs.map((j) => [j.name, j.status])).toEqual([
      ['Dev – ingest-orders', 'differs'],
      ['Dev – new', 'not-deployed'],
      ['Dev – train-churn-model', 'deleted'],
    ]);
    expect(renderExportReport('dev', 'jobs/dev', result)).toBe(
      [
        'dev: 1 live job definition(s) written to jobs/dev',
        '  Dev – ingest-orders (job 11): 1 field(s) differ from the stack:',
        '    timeout_seconds: stack 7200, live 60',
        '  Dev – new: not deployed yet (not in the state)',
        '  Dev – train-churn-model (job 22): DELETED in the workspace; its last export stays in dev-train-churn-model.json; npm run deploy -- dev recreates it',
        '2 job(s) differ from the stack; npm run deploy -- dev puts them back as the stack declares.',
      ].join('\n'),
    );
  });

  it('keeps the last stored file of a deleted job', async () => {
    const outDir = tempDir();
    fs.writeFileSync(path.join(outDir, 'dev-train-churn-model.json'), '{"job_id":22}\n');
    await exportJobs(input(workspace({ 11: liveIngest() }), outDir));
    expect(fs.readFileSync(path.join(outDir, 'dev-train-churn-model.json'), 'utf8')).toBe('{"job_id":22}\n');
  });

  it('says every job matches when nothing drifted', async () => {
    const result = await exportJobs(
      input(
        workspace({ 11: liveIngest(), 22: { ...liveIngest(), name: 'Dev – train-churn-model' } }),
        tempDir(),
      ),
    );
    expect(result.jobs.map((j) => j.status)).toEqual(['in-sync', 'not-deployed', 'in-sync']);
    expect(renderExportReport('dev', 'x', result).split('\n').pop()).toBe(
      'Every live job matches the stack.',
    );
  });
});
