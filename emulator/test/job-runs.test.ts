import { call, useEmulator } from './client';

describe('job runs', () => {
  const emulator = useEmulator();

  async function createJob(): Promise<number> {
    const created = await call(emulator(), 'POST', '/api/2.2/jobs/create', {
      name: 'smoke',
      tasks: [{ task_key: 'check', notebook_task: { notebook_path: '/x' } }],
    });
    return created.body.job_id;
  }

  const getRun = (runId: number) => call(emulator(), 'GET', `/api/2.2/jobs/runs/get?run_id=${runId}`);

  it('runs PENDING → RUNNING → TERMINATED/SUCCESS over successive polls', async () => {
    const jobId = await createJob();
    const started = await call(emulator(), 'POST', '/api/2.2/jobs/run-now', { job_id: jobId });
    expect(started.body).toEqual({ run_id: expect.any(Number), number_in_job: expect.any(Number) });
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

  it('ends the next run of a job with the result set through the admin endpoint', async () => {
    const jobId = await createJob();
    await call(
      emulator(),
      'POST',
      '/__emulator/runs/next-result',
      { job_id: jobId, result_state: 'FAILED', state_message: 'boom' },
      null,
    );
    const failing = await call(emulator(), 'POST', '/api/2.2/jobs/run-now', { job_id: jobId });
    for (let i = 0; i < 2; i += 1) await getRun(failing.body.run_id);
    expect((await getRun(failing.body.run_id)).body.state).toMatchObject({
      life_cycle_state: 'TERMINATED',
      result_state: 'FAILED',
      state_message: 'boom',
    });
    const next = await call(emulator(), 'POST', '/api/2.2/jobs/run-now', { job_id: jobId });
    for (let i = 0; i < 2; i += 1) await getRun(next.body.run_id);
    expect((await getRun(next.body.run_id)).body.state.result_state).toBe('SUCCESS');
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
    expect(all.body.runs.map((run: { run_id: number }) => run.run_id).sort()).toEqual(
      [first.body.run_id, second.body.run_id].sort(),
    );
    const active = await call(emulator(), 'GET', `/api/2.2/jobs/runs/list?job_id=${jobId}&active_only=true`);
    expect(active.body.runs.map((run: { run_id: number }) => run.run_id)).toEqual([second.body.run_id]);
  });

  it('fails to run an unknown job, and to read an unknown run, with 404', async () => {
    expect((await call(emulator(), 'POST', '/api/2.2/jobs/run-now', { job_id: 1 })).status).toBe(404);
    expect((await getRun(1)).status).toBe(404);
  });
});
