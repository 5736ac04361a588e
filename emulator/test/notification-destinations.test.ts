import { call, useEmulator } from './client';

describe('notification destinations', () => {
  const emulator = useEmulator();

  it('hides the Slack URL behind url_set and echoes email addresses', async () => {
    const slack = await call(emulator(), 'POST', '/api/2.0/notification-destinations', {
      display_name: 'alerts',
      config: { slack: { url: 'https://hooks.slack.com/services/T0/B0/fake' } },
    });
    expect(slack.body.id).toMatch(/^[0-9a-f-]{36}$/);
    const read = await call(emulator(), 'GET', `/api/2.0/notification-destinations/${slack.body.id}`);
    expect(read.body).toEqual({
      id: slack.body.id,
      display_name: 'alerts',
      destination_type: 'SLACK',
      config: { slack: { url_set: true } },
    });
    const email = await call(emulator(), 'POST', '/api/2.0/notification-destinations', {
      display_name: 'mail',
      config: { email: { addresses: ['a@example.com'] } },
    });
    expect(email.body).toMatchObject({
      destination_type: 'EMAIL',
      config: { email: { addresses: ['a@example.com'] } },
    });
  });

  it('renames on PATCH, lists and deletes', async () => {
    const created = await call(emulator(), 'POST', '/api/2.0/notification-destinations', {
      display_name: 'a',
      config: { email: { addresses: ['a@example.com'] } },
    });
    await call(emulator(), 'PATCH', `/api/2.0/notification-destinations/${created.body.id}`, {
      display_name: 'b',
    });
    const listed = await call(emulator(), 'GET', '/api/2.0/notification-destinations');
    expect(listed.body.results).toEqual([
      { id: created.body.id, display_name: 'b', destination_type: 'EMAIL' },
    ]);
    await call(emulator(), 'DELETE', `/api/2.0/notification-destinations/${created.body.id}`);
    expect(
      (await call(emulator(), 'GET', `/api/2.0/notification-destinations/${created.body.id}`)).status,
    ).toBe(404);
  });

  it('fails when config is missing or names no known destination type', async () => {
    expect(
      (await call(emulator(), 'POST', '/api/2.0/notification-destinations', { display_name: 'x' })).status,
    ).toBe(400);
    const unknown = await call(emulator(), 'POST', '/api/2.0/notification-destinations', {
      config: { pigeon: {} },
    });
    expect(unknown.body.error_code).toBe('INVALID_PARAMETER_VALUE');
  });
});

describe('global init scripts', () => {
  const emulator = useEmulator();

  it('assigns the next free position and returns the stored fields', async () => {
    const first = await call(emulator(), 'POST', '/api/2.0/global-init-scripts', {
      name: 'a',
      script: 'ZWNobw==',
    });
    const second = await call(emulator(), 'POST', '/api/2.0/global-init-scripts', {
      name: 'b',
      script: 'ZWNobw==',
      enabled: true,
    });
    const read = await call(emulator(), 'GET', `/api/2.0/global-init-scripts/${second.body.script_id}`);
    expect(read.body).toMatchObject({ name: 'b', enabled: true, position: 1, script: 'ZWNobw==' });
    expect(
      (await call(emulator(), 'GET', `/api/2.0/global-init-scripts/${first.body.script_id}`)).body.position,
    ).toBe(0);
  });
});
