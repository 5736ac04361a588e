import { b64, call, useEmulator } from './client';

const NOTEBOOK = '# Databricks notebook source\nprint("checks pass")\n';

describe('job runs', () => {
  const emulator = useEmulator();

  async function importNotebook(path: string, text = NOTEBOOK): Promise<void> {
    await call(emulator(), 'POST', '/api/2.0/workspace/mkdirs', {
      path: path.slice(0, path.lastIndexOf('/')),
    });
    const imported = await call(emulator(), 'POST', '/api/2.0/workspace/import', {
      path,
      format: 'SOURCE',
      language: 'PYTHON',
      content: b64(text),
      overwrite: true,
    });
    expect(imported.status).toBe(200);
  }

  async function createJob(settings: object = {}, notebookPath = '/Shared/checks/smoke'): Promise<number> {
    const created = await call(emulator(), 'POST', '/api/2.2/jobs/create', {
      name: 'smoke',
      tasks: [{ task_key: 'check', notebook_task: { notebook_path: notebookPath } }],
      ...settings,
    });
    expect(created.status).toBe(200);
    return created.body.job_id;
  }

  const getRun = (runId: number) => call(emulator(), 'GET', `/api/2.2/jobs/runs/get?run_id=${runId}`);
  const runNow = async (jobId: number): Promise<number> =>
    (await call(emulator(), 'POST', '/api/2.2/jobs/run-now', { job_id: jobId })).body.run_id;
  async function finish(runId: number) {
    for (let i = 0; i < 2; i += 1) await getRun(runId);
    return (await getRun(runId)).body;
  }

  it('runs PENDING → RUNNING → TERMINATED/SUCCESS over successive polls', async () => {
    await importNotebook('/Shared/checks/smoke');
    const jobId = await createJob();
    const started = await call(emulator(), 'POST', '/api/2.2/jobs/run-now', { job_id: jobId });
    expect(started.body).toEqual({ run_id: expect.any(Number), number_in_job: 1 });
    const states = [];
    for (let i = 0; i < 3; i += 1) states.push((await getRun(started.body.run_id)).body.state);
    expect(states.map((state) => state.life_cycle_state)).toEqual(['PENDING', 'RUNNING', 'TERMINATED']);
    expect(states[2].result_state).toBe('SUCCESS');
    const final = (await getRun(started.body.run_id)).body;
    expect(final).toMatchObject({ job_id: jobId, status: { state: 'TERMINATED' } });
    expect(final.tasks).toEqual([
      expect.objectContaining({
        task_key: 'check',
        state: expect.objectContaining({ result_state: 'SUCCESS' }),
      }),
    ]);
  });

  it('pages the tasks of a run 100 at a time under API 2.2, following next_page_token', async () => {
    await importNotebook('/Shared/checks/smoke');
    const tasks = Array.from({ length: 150 }, (_, i) => ({
      task_key: `t${i}`,
      notebook_task: { notebook_path: '/Shared/checks/smoke' },
    }));
    const runId = await runNow(await createJob({ tasks }));
    const first = (await getRun(runId)).body;
    expect(first.tasks).toHaveLength(100);
    expect(first).toMatchObject({ has_more: true, next_page_token: expect.any(String) });
    const token = encodeURIComponent(first.next_page_token);
    const second = (
      await call(emulator(), 'GET', `/api/2.2/jobs/runs/get?run_id=${runId}&page_token=${token}`)
    ).body;
    expect([...first.tasks, ...second.tasks].map((task: { task_key: string }) => task.task_key)).toEqual(
      tasks.map((task) => task.task_key),
    );
    expect(second.has_more).toBeUndefined();
    expect(second.next_page_token).toBeUndefined();
  });

  it('reports the run page URL of the workspace UI', async () => {
    await importNotebook('/Shared/checks/smoke');
    const jobId = await createJob();
    const runId = await runNow(jobId);
    expect((await getRun(runId)).body.run_page_url).toBe(
      `${emulator().url}/?o=1234567890123456#job/${jobId}/run/${runId}`,
    );
  });

  it('fails a run whose notebook does not exist with INTERNAL_ERROR and RESOURCE_NOT_FOUND', async () => {
    const jobId = await createJob({}, '/Shared/checks/missing');
    const run = await finish(await runNow(jobId));
    expect(run.state).toMatchObject({
      life_cycle_state: 'INTERNAL_ERROR',
      result_state: 'FAILED',
      state_message:
        'Unable to access the notebook "/Shared/checks/missing". Either it does not exist, or the identity used to run this job, deployer@example.com, lacks the required permissions.',
    });
    expect(run.status).toMatchObject({
      state: 'TERMINATED',
      termination_details: { code: 'RESOURCE_NOT_FOUND', type: 'CLIENT_ERROR' },
    });
  });

  it('fails a run whose notebook holds the EMULATOR_FAIL marker, with the marker message', async () => {
    await importNotebook(
      '/Shared/checks/smoke',
      `${NOTEBOOK}# EMULATOR_FAIL: AssertionError: orders table is empty\n`,
    );
    const jobId = await createJob();
    const run = await finish(await runNow(jobId));
    expect(run.state).toMatchObject({
      life_cycle_state: 'TERMINATED',
      result_state: 'FAILED',
      state_message: 'Task check failed with message: AssertionError: orders table is empty',
    });
    expect(run.status.termination_details.code).toBe('RUN_EXECUTION_ERROR');
    expect(run.tasks[0].state.state_message).toBe('AssertionError: orders table is empty');
  });

  it('marks the tasks downstream of a failed task UPSTREAM_FAILED', async () => {
    await importNotebook('/Shared/checks/ok');
    const created = await call(emulator(), 'POST', '/api/2.2/jobs/create', {
      name: 'chain',
      tasks: [
        {
          task_key: 'after',
          depends_on: [{ task_key: 'first' }],
          notebook_task: { notebook_path: '/Shared/checks/ok' },
        },
        { task_key: 'first', notebook_task: { notebook_path: '/Shared/checks/gone' } },
      ],
    });
    const run = await finish(await runNow(created.body.job_id));
    const results = Object.fromEntries(
      run.tasks.map((task: { task_key: string; state: { result_state: string } }) => [
        task.task_key,
        task.state.result_state,
      ]),
    );
    expect(results).toEqual({ first: 'FAILED', after: 'UPSTREAM_FAILED' });
  });

  it('runs a Git-source notebook from the commit of the job branch', async () => {
    const url = 'https://github.com/acme/project.git';
    await call(
      emulator(),
      'POST',
      '/__emulator/repos/seed',
      { url, branch: 'main', files: { 'checks/smoke.py': NOTEBOOK } },
      null,
    );
    const jobId = await createJob(
      { git_source: { git_url: url, git_provider: 'gitHub', git_branch: 'main' } },
      'checks/smoke',
    );
    expect((await finish(await runNow(jobId))).state.result_state).toBe('SUCCESS');
    const other = await createJob(
      { git_source: { git_url: url, git_provider: 'gitHub', git_branch: 'dev' } },
      'checks/smoke',
    );
    expect((await finish(await runNow(other))).state.result_state).toBe('FAILED');
  });

  it('ends the next run of a job with the result set through the admin endpoint', async () => {
    await importNotebook('/Shared/checks/smoke');
    const jobId = await createJob();
    await call(
      emulator(),
      'POST',
      '/__emulator/runs/next-result',
      { job_id: jobId, result_state: 'FAILED', state_message: 'boom' },
      null,
    );
    expect((await finish(await runNow(jobId))).state).toMatchObject({
      life_cycle_state: 'TERMINATED',
      result_state: 'FAILED',
      state_message: 'boom',
    });
    expect((await finish(await runNow(jobId))).state.result_state).toBe('SUCCESS');
  });

  it('queues a second run of a job at max_concurrent_runs 1 with queueing, and starts it when the first ends', async () => {
    await importNotebook('/Shared/checks/smoke');
    const jobId = await createJob({ max_concurrent_runs: 1, queue: { enabled: true } });
    const first = await runNow(jobId);
    const second = await runNow(jobId);
    const queued = (await getRun(second)).body;
    expect(queued.state).toMatchObject({
      life_cycle_state: 'QUEUED',
      state_message: 'Queued due to reaching maximum concurrent runs of 1.',
    });
    expect(queued.status).toMatchObject({
      state: 'QUEUED',
      queue_details: { code: 'ACTIVE_RUNS_LIMIT_REACHED' },
    });
    expect(queued.number_in_job).toBe(2);
    expect((await finish(first)).state.life_cycle_state).toBe('TERMINATED');
    expect((await getRun(second)).body.state.life_cycle_state).toBe('PENDING');
    expect((await finish(second)).state.result_state).toBe('SUCCESS');
  });

  it('skips a second run of a job at max_concurrent_runs 1 without queueing', async () => {
    await importNotebook('/Shared/checks/smoke');
    const jobId = await createJob({ max_concurrent_runs: 1 });
    await runNow(jobId);
    const skipped = (await getRun(await runNow(jobId))).body;
    expect(skipped.state).toMatchObject({
      life_cycle_state: 'SKIPPED',
      result_state: 'MAXIMUM_CONCURRENT_RUNS_REACHED',
      state_message: 'Skipping this run because the limit of 1 maximum concurrent runs has been reached.',
    });
    expect(skipped.status.termination_details.code).toBe('MAX_CONCURRENT_RUNS_EXCEEDED');
  });

  it('cancels an active run', async () => {
    const jobId = await createJob();
    const run = await call(emulator(), 'POST', '/api/2.1/jobs/run-now', { job_id: jobId });
    await call(emulator(), 'POST', '/api/2.1/jobs/runs/cancel', { run_id: run.body.run_id });
    expect((await getRun(run.body.run_id)).body.state).toMatchObject({
      life_cycle_state: 'TERMINATED',
      result_state: 'CANCELED',
      user_cancelled_or_timedout: true,
    });
  });

  it('lists runs of a job, newest first, with active_only', async () => {
    const jobId = await createJob();
    const first = await call(emulator(), 'POST', '/api/2.2/jobs/run-now', { job_id: jobId });
    await call(emulator(), 'POST', '/api/2.2/jobs/runs/cancel', { run_id: first.body.run_id });
    const second = await call(emulator(), 'POST', '/api/2.2/jobs/run-now', { job_id: jobId });
    const all = await call(emulator(), 'GET', `/api/2.2/jobs/runs/list?job_id=${jobId}`);
    expect(all.body.runs.map((run: { run_id: number }) => run.run_id)).toEqual([
      second.body.run_id,
      first.body.run_id,
    ]);
    const active = await call(emulator(), 'GET', `/api/2.2/jobs/runs/list?job_id=${jobId}&active_only=true`);
    expect(active.body.runs.map((run: { run_id: number }) => run.run_id)).toEqual([second.body.run_id]);
  });

  describe('a continuous job', () => {
    const activeRuns = async (jobId: number) =>
      (await call(emulator(), 'GET', `/api/2.2/jobs/runs/list?job_id=${jobId}&active_only=true`)).body.runs;
    const continuous = async (pauseStatus?: string) => {
      await importNotebook('/Shared/checks/smoke');
      return createJob({ continuous: pauseStatus ? { pause_status: pauseStatus } : {} });
    };

    it('starts a run by itself when not paused, which stays RUNNING while it succeeds', async () => {
      const jobId = await continuous();
      const [run] = await activeRuns(jobId);
      expect(run).toMatchObject({ trigger: 'CONTINUOUS', state: { life_cycle_state: 'PENDING' } });
      const polled = await finish(run.run_id);
      expect(polled.state.life_cycle_state).toBe('RUNNING');
      expect((await activeRuns(jobId)).map((r: { run_id: number }) => r.run_id)).toEqual([run.run_id]);
    });

    it('is RUNNING, not stuck PENDING, when time passes without runs/get polls', async () => {
      const jobId = await continuous();
      const [run] = await activeRuns(jobId);
      // Only Date is faked: the HTTP server and client keep their real timers.
      jest.useFakeTimers({
        doNotFake: [
          'setTimeout',
          'setInterval',
          'setImmediate',
          'nextTick',
          'queueMicrotask',
          'clearTimeout',
          'clearInterval',
          'clearImmediate',
          'performance',
          'hrtime',
        ],
      });
      try {
        jest.setSystemTime(Date.now() + 60_000);
        expect((await activeRuns(jobId))[0]).toMatchObject({
          run_id: run.run_id,
          state: { life_cycle_state: 'RUNNING' },
        });
      } finally {
        jest.useRealTimers();
      }
    });

    it('starts nothing while paused', async () => {
      const jobId = await continuous('PAUSED');
      expect(await activeRuns(jobId)).toEqual([]);
    });

    it('restarts on run-now: the active run is cancelled and a new one started', async () => {
      const jobId = await continuous('UNPAUSED');
      const [first] = await activeRuns(jobId);
      const restarted = (await call(emulator(), 'POST', '/api/2.2/jobs/run-now', { job_id: jobId })).body;
      expect(restarted.run_id).not.toBe(first.run_id);
      expect((await getRun(first.run_id)).body.state).toMatchObject({
        life_cycle_state: 'TERMINATED',
        result_state: 'CANCELED',
      });
      expect((await activeRuns(jobId)).map((r: { run_id: number }) => r.run_id)).toEqual([restarted.run_id]);
    });

    it('starts another run after its run is cancelled, until it is paused', async () => {
      const jobId = await continuous();
      const [first] = await activeRuns(jobId);
      await call(emulator(), 'POST', '/api/2.2/jobs/update', {
        job_id: jobId,
        new_settings: { continuous: { pause_status: 'PAUSED' } },
      });
      await call(emulator(), 'POST', '/api/2.2/jobs/runs/cancel', { run_id: first.run_id });
      expect(await activeRuns(jobId)).toEqual([]);
      await call(emulator(), 'POST', '/api/2.2/jobs/update', {
        job_id: jobId,
        new_settings: { continuous: { pause_status: 'UNPAUSED' } },
      });
      const [next] = await activeRuns(jobId);
      expect(next.run_id).not.toBe(first.run_id);
    });

    it('ends a run that fails, as any run does', async () => {
      const jobId = await createJob({ continuous: {} }, '/Shared/checks/missing');
      const [run] = await activeRuns(jobId);
      expect((await finish(run.run_id)).state.life_cycle_state).toBe('INTERNAL_ERROR');
    });
  });

  it('fails to run an unknown job, and to read an unknown run, with 404', async () => {
    expect((await call(emulator(), 'POST', '/api/2.2/jobs/run-now', { job_id: 1 })).status).toBe(404);
    expect((await getRun(1)).status).toBe(404);
  });
});
