import { call, useEmulator } from './client';

const SETTINGS = {
  name: 'nightly',
  max_concurrent_runs: 1,
  timeout_seconds: 3600,
  tags: { env: 'dev' },
  schedule: { quartz_cron_expression: '0 0 2 * * ?', timezone_id: 'UTC', pause_status: 'UNPAUSED' },
  email_notifications: { on_failure: ['oncall@example.com'] },
  webhook_notifications: { on_failure: [{ id: '1b2c3d4e-0000-4000-8000-000000000000' }] },
  health: { rules: [{ metric: 'RUN_DURATION_SECONDS', op: 'GREATER_THAN', value: 3600 }] },
  run_as: { service_principal_name: '8a3d3e5c-1b2c-4d5e-8f90-123456789abc' },
  job_clusters: [
    { job_cluster_key: 'jc', new_cluster: { spark_version: '15.4.x-scala2.12', num_workers: 1 } },
  ],
  tasks: [
    {
      task_key: 'a',
      existing_cluster_id: '0101-000000-abcdefgh',
      notebook_task: { notebook_path: '/Repos/u/r/a' },
    },
    {
      task_key: 'b',
      job_cluster_key: 'jc',
      depends_on: [{ task_key: 'a' }],
      notebook_task: { notebook_path: '/x' },
    },
  ],
  queue: { enabled: false },
};

/** The workspace the job settings above refer to: its run-as service principal and Slack destination. */
export const JOB_PRINCIPALS = {
  servicePrincipals: [{ applicationId: '8a3d3e5c-1b2c-4d5e-8f90-123456789abc' }],
};
const DESTINATION_ID = '1b2c3d4e-0000-4000-8000-000000000000';

describe('jobs', () => {
  const emulator = useEmulator({ principals: JOB_PRINCIPALS, strictPrincipals: true });
  beforeEach(async () => {
    const seeded = await call(emulator(), 'POST', '/__emulator/notification-destinations', {
      id: DESTINATION_ID,
    });
    expect(seeded.status).toBe(200);
  });

  const create = (body: object = SETTINGS, version = '2.2') =>
    call(emulator(), 'POST', `/api/${version}/jobs/create`, body);
  const get = (id: number, version = '2.2') =>
    call(emulator(), 'GET', `/api/${version}/jobs/get?job_id=${id}`);

  it('creates a job with an int64 id and reads back settings verbatim, with format MULTI_TASK', async () => {
    const created = await create();
    expect(Number.isSafeInteger(created.body.job_id)).toBe(true);
    const read = await get(created.body.job_id);
    expect(read.body).toMatchObject({
      job_id: created.body.job_id,
      creator_user_name: 'deployer@example.com',
      run_as_user_name: '8a3d3e5c-1b2c-4d5e-8f90-123456789abc',
      created_time: expect.any(Number),
    });
    expect(read.body.settings).toEqual({ ...SETTINGS, format: 'MULTI_TASK' });
  });

  it('runs as the creator when run_as is not configured', async () => {
    const settings: Partial<typeof SETTINGS> = { ...SETTINGS };
    delete settings.run_as;
    const created = await create(settings);
    expect((await get(created.body.job_id)).body.run_as_user_name).toBe('deployer@example.com');
  });

  it('accepts a dedicated (SINGLE_USER) job cluster without single_user_name: the run-as identity gets it', async () => {
    const dedicated = (extra: object) => ({
      ...SETTINGS,
      job_clusters: [
        {
          job_cluster_key: 'jc',
          new_cluster: {
            spark_version: '15.4.x-scala2.12',
            num_workers: 1,
            data_security_mode: 'SINGLE_USER',
            ...extra,
          },
        },
      ],
    });
    expect((await create(dedicated({}))).status).toBe(200);
    const unknown = await create(dedicated({ single_user_name: 'nobody@example.com' }));
    expect(unknown.status).toBe(400);
    expect(unknown.body.error_code).toBe('INVALID_PARAMETER_VALUE');
  });

  it('serves the same jobs under /api/2.1, /api/2.2 and /api/2.0', async () => {
    const created = await create(SETTINGS, '2.1');
    for (const version of ['2.0', '2.1', '2.2']) {
      expect((await get(created.body.job_id, version)).body.settings.name).toBe('nightly');
    }
  });

  it('replaces all settings on reset', async () => {
    const created = await create();
    const reset = await call(emulator(), 'POST', '/api/2.2/jobs/reset', {
      job_id: created.body.job_id,
      new_settings: { name: 'renamed', max_concurrent_runs: 3, queue: { enabled: false } },
    });
    expect(reset.status).toBe(200);
    expect((await get(created.body.job_id)).body.settings).toEqual({
      name: 'renamed',
      max_concurrent_runs: 3,
      queue: { enabled: false },
      format: 'MULTI_TASK',
    });
  });

  it('merges tasks by key and removes fields on update', async () => {
    const created = await create();
    await call(emulator(), 'POST', '/api/2.2/jobs/update', {
      job_id: created.body.job_id,
      new_settings: {
        tasks: [
          {
            task_key: 'a',
            existing_cluster_id: '0101-000000-zzzzzzzz',
            notebook_task: { notebook_path: '/y' },
          },
        ],
      },
      fields_to_remove: ['tags'],
    });
    const settings = (await get(created.body.job_id)).body.settings;
    expect(settings.tags).toBeUndefined();
    expect(settings.tasks).toHaveLength(2);
    expect(settings.tasks[0].existing_cluster_id).toBe('0101-000000-zzzzzzzz');
  });

  it('fails when a task has no task_key, depends on an unknown task, or uses two kinds of compute', async () => {
    const noKey = await create({ name: 'x', tasks: [{ notebook_task: { notebook_path: '/x' } }] });
    expect(noKey.status).toBe(400);
    expect(noKey.body.error_code).toBe('INVALID_PARAMETER_VALUE');
    const badDependency = await create({
      name: 'x',
      tasks: [{ task_key: 'a', depends_on: [{ task_key: 'zz' }] }],
    });
    expect(badDependency.status).toBe(400);
    const twoComputes = await create({
      name: 'x',
      tasks: [{ task_key: 'a', existing_cluster_id: 'c', new_cluster: { spark_version: 'v' } }],
    });
    expect(twoComputes.status).toBe(400);
  });

  it('fails with 404 for an unknown job and 400 for a missing job_id', async () => {
    const missing = await get(123456789012345);
    expect(missing.status).toBe(404);
    expect(missing.body.error_code).toBe('RESOURCE_DOES_NOT_EXIST');
    expect((await call(emulator(), 'GET', '/api/2.2/jobs/get')).status).toBe(400);
  });

  it('lists jobs, filters by name and pages with has_more', async () => {
    await create({ ...SETTINGS, name: 'one' });
    await create({ ...SETTINGS, name: 'two' });
    const listed = await call(emulator(), 'GET', '/api/2.2/jobs/list?limit=1');
    expect(listed.body.jobs).toHaveLength(1);
    expect(listed.body.has_more).toBe(true);
    expect(listed.body.jobs[0].settings.tasks).toBeUndefined();
    const byName = await call(emulator(), 'GET', '/api/2.2/jobs/list?name=two&expand_tasks=true');
    expect(byName.body.jobs.map((job: { settings: { name: string } }) => job.settings.name)).toEqual(['two']);
    expect(byName.body.jobs[0].settings.tasks).toHaveLength(2);
  });

  it('deletes a job; reading it afterwards is 404', async () => {
    const created = await create();
    await call(emulator(), 'POST', '/api/2.2/jobs/delete', { job_id: created.body.job_id });
    expect((await get(created.body.job_id)).status).toBe(404);
  });
});
