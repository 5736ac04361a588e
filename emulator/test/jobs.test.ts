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

  describe('a job of more than 100 tasks', () => {
    /** Job settings with `tasks` tasks (t0, t1, ...), `clusters` job clusters (c0, ...) and two job parameters. */
    const large = (tasks: number, clusters = 0) => ({
      name: 'large',
      queue: { enabled: false },
      parameters: [
        { name: 'env', default: 'dev' },
        { name: 'date', default: '' },
      ],
      job_clusters: Array.from({ length: clusters }, (_, i) => ({
        job_cluster_key: `c${i}`,
        new_cluster: { spark_version: '15.4.x-scala2.12', num_workers: 1 },
      })),
      tasks: Array.from({ length: tasks }, (_, i) => ({
        task_key: `t${i}`,
        existing_cluster_id: '0101-000000-abcdefgh',
        notebook_task: { notebook_path: `/x/${i}` },
      })),
    });
    const keys = (items: { task_key?: string; job_cluster_key?: string }[] | undefined) =>
      (items ?? []).map((item) => item.task_key ?? item.job_cluster_key);
    const range = (prefix: string, from: number, to: number) =>
      Array.from({ length: to - from }, (_, i) => `${prefix}${from + i}`);
    const largeJobMessage = (tasks: number) =>
      `Resources with more than 100 tasks can only be handled by API 2.2 and above. Your resource has ${tasks} tasks.`;
    const page = (id: number, token?: string) =>
      call(
        emulator(),
        'GET',
        `/api/2.2/jobs/get?job_id=${id}${token ? `&page_token=${encodeURIComponent(token)}` : ''}`,
      );

    it('is read 100 elements of each array at a time under API 2.2, following next_page_token', async () => {
      const created = await create(large(250, 120));
      expect(created.status).toBe(200);
      const first = (await page(created.body.job_id)).body;
      expect(keys(first.settings.tasks)).toEqual(range('t', 0, 100));
      expect(keys(first.settings.job_clusters)).toEqual(range('c', 0, 100));
      expect(first.settings.parameters).toHaveLength(2);
      expect(first).toMatchObject({ has_more: true, next_page_token: expect.any(String) });

      const second = (await page(created.body.job_id, first.next_page_token)).body;
      expect(second.settings.name).toBe('large');
      expect(keys(second.settings.tasks)).toEqual(range('t', 100, 200));
      expect(keys(second.settings.job_clusters)).toEqual(range('c', 100, 120));
      expect(second.settings.parameters).toBeUndefined();
      expect(second.has_more).toBe(true);

      const last = (await page(created.body.job_id, second.next_page_token)).body;
      expect(keys(last.settings.tasks)).toEqual(range('t', 200, 250));
      expect(last.settings.job_clusters).toBeUndefined();
      expect(last.has_more).toBeUndefined();
      expect(last.next_page_token).toBeUndefined();
    });

    it('is answered whole, without has_more or next_page_token, at exactly 100 tasks', async () => {
      const created = await create(large(100));
      const read = (await page(created.body.job_id)).body;
      expect(keys(read.settings.tasks)).toEqual(range('t', 0, 100));
      expect(read.has_more).toBeUndefined();
      expect(read.next_page_token).toBeUndefined();
    });

    it('is listed with expand_tasks under API 2.2 with its first 100 tasks and has_more', async () => {
      await create(large(101));
      const listed = (await call(emulator(), 'GET', '/api/2.2/jobs/list?expand_tasks=true')).body;
      expect(keys(listed.jobs[0].settings.tasks)).toEqual(range('t', 0, 100));
      expect(listed.jobs[0].has_more).toBe(true);
    });

    it.each(['2.0', '2.1'])(
      'fails when it is created, reset, updated or read under API %s, with the workspace message',
      async (version) => {
        const refused = await create(large(101), version);
        expect(refused.status).toBe(400);
        expect(refused.body).toEqual({
          error_code: 'INVALID_PARAMETER_VALUE',
          message: largeJobMessage(101),
        });
        expect((await create(large(100), version)).status).toBe(200);

        const small = (await create(large(100))).body.job_id;
        const reset = await call(emulator(), 'POST', `/api/${version}/jobs/reset`, {
          job_id: small,
          new_settings: large(102),
        });
        expect([reset.status, reset.body.message]).toEqual([400, largeJobMessage(102)]);
        const update = await call(emulator(), 'POST', `/api/${version}/jobs/update`, {
          job_id: small,
          new_settings: { tasks: [{ task_key: 'extra', existing_cluster_id: '0101-000000-abcdefgh' }] },
        });
        expect([update.status, update.body.message]).toEqual([400, largeJobMessage(101)]);
        expect((await get(small, version)).body.settings.tasks).toHaveLength(100);

        const big = (await create(large(101))).body.job_id;
        const read = await get(big, version);
        expect([read.status, read.body.message]).toEqual([400, largeJobMessage(101)]);
      },
    );

    it('fails when it has more than 1000 tasks, under any API version', async () => {
      const limit = 'A job can have at most 1000 tasks; this one has 1001.';
      const refused = await create(large(1001));
      expect(refused.status).toBe(400);
      expect(refused.body.error_code).toBe('INVALID_PARAMETER_VALUE');
      expect(refused.body.message).toContain(limit);
      const full = (await create(large(1000))).body.job_id;
      expect(full).toEqual(expect.any(Number));
      const update = await call(emulator(), 'POST', '/api/2.2/jobs/update', {
        job_id: full,
        new_settings: { tasks: [{ task_key: 'extra', existing_cluster_id: '0101-000000-abcdefgh' }] },
      });
      expect([update.status, update.body.message]).toEqual([400, expect.stringContaining(limit)]);
      const reset = await call(emulator(), 'POST', '/api/2.2/jobs/reset', {
        job_id: full,
        new_settings: large(1001),
      });
      expect([reset.status, reset.body.message]).toEqual([400, expect.stringContaining(limit)]);
    });
  });

  it('deletes a job; reading it afterwards is 404', async () => {
    const created = await create();
    await call(emulator(), 'POST', '/api/2.2/jobs/delete', { job_id: created.body.job_id });
    expect((await get(created.body.job_id)).status).toBe(404);
  });
});
