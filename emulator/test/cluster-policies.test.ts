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
