import { b64, call, useEmulator } from './client';

const SPEC = {
  cluster_name: 'c1',
  spark_version: '15.4.x-scala2.12',
  node_type_id: 'i3.xlarge',
  num_workers: 1,
  autotermination_minutes: 30,
  custom_tags: { team: 'data' },
  spark_conf: { 'spark.speculation': 'true' },
  init_scripts: [{ workspace: { destination: '/Workspace/Shared/init.sh' } }],
};

describe('clusters', () => {
  const emulator = useEmulator();

  beforeEach(async () => {
    const imported = await call(emulator(), 'POST', '/api/2.0/workspace/import', {
      path: '/Shared/init.sh',
      format: 'AUTO',
      content: b64('#!/bin/bash\necho ok\n'),
    });
    expect(imported.status).toBe(200);
  });

  async function create(spec: object = SPEC): Promise<string> {
    const created = await call(emulator(), 'POST', '/api/2.1/clusters/create', spec);
    expect(created.status).toBe(200);
    return created.body.cluster_id;
  }

  const get = (id: string) => call(emulator(), 'GET', `/api/2.1/clusters/get?cluster_id=${id}`);

  it('generates ids shaped like MMDD-HHMMSS-xxxxxxxx', async () => {
    expect(await create()).toMatch(/^\d{4}-\d{6}-[a-z0-9]{8}$/);
  });

  it('starts PENDING and reaches RUNNING on the next poll', async () => {
    const id = await create();
    expect((await get(id)).body.state).toBe('PENDING');
    expect((await get(id)).body.state).toBe('RUNNING');
  });

  it('echoes exactly the spec it was given, plus computed fields only', async () => {
    const id = await create();
    const details = (await get(id)).body;
    expect(details).toMatchObject(SPEC);
    const added = Object.keys(details).filter((key) => !(key in SPEC));
    expect(added.sort()).toEqual(
      [
        'cluster_id',
        'cluster_source',
        'creator_user_name',
        'default_tags',
        'driver_node_type_id',
        'start_time',
        'state',
        'state_message',
      ].sort(),
    );
    expect(details.default_tags).toMatchObject({ ClusterId: id, ClusterName: 'c1', Vendor: 'Databricks' });
  });

  it('fails when spark_version is missing, with 400 INVALID_PARAMETER_VALUE', async () => {
    const answer = await call(emulator(), 'POST', '/api/2.1/clusters/create', {
      cluster_name: 'x',
      num_workers: 1,
    });
    expect(answer.status).toBe(400);
    expect(answer.body).toEqual({
      error_code: 'INVALID_PARAMETER_VALUE',
      message: 'Missing required field: spark_version',
    });
  });

  it('fails when the policy does not exist', async () => {
    const answer = await call(emulator(), 'POST', '/api/2.1/clusters/create', {
      ...SPEC,
      policy_id: 'ABCDEF0123456789',
    });
    expect(answer.status).toBe(400);
  });

  it('replaces the spec on edit and restarts a RUNNING cluster to apply it', async () => {
    const id = await create();
    await get(id);
    await get(id);
    const rest: Partial<typeof SPEC> = { ...SPEC };
    delete rest.custom_tags;
    expect(
      (
        await call(emulator(), 'POST', '/api/2.1/clusters/edit', {
          ...rest,
          cluster_id: id,
          autotermination_minutes: 45,
        })
      ).status,
    ).toBe(200);
    const details = (await get(id)).body;
    expect(details).toMatchObject({ state: 'RESTARTING', autotermination_minutes: 45 });
    expect(details.custom_tags).toBeUndefined();
    expect((await get(id)).body.state).toBe('RUNNING');
  });

  it('fails to edit a PENDING cluster with 400 INVALID_STATE', async () => {
    const id = await create();
    const answer = await call(emulator(), 'POST', '/api/2.1/clusters/edit', { ...SPEC, cluster_id: id });
    expect(answer.status).toBe(400);
    expect(answer.body).toEqual({
      error_code: 'INVALID_STATE',
      message: `Cluster ${id} is in unexpected state Pending.`,
    });
  });

  it('accepts an edit once a PENDING cluster has started, even when nobody polled it', async () => {
    const id = await create();
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const answer = await call(emulator(), 'POST', '/api/2.1/clusters/edit', { ...SPEC, cluster_id: id });
    expect(answer.status).toBe(200);
  });

  it('terminates with INIT_SCRIPT_FAILURE instead of reaching RUNNING when its init script does not exist', async () => {
    const id = await create({
      ...SPEC,
      init_scripts: [{ workspace: { destination: '/Workspace/Shared/missing.sh' } }],
    });
    await get(id);
    const details = (await get(id)).body;
    expect(details).toMatchObject({
      state: 'TERMINATED',
      state_message:
        'Cluster scoped init script /Workspace/Shared/missing.sh failed: the workspace file does not exist.',
      termination_reason: { code: 'INIT_SCRIPT_FAILURE', type: 'CLIENT_ERROR' },
    });
  });

  it('accepts the access modes and fails when SINGLE_USER has no single_user_name', async () => {
    const shared = await call(emulator(), 'POST', '/api/2.1/clusters/create', {
      ...SPEC,
      data_security_mode: 'USER_ISOLATION',
    });
    expect(shared.status).toBe(200);
    const single = await call(emulator(), 'POST', '/api/2.1/clusters/create', {
      ...SPEC,
      data_security_mode: 'SINGLE_USER',
    });
    expect(single.status).toBe(400);
    expect(single.body.message).toBe('single_user_name must be set for data_security_mode SINGLE_USER.');
    const unknown = await call(emulator(), 'POST', '/api/2.1/clusters/create', {
      ...SPEC,
      data_security_mode: 'SHARED',
    });
    expect(unknown.body.error_code).toBe('INVALID_PARAMETER_VALUE');
  });

  it('resizes a running cluster', async () => {
    const id = await create();
    await get(id);
    await get(id);
    await call(emulator(), 'POST', '/api/2.1/clusters/resize', {
      cluster_id: id,
      autoscale: { min_workers: 1, max_workers: 4 },
    });
    const details = (await get(id)).body;
    expect(details.autoscale).toEqual({ min_workers: 1, max_workers: 4 });
    expect(details.num_workers).toBeUndefined();
  });

  it('terminates on delete, starts again on start, and is gone after permanent-delete', async () => {
    const id = await create();
    await call(emulator(), 'POST', '/api/2.1/clusters/delete', { cluster_id: id });
    expect((await get(id)).body.state).toBe('TERMINATED');
    const resize = await call(emulator(), 'POST', '/api/2.1/clusters/resize', {
      cluster_id: id,
      num_workers: 2,
    });
    expect(resize.body.error_code).toBe('INVALID_STATE');
    await call(emulator(), 'POST', '/api/2.1/clusters/start', { cluster_id: id });
    expect((await get(id)).body.state).toBe('PENDING');
    expect((await get(id)).body.state).toBe('RUNNING');
    await call(emulator(), 'POST', '/api/2.1/clusters/permanent-delete', { cluster_id: id });
    const gone = await get(id);
    expect(gone.status).toBe(404);
    expect(gone.body.error_code).toBe('RESOURCE_DOES_NOT_EXIST');
  });

  it('lists only pinned clusters when filter_by.is_pinned=true', async () => {
    const pinned = await create();
    const unpinned = await create({ ...SPEC, cluster_name: 'c2' });
    await call(emulator(), 'POST', '/api/2.1/clusters/pin', { cluster_id: pinned });
    const onlyPinned = await call(
      emulator(),
      'GET',
      '/api/2.1/clusters/list?filter_by.is_pinned=true&page_size=100',
    );
    expect(onlyPinned.body.clusters.map((c: { cluster_id: string }) => c.cluster_id)).toEqual([pinned]);
    const all = await call(emulator(), 'GET', '/api/2.1/clusters/list');
    expect(all.body.clusters.map((c: { cluster_id: string }) => c.cluster_id).sort()).toEqual(
      [pinned, unpinned].sort(),
    );
    await call(emulator(), 'POST', '/api/2.1/clusters/unpin', { cluster_id: pinned });
    const none = await call(emulator(), 'GET', '/api/2.1/clusters/list?filter_by.is_pinned=true');
    expect(none.body.clusters).toEqual([]);
  });

  it('fails to permanently delete a pinned cluster with the "unpin the cluster first" message', async () => {
    const id = await create();
    await call(emulator(), 'POST', '/api/2.1/clusters/pin', { cluster_id: id });
    const refused = await call(emulator(), 'POST', '/api/2.1/clusters/permanent-delete', { cluster_id: id });
    expect(refused.status).toBe(400);
    expect(refused.body.message).toContain('unpin the cluster first');
  });

  it('pages the cluster list with page_token', async () => {
    for (let i = 0; i < 3; i += 1) await create({ ...SPEC, cluster_name: `c${i}` });
    const first = await call(emulator(), 'GET', '/api/2.1/clusters/list?page_size=2');
    expect(first.body.clusters).toHaveLength(2);
    const second = await call(
      emulator(),
      'GET',
      `/api/2.1/clusters/list?page_size=2&page_token=${first.body.next_page_token}`,
    );
    expect(second.body.clusters).toHaveLength(1);
    expect(second.body.next_page_token).toBeUndefined();
  });

  it('offers LTS spark versions and node types for the data sources', async () => {
    const versions = await call(emulator(), 'GET', '/api/2.1/clusters/spark-versions');
    expect(versions.body.versions).toContainEqual({
      key: '15.4.x-scala2.12',
      name: '15.4 LTS (includes Apache Spark 3.5.0, Scala 2.12)',
    });
    const nodes = await call(emulator(), 'GET', '/api/2.1/clusters/list-node-types');
    expect(nodes.body.node_types.map((n: { node_type_id: string }) => n.node_type_id)).toContain('i3.xlarge');
  });

  it('serves the same clusters under /api/2.0', async () => {
    const id = await create();
    expect((await call(emulator(), 'GET', `/api/2.0/clusters/get?cluster_id=${id}`)).body.cluster_id).toBe(
      id,
    );
  });

  it('records installed libraries per cluster', async () => {
    const id = await create();
    await call(emulator(), 'POST', '/api/2.0/libraries/install', {
      cluster_id: id,
      libraries: [{ pypi: { package: 'x==1' } }],
    });
    const status = await call(emulator(), 'GET', `/api/2.0/libraries/cluster-status?cluster_id=${id}`);
    expect(status.body.library_statuses).toEqual([
      { library: { pypi: { package: 'x==1' } }, status: 'INSTALLED', is_library_for_all_clusters: false },
    ]);
  });
});
