import { call, useEmulator } from './client';

/** Databricks SQL as the provider drives it: warehouses, data sources, queries, alerts, dashboards. */
describe('Databricks SQL: warehouses, queries, alerts and Lakeview dashboards', () => {
  const emulator = useEmulator({ principals: { groups: ['data-eng'] }, strictPrincipals: true });
  const api = (method: string, path: string, body?: object) =>
    call(emulator(), method, `/api/2.0/${path}`, body);

  const WAREHOUSE = { name: 'Dev – job health', cluster_size: '2X-Small', auto_stop_mins: 10 };

  async function warehouse(): Promise<string> {
    const created = await api('POST', 'sql/warehouses', {
      ...WAREHOUSE,
      enable_serverless_compute: true,
      warehouse_type: 'PRO',
    });
    expect(created.status).toBe(200);
    return created.body.id as string;
  }

  async function query(warehouseId: string): Promise<string> {
    const created = await api('POST', 'sql/queries', {
      query: {
        display_name: 'failures',
        query_text: 'SELECT 0 AS failure_rate',
        warehouse_id: warehouseId,
        parent_path: '/Shared',
      },
      auto_resolve_display_name: false,
    });
    expect(created.status).toBe(200);
    return created.body.id as string;
  }

  const CONDITION = {
    op: 'GREATER_THAN',
    operand: { column: { name: 'failure_rate' } },
    threshold: { value: { double_value: 0.1 } },
  };

  it('creates a warehouse that is RUNNING at once and has a data source', async () => {
    const id = await warehouse();
    const read = await api('GET', `sql/warehouses/${id}`);
    expect(read.body).toMatchObject({
      id,
      state: 'RUNNING',
      enable_serverless_compute: true,
      auto_stop_mins: 10,
    });
    const sources = await api('GET', 'preview/sql/data_sources');
    expect(sources.body).toEqual([expect.objectContaining({ warehouse_id: id })]);
  });

  it('fails when auto_stop_mins is between 1 and 9, as the API refuses it', async () => {
    const refused = await api('POST', 'sql/warehouses', { ...WAREHOUSE, auto_stop_mins: 5 });
    expect(refused.status).toBe(400);
    expect(refused.body).toEqual({
      error_code: 'INVALID_PARAMETER_VALUE',
      message: 'auto_stop_mins must be 0 (never) or at least 10, got 5.',
    });
  });

  it('fails when serverless compute is asked of a CLASSIC warehouse, or the size is unknown', async () => {
    expect(
      (await api('POST', 'sql/warehouses', { ...WAREHOUSE, enable_serverless_compute: true })).status,
    ).toBe(400);
    expect((await api('POST', 'sql/warehouses', { ...WAREHOUSE, cluster_size: 'Tiny' })).status).toBe(400);
  });

  it('fails when a warehouse name is taken', async () => {
    await warehouse();
    expect((await api('POST', 'sql/warehouses', WAREHOUSE)).body.error_code).toBe('RESOURCE_ALREADY_EXISTS');
  });

  it('fails to create a query on a warehouse that does not exist, or in a missing folder', async () => {
    const noWarehouse = await api('POST', 'sql/queries', {
      query: { display_name: 'q', query_text: 'SELECT 1', warehouse_id: 'nope' },
    });
    expect(noWarehouse.status).toBe(404);
    const id = await warehouse();
    const noFolder = await api('POST', 'sql/queries', {
      query: { display_name: 'q', query_text: 'SELECT 1', warehouse_id: id, parent_path: '/Shared/missing' },
    });
    expect(noFolder.status).toBe(404);
    expect(noFolder.body.message).toBe("Path (/Shared/missing) doesn't exist.");
  });

  it('updates only the fields of update_mask and trashes on delete', async () => {
    const id = await query(await warehouse());
    const updated = await api('PATCH', `sql/queries/${id}`, {
      query: { display_name: 'renamed', query_text: 'ignored' },
      update_mask: 'display_name',
    });
    expect(updated.body).toMatchObject({ display_name: 'renamed', query_text: 'SELECT 0 AS failure_rate' });
    await api('DELETE', `sql/queries/${id}`);
    expect((await api('GET', `sql/queries/${id}`)).body.lifecycle_state).toBe('TRASHED');
  });

  it('creates an alert on a query, and fails on an unknown query or a condition without a column', async () => {
    const queryId = await query(await warehouse());
    const alert = await api('POST', 'sql/alerts', {
      alert: { display_name: 'a', query_id: queryId, condition: CONDITION },
    });
    expect(alert.body).toMatchObject({ query_id: queryId, state: 'UNKNOWN', lifecycle_state: 'ACTIVE' });
    const unknownQuery = await api('POST', 'sql/alerts', {
      alert: { display_name: 'a', query_id: 'nope', condition: CONDITION },
    });
    expect(unknownQuery.status).toBe(404);
    const noColumn = await api('POST', 'sql/alerts', {
      alert: { display_name: 'a', query_id: queryId, condition: { op: 'GREATER_THAN', operand: {} } },
    });
    expect(noColumn.body.message).toBe('Missing required field: condition.operand.column.name');
  });

  it('creates, publishes and trashes a Lakeview dashboard; trashing twice is PERMISSION_DENIED', async () => {
    const warehouseId = await warehouse();
    const created = await api('POST', 'lakeview/dashboards', {
      display_name: 'Job health',
      parent_path: '/Shared',
      warehouse_id: warehouseId,
      serialized_dashboard: '{"pages":[]}',
    });
    expect(created.body).toMatchObject({
      path: '/Shared/Job health.lvdash.json',
      etag: '1',
      lifecycle_state: 'ACTIVE',
    });
    const id = created.body.dashboard_id as string;
    const published = await api('POST', `lakeview/dashboards/${id}/published`, {
      warehouse_id: warehouseId,
      embed_credentials: false,
    });
    expect(published.body).toMatchObject({ warehouse_id: warehouseId, embed_credentials: false });
    expect((await api('PATCH', `lakeview/dashboards/${id}`, { display_name: 'Jobs' })).body.etag).toBe('2');
    await api('DELETE', `lakeview/dashboards/${id}`);
    expect((await api('GET', `lakeview/dashboards/${id}`)).body.lifecycle_state).toBe('TRASHED');
    expect((await api('DELETE', `lakeview/dashboards/${id}`)).body.error_code).toBe('PERMISSION_DENIED');
  });

  it('fails when a second dashboard would take the same path, and lists the dashboards not in the trash', async () => {
    const warehouseId = await warehouse();
    const base = { display_name: 'Job health', parent_path: '/Shared', warehouse_id: warehouseId };
    const first = await api('POST', 'lakeview/dashboards', base);
    const twin = await api('POST', 'lakeview/dashboards', base);
    expect(twin.status).toBe(400);
    expect(twin.body).toEqual({
      error_code: 'RESOURCE_ALREADY_EXISTS',
      message: "Node named 'Job health.lvdash.json' already exists",
    });
    expect(
      (await api('GET', 'lakeview/dashboards')).body.dashboards.map(
        (d: { dashboard_id: string }) => d.dashboard_id,
      ),
    ).toEqual([first.body.dashboard_id]);
    await api('DELETE', `lakeview/dashboards/${first.body.dashboard_id}`);
    expect((await api('GET', 'lakeview/dashboards')).body.dashboards).toEqual([]);
    expect((await api('POST', 'lakeview/dashboards', base)).status).toBe(200);
  });

  it('fails to create a dashboard whose JSON does not parse or whose folder is missing', async () => {
    const warehouseId = await warehouse();
    const base = { display_name: 'd', parent_path: '/Shared', warehouse_id: warehouseId };
    expect((await api('POST', 'lakeview/dashboards', { ...base, serialized_dashboard: '{' })).status).toBe(
      400,
    );
    expect((await api('POST', 'lakeview/dashboards', { ...base, parent_path: '/Shared/x' })).status).toBe(
      404,
    );
  });

  it('keeps warehouse permissions under permissions/sql/warehouses and refuses unknown principals', async () => {
    const id = await warehouse();
    const put = await api('PUT', `permissions/sql/warehouses/${id}`, {
      access_control_list: [{ group_name: 'data-eng', permission_level: 'CAN_USE' }],
    });
    expect(put.status).toBe(200);
    expect(put.body).toMatchObject({ object_id: `/sql/warehouses/${id}`, object_type: 'warehouses' });
    expect(put.body.access_control_list).toContainEqual({
      group_name: 'data-eng',
      all_permissions: [{ permission_level: 'CAN_USE', inherited: false }],
    });
    const unknown = await api('PUT', `permissions/sql/warehouses/${id}`, {
      access_control_list: [{ group_name: 'data-engg', permission_level: 'CAN_USE' }],
    });
    expect(unknown.status).toBe(400);
    expect((await api('GET', 'permissions/sql/warehouses/nope')).status).toBe(404);
  });

  it('runs a job whose SQL alert task names an existing alert, and fails one whose alert is gone', async () => {
    const warehouseId = await warehouse();
    const queryId = await query(warehouseId);
    const alertId = (
      await api('POST', 'sql/alerts', {
        alert: { display_name: 'a', query_id: queryId, condition: CONDITION },
      })
    ).body.id as string;
    const job = await call(emulator(), 'POST', '/api/2.2/jobs/create', {
      name: 'slo-alerts',
      tasks: [{ task_key: 'a', sql_task: { warehouse_id: warehouseId, alert: { alert_id: alertId } } }],
    });
    const runOnce = async () => {
      const run = await call(emulator(), 'POST', '/api/2.2/jobs/run-now', { job_id: job.body.job_id });
      for (;;) {
        const got = await call(emulator(), 'GET', `/api/2.2/jobs/runs/get?run_id=${run.body.run_id}`);
        if (
          got.body.state.life_cycle_state === 'TERMINATED' ||
          got.body.state.life_cycle_state === 'INTERNAL_ERROR'
        ) {
          return got.body.state;
        }
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    };
    expect((await runOnce()).result_state).toBe('SUCCESS');
    await api('DELETE', `sql/alerts/${alertId}`);
    expect(await runOnce()).toMatchObject({
      result_state: 'FAILED',
      state_message: `Alert ${alertId} does not exist.`,
    });
  });
});
