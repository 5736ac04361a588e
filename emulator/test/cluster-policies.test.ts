import { call, useEmulator } from './client';

// Deliberately unusual spacing: the definition must come back byte for byte, never re-serialised.
const DEFINITION =
  '{"autotermination_minutes": {"type":"range","maxValue":120},  "spark_version":{"type":"unlimited"}}';

describe('cluster policies', () => {
  const emulator = useEmulator();

  const create = (body: object) => call(emulator(), 'POST', '/api/2.0/policies/clusters/create', body);

  it('creates a policy with a 16-hex id and echoes definition byte for byte', async () => {
    const created = await create({
      name: 'p',
      definition: DEFINITION,
      description: 'd',
      max_clusters_per_user: 2,
    });
    expect(created.body.policy_id).toMatch(/^[0-9A-F]{16}$/);
    const read = await call(
      emulator(),
      'GET',
      `/api/2.0/policies/clusters/get?policy_id=${created.body.policy_id}`,
    );
    expect(read.body).toMatchObject({
      policy_id: created.body.policy_id,
      name: 'p',
      definition: DEFINITION,
      description: 'd',
      max_clusters_per_user: 2,
      creator_user_name: 'deployer@example.com',
    });
  });

  it('fails when the name is missing or taken, or the definition is not JSON', async () => {
    expect((await create({ definition: '{}' })).body.error_code).toBe('INVALID_PARAMETER_VALUE');
    await create({ name: 'p', definition: '{}' });
    expect((await create({ name: 'p', definition: '{}' })).body.error_code).toBe('RESOURCE_ALREADY_EXISTS');
    expect((await create({ name: 'q', definition: '{nope' })).status).toBe(400);
  });

  it('edits, lists and deletes', async () => {
    const { policy_id: id } = (await create({ name: 'p', definition: '{}' })).body;
    await call(emulator(), 'POST', '/api/2.0/policies/clusters/edit', {
      policy_id: id,
      name: 'p2',
      definition: DEFINITION,
    });
    const listed = await call(emulator(), 'GET', '/api/2.0/policies/clusters/list');
    expect(listed.body.policies).toEqual([
      expect.objectContaining({ policy_id: id, name: 'p2', definition: DEFINITION }),
    ]);
    await call(emulator(), 'POST', '/api/2.0/policies/clusters/delete', { policy_id: id });
    const gone = await call(emulator(), 'GET', `/api/2.0/policies/clusters/get?policy_id=${id}`);
    expect(gone.status).toBe(404);
  });
});

describe('cluster policy enforcement', () => {
  const emulator = useEmulator();
  const POLICY = {
    spark_version: { type: 'fixed', value: '15.4.x-scala2.12' },
    node_type_id: { type: 'allowlist', values: ['i3.xlarge', 'i3.2xlarge'], defaultValue: 'i3.xlarge' },
    'autoscale.max_workers': { type: 'range', maxValue: 4 },
    autotermination_minutes: { type: 'range', minValue: 10, maxValue: 60, defaultValue: 30 },
    'custom_tags.team': { type: 'fixed', value: 'data' },
    instance_pool_id: { type: 'forbidden' },
  };
  const CLUSTER = {
    cluster_name: 'c',
    spark_version: '15.4.x-scala2.12',
    node_type_id: 'i3.xlarge',
    autoscale: { min_workers: 1, max_workers: 2 },
    autotermination_minutes: 30,
  };

  async function policy(): Promise<string> {
    const created = await call(emulator(), 'POST', '/api/2.0/policies/clusters/create', {
      name: 'pinned',
      definition: JSON.stringify(POLICY),
    });
    return created.body.policy_id;
  }
  const createCluster = (spec: object) => call(emulator(), 'POST', '/api/2.1/clusters/create', spec);

  it('applies fixed values, and default values when apply_policy_default_values is true', async () => {
    const policyId = await policy();
    const created = await createCluster({
      cluster_name: 'c',
      spark_version: '15.4.x-scala2.12',
      num_workers: 1,
      policy_id: policyId,
      apply_policy_default_values: true,
    });
    expect(created.status).toBe(200);
    const details = (
      await call(emulator(), 'GET', `/api/2.1/clusters/get?cluster_id=${created.body.cluster_id}`)
    ).body;
    expect(details).toMatchObject({
      node_type_id: 'i3.xlarge',
      autotermination_minutes: 30,
      custom_tags: { team: 'data' },
    });
  });

  it('fails when values break the policy, with 400 INVALID_PARAMETER_VALUE naming every violation', async () => {
    const policyId = await policy();
    const answer = await createCluster({
      ...CLUSTER,
      spark_version: '14.3.x-scala2.12',
      autotermination_minutes: 120,
      instance_pool_id: 'pool-1',
      policy_id: policyId,
    });
    expect(answer.status).toBe(400);
    expect(answer.body).toEqual({
      error_code: 'INVALID_PARAMETER_VALUE',
      message:
        'Validation failed for spark_version, the value must be 15.4.x-scala2.12 (is "14.3.x-scala2.12"); ' +
        'Validation failed for autotermination_minutes, the value must be less than or equal to 60 (is "120"); ' +
        'Validation failed for instance_pool_id, the value must be absent (is "pool-1")',
    });
  });

  it('fails when a required value is missing and defaults are not applied', async () => {
    const policyId = await policy();
    const answer = await createCluster({ ...CLUSTER, node_type_id: undefined, policy_id: policyId });
    expect(answer.body.message).toBe('Validation failed for node_type_id, the value must be present');
  });

  it('enforces the policy on edit', async () => {
    const policyId = await policy();
    const created = await createCluster({ ...CLUSTER, policy_id: policyId });
    expect(created.status).toBe(200);
    const id = created.body.cluster_id;
    for (let i = 0; i < 2; i += 1) await call(emulator(), 'GET', `/api/2.1/clusters/get?cluster_id=${id}`);
    const answer = await call(emulator(), 'POST', '/api/2.1/clusters/edit', {
      ...CLUSTER,
      cluster_id: id,
      node_type_id: 'r5d.xlarge',
      policy_id: policyId,
    });
    expect(answer.body.message).toBe(
      'Validation failed for node_type_id, the value must be one of [i3.xlarge, i3.2xlarge] (is "r5d.xlarge")',
    );
  });

  it('enforces the policy on job clusters, where autotermination does not apply', async () => {
    const policyId = await policy();
    const job = (newCluster: object) =>
      call(emulator(), 'POST', '/api/2.2/jobs/create', {
        name: 'j',
        job_clusters: [{ job_cluster_key: 'main', new_cluster: { ...newCluster, policy_id: policyId } }],
        tasks: [{ task_key: 't', job_cluster_key: 'main', notebook_task: { notebook_path: '/x' } }],
      });
    const jobCluster: Partial<typeof CLUSTER> = { ...CLUSTER };
    delete jobCluster.autotermination_minutes;
    expect((await job(jobCluster)).status).toBe(200);
    const refused = await job({ ...jobCluster, autoscale: { min_workers: 1, max_workers: 8 } });
    expect(refused.status).toBe(400);
    expect(refused.body.message).toBe(
      'Validation failed for autoscale.max_workers, the value must be less than or equal to 4 (is "8")',
    );
  });

  it('stores the policy values in the job cluster specs jobs/get returns, as a workspace does', async () => {
    const policyId = await policy();
    const jobCluster = (applyDefaults: boolean) => ({
      num_workers: 0,
      policy_id: policyId,
      apply_policy_default_values: applyDefaults,
    });
    const created = await call(emulator(), 'POST', '/api/2.2/jobs/create', {
      name: 'j',
      job_clusters: [{ job_cluster_key: 'main', new_cluster: jobCluster(true) }],
      tasks: [
        { task_key: 't', job_cluster_key: 'main', notebook_task: { notebook_path: '/x' } },
        // Without the policy's defaults a task cluster must name its node type itself.
        {
          task_key: 'u',
          new_cluster: { ...jobCluster(false), node_type_id: 'i3.2xlarge' },
          notebook_task: { notebook_path: '/x' },
        },
      ],
    });
    expect(created.status).toBe(200);
    const { settings } = (await call(emulator(), 'GET', `/api/2.2/jobs/get?job_id=${created.body.job_id}`))
      .body;
    // Fixed values always; default values only with apply_policy_default_values (autotermination is not a
    // job cluster attribute).
    expect(settings.job_clusters[0].new_cluster).toEqual({
      ...jobCluster(true),
      spark_version: '15.4.x-scala2.12',
      node_type_id: 'i3.xlarge',
      custom_tags: { team: 'data' },
    });
    expect(settings.tasks[1].new_cluster).toEqual({
      ...jobCluster(false),
      node_type_id: 'i3.2xlarge',
      spark_version: '15.4.x-scala2.12',
      custom_tags: { team: 'data' },
    });
    const reset = await call(emulator(), 'POST', '/api/2.2/jobs/reset', {
      job_id: created.body.job_id,
      new_settings: { name: 'j', job_clusters: [{ job_cluster_key: 'main', new_cluster: jobCluster(true) }] },
    });
    expect(reset.status).toBe(200);
    const afterReset = await call(emulator(), 'GET', `/api/2.2/jobs/get?job_id=${created.body.job_id}`);
    expect(afterReset.body.settings.job_clusters[0].new_cluster.spark_version).toBe('15.4.x-scala2.12');
  });

  it('takes a spark_version the policy fixes from the policy, as the provider test of job cluster policies does', async () => {
    const create = async (newCluster: object) =>
      call(emulator(), 'POST', '/api/2.1/clusters/create', {
        cluster_name: 'c',
        num_workers: 0,
        ...newCluster,
      });
    const pinned = await call(emulator(), 'POST', '/api/2.0/policies/clusters/create', {
      name: 'spark version only',
      definition: JSON.stringify({ spark_version: POLICY.spark_version }),
    });
    const fromPolicy = await create({ policy_id: pinned.body.policy_id, node_type_id: 'i3.xlarge' });
    expect(fromPolicy.status).toBe(200);
    const details = await call(
      emulator(),
      'GET',
      `/api/2.1/clusters/get?cluster_id=${fromPolicy.body.cluster_id}`,
    );
    expect(details.body.spark_version).toBe('15.4.x-scala2.12');
  });

  it('fails when neither the spec nor its policy gives a spark_version', async () => {
    const answer = await call(emulator(), 'POST', '/api/2.1/clusters/create', {
      cluster_name: 'c',
      num_workers: 0,
    });
    expect(answer.status).toBe(400);
    expect(answer.body).toEqual({
      error_code: 'INVALID_PARAMETER_VALUE',
      message: 'Missing required field: spark_version',
    });
  });
});
