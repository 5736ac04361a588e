import { startEmulator, type RunningEmulator } from '../../emulator/server';
import { readJob } from '../../ops/job-reader';
import { WorkspaceClient } from '../../ops/workspace-client';

const TOKEN = 'dapi-job-reader-test';

/** Job settings with `tasks` notebook tasks t0, t1, ... on one all-purpose cluster. */
const settingsWith = (tasks: number) => ({
  name: 'large',
  queue: { enabled: false },
  tasks: Array.from({ length: tasks }, (_, i) => ({
    task_key: `t${i}`,
    existing_cluster_id: '0101-000000-abcdefgh',
    notebook_task: { notebook_path: `/x/${i}` },
  })),
});

describe('readJob', () => {
  let emulator: RunningEmulator;
  let client: WorkspaceClient;
  beforeAll(async () => {
    emulator = await startEmulator({ port: 0, token: TOKEN });
    client = new WorkspaceClient({ host: emulator.url, env: { DATABRICKS_TOKEN: TOKEN }, retries: 0 });
  });
  afterAll(() => emulator.close());

  const create = async (tasks: number) =>
    (await client.send<{ job_id: number }>('POST', '/api/2.2/jobs/create', settingsWith(tasks))).job_id;
  const taskKeys = (job: { settings: Record<string, unknown> }) =>
    (job.settings.tasks as Array<{ task_key: string }>).map((t) => t.task_key);

  it('reads every task of a job past the 100 one jobs/get answers with, in order, in one settings object', async () => {
    const jobId = await create(250);
    const firstPage = await client.get<{ settings: { tasks: unknown[] }; has_more: boolean }>(
      '/api/2.2/jobs/get',
      { job_id: jobId },
    );
    expect([firstPage.settings.tasks.length, firstPage.has_more]).toEqual([100, true]);

    const job = await readJob(client, jobId);
    expect(taskKeys(job)).toEqual(Array.from({ length: 250 }, (_, i) => `t${i}`));
    expect(job.job_id).toBe(jobId);
    expect(job.settings.name).toBe('large');
    expect(Object.keys(job)).not.toEqual(expect.arrayContaining(['has_more']));
    expect(Object.keys(job)).not.toEqual(expect.arrayContaining(['next_page_token']));
  });

  it('reads a small job in one call', async () => {
    const jobId = await create(3);
    const before = emulator.requests().length;
    expect(taskKeys(await readJob(client, jobId))).toEqual(['t0', 't1', 't2']);
    expect(emulator.requests().length - before).toBe(1);
  });
});
