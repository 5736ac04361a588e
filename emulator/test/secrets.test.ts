import { call, useEmulator } from './client';

/** The group the ACL tests grant to. */
const PRINCIPALS = { groups: ['data-eng'] };

describe('secret scopes, secrets and ACLs', () => {
  const emulator = useEmulator({ principals: PRINCIPALS, strictPrincipals: true });

  const post = (path: string, body: object) => call(emulator(), 'POST', `/api/2.0/secrets/${path}`, body);

  it('creates and lists scopes', async () => {
    expect((await post('scopes/create', { scope: 'team', scope_backend_type: 'DATABRICKS' })).status).toBe(
      200,
    );
    const listed = await call(emulator(), 'GET', '/api/2.0/secrets/scopes/list');
    expect(listed.body.scopes).toEqual([{ name: 'team', backend_type: 'DATABRICKS' }]);
  });

  it('fails when a scope name is taken, with RESOURCE_ALREADY_EXISTS', async () => {
    await post('scopes/create', { scope: 'team' });
    const again = await post('scopes/create', { scope: 'team' });
    expect(again.status).toBe(400);
    expect(again.body.error_code).toBe('RESOURCE_ALREADY_EXISTS');
  });

  it('fails when the scope name is missing or invalid', async () => {
    expect((await post('scopes/create', {})).body.error_code).toBe('INVALID_PARAMETER_VALUE');
    expect((await post('scopes/create', { scope: 'has space' })).status).toBe(400);
  });

  it('stores secrets without ever returning their values, in the API or the state dump', async () => {
    await post('scopes/create', { scope: 'team' });
    await post('put', { scope: 'team', key: 'api-key', string_value: 'fake-value-123' });
    const listed = await call(emulator(), 'GET', '/api/2.0/secrets/list?scope=team');
    expect(listed.body.secrets).toEqual([{ key: 'api-key', last_updated_timestamp: expect.any(Number) }]);
    expect(JSON.stringify(listed.body)).not.toContain('fake-value-123');
    const state = await call(emulator(), 'GET', '/__emulator/state', undefined, null);
    expect(JSON.stringify(state.body)).not.toContain('fake-value-123');
    expect((await call(emulator(), 'GET', '/api/2.0/secrets/get?scope=team&key=api-key')).status).not.toBe(
      200,
    );
  });

  it('fails to list secrets of a missing scope with 404', async () => {
    const answer = await call(emulator(), 'GET', '/api/2.0/secrets/list?scope=nope');
    expect(answer.status).toBe(404);
    expect(answer.body.error_code).toBe('RESOURCE_DOES_NOT_EXIST');
  });

  it('deletes secrets and scopes', async () => {
    await post('scopes/create', { scope: 'team' });
    await post('put', { scope: 'team', key: 'k', string_value: 'v' });
    await post('delete', { scope: 'team', key: 'k' });
    expect((await call(emulator(), 'GET', '/api/2.0/secrets/list?scope=team')).body.secrets).toEqual([]);
    await post('scopes/delete', { scope: 'team' });
    expect((await call(emulator(), 'GET', '/api/2.0/secrets/scopes/list')).body.scopes).toEqual([]);
  });

  it('puts, reads, lists and deletes ACLs; the creator manages a new scope', async () => {
    await post('scopes/create', { scope: 'team' });
    await post('acls/put', { scope: 'team', principal: 'data-eng', permission: 'READ' });
    const acl = await call(emulator(), 'GET', '/api/2.0/secrets/acls/get?scope=team&principal=data-eng');
    expect(acl.body).toEqual({ principal: 'data-eng', permission: 'READ' });
    const listed = await call(emulator(), 'GET', '/api/2.0/secrets/acls/list?scope=team');
    expect(listed.body.items).toEqual([
      { principal: 'data-eng', permission: 'READ' },
      { principal: 'deployer@example.com', permission: 'MANAGE' },
    ]);
    await post('acls/delete', { scope: 'team', principal: 'data-eng' });
    expect(
      (await call(emulator(), 'GET', '/api/2.0/secrets/acls/get?scope=team&principal=data-eng')).status,
    ).toBe(404);
  });

  it('fails when an ACL permission is not READ, WRITE or MANAGE', async () => {
    await post('scopes/create', { scope: 'team' });
    expect((await post('acls/put', { scope: 'team', principal: 'x', permission: 'OWN' })).status).toBe(400);
  });
});
