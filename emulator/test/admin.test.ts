import { call, useEmulator } from './client';

describe('admin endpoints', () => {
  const emulator = useEmulator();

  it('dumps the whole state without authentication', async () => {
    await call(emulator(), 'POST', '/api/2.0/secrets/scopes/create', { scope: 's' });
    const state = await call(emulator(), 'GET', '/__emulator/state', undefined, null);
    expect(state.status).toBe(200);
    expect(Object.keys(state.body.secretScopes)).toEqual(['s']);
    expect(state.body.workspace['/Shared'].object_type).toBe('DIRECTORY');
  });

  it('resets to an empty workspace and clears the request log', async () => {
    await call(emulator(), 'POST', '/api/2.0/secrets/scopes/create', { scope: 's' });
    await call(emulator(), 'POST', '/__emulator/reset', {}, null);
    expect((await call(emulator(), 'GET', '/__emulator/state', undefined, null)).body.secretScopes).toEqual(
      {},
    );
    expect(emulator().requests()).toEqual([]);
  });

  it('deep-merges a patch into job settings, as a UI edit behind Terraform would', async () => {
    const job = await call(emulator(), 'POST', '/api/2.2/jobs/create', {
      name: 'j',
      max_concurrent_runs: 1,
      tags: { env: 'dev', team: 'a' },
    });
    const mutated = await call(
      emulator(),
      'POST',
      '/__emulator/mutate',
      {
        kind: 'job',
        id: job.body.job_id,
        patch: { max_concurrent_runs: 5, tags: { team: null, edited: 'ui' } },
      },
      null,
    );
    expect(mutated.status).toBe(200);
    const read = await call(emulator(), 'GET', `/api/2.2/jobs/get?job_id=${job.body.job_id}`);
    expect(read.body.settings).toMatchObject({ max_concurrent_runs: 5, tags: { env: 'dev', edited: 'ui' } });
    expect(read.body.settings.tags.team).toBeUndefined();
  });

  it('deep-merges into a cluster spec, a repo and a policy', async () => {
    const cluster = await call(emulator(), 'POST', '/api/2.1/clusters/create', {
      spark_version: 'v',
      num_workers: 1,
    });
    await call(
      emulator(),
      'POST',
      '/__emulator/mutate',
      { kind: 'cluster', id: cluster.body.cluster_id, patch: { num_workers: 3 } },
      null,
    );
    const details = await call(
      emulator(),
      'GET',
      `/api/2.1/clusters/get?cluster_id=${cluster.body.cluster_id}`,
    );
    expect(details.body.num_workers).toBe(3);

    const repo = await call(emulator(), 'POST', '/api/2.0/repos', {
      url: 'https://github.com/a/b',
      provider: 'gitHub',
    });
    await call(
      emulator(),
      'POST',
      '/__emulator/mutate',
      { kind: 'repo', id: repo.body.id, patch: { branch: 'hotfix' } },
      null,
    );
    expect((await call(emulator(), 'GET', `/api/2.0/repos/${repo.body.id}`)).body.branch).toBe('hotfix');

    const policy = await call(emulator(), 'POST', '/api/2.0/policies/clusters/create', {
      name: 'p',
      definition: '{}',
    });
    await call(
      emulator(),
      'POST',
      '/__emulator/mutate',
      { kind: 'policy', id: policy.body.policy_id, patch: { description: 'ui' } },
      null,
    );
    const read = await call(
      emulator(),
      'GET',
      `/api/2.0/policies/clusters/get?policy_id=${policy.body.policy_id}`,
    );
    expect(read.body.description).toBe('ui');
  });

  it('fails to mutate an unknown object or kind', async () => {
    const unknownJob = await call(
      emulator(),
      'POST',
      '/__emulator/mutate',
      { kind: 'job', id: '1', patch: {} },
      null,
    );
    expect(unknownJob.status).toBe(404);
    const unknownKind = await call(
      emulator(),
      'POST',
      '/__emulator/mutate',
      { kind: 'spaceship', id: '1', patch: {} },
      null,
    );
    expect(unknownKind.status).toBe(400);
  });

  it('fails when next-result names an unknown result state', async () => {
    const answer = await call(
      emulator(),
      'POST',
      '/__emulator/runs/next-result',
      { result_state: 'MAYBE' },
      null,
    );
    expect(answer.status).toBe(400);
  });
});
