import { startEmulator } from '../server';
import { call, TOKEN, useEmulator } from './client';

describe('the emulator server', () => {
  const emulator = useEmulator();

  it('listens on 127.0.0.1 and reports its URL and port', () => {
    expect(emulator().url).toBe(`http://127.0.0.1:${emulator().port}`);
    expect(emulator().port).toBeGreaterThan(0);
  });

  it('serves SCIM Me with the configured user and the X-Databricks-Org-Id header', async () => {
    const me = await call(emulator(), 'GET', '/api/2.0/preview/scim/v2/Me');
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ userName: 'deployer@example.com', active: true });
    expect(me.body.id).toMatch(/^\d+$/);
    expect(me.headers.get('x-databricks-org-id')).toMatch(/^\d+$/);
  });

  it('keeps idle connections for longer than the Go SDK reuses them (180 s), not the 5 s of Node', async () => {
    // Node closes an idle connection after keepAliveTimeout and announces it in Keep-Alive; a POST the SDK sends
    // on a connection the server is closing fails with a broken pipe and is not retried.
    const me = await call(emulator(), 'GET', '/api/2.0/preview/scim/v2/Me');
    expect(me.headers.get('keep-alive')).toBe('timeout=185');
  });

  it('fails when no bearer token is sent, with 401 UNAUTHENTICATED', async () => {
    const answer = await call(emulator(), 'GET', '/api/2.0/preview/scim/v2/Me', undefined, null);
    expect(answer.status).toBe(401);
    expect(answer.body.error_code).toBe('UNAUTHENTICATED');
    expect(typeof answer.body.message).toBe('string');
  });

  it('fails with 404 RESOURCE_DOES_NOT_EXIST and a message for unknown ids', async () => {
    const answer = await call(emulator(), 'GET', '/api/2.1/clusters/get?cluster_id=0101-000000-nothere1');
    expect(answer.status).toBe(404);
    expect(answer.body).toEqual({
      error_code: 'RESOURCE_DOES_NOT_EXIST',
      message: 'Cluster 0101-000000-nothere1 does not exist',
    });
  });

  it('fails loudly with 501 for API paths it does not implement', async () => {
    const answer = await call(emulator(), 'GET', '/api/2.0/pipelines');
    expect(answer.status).toBe(501);
    expect(answer.body.error_code).toBe('NOT_IMPLEMENTED');
  });

  it('fails with 400 MALFORMED_REQUEST on a body that is not JSON', async () => {
    const response = await fetch(`${emulator().url}/api/2.0/workspace/mkdirs`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
      body: '{not json',
    });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error_code: string }).error_code).toBe('MALFORMED_REQUEST');
  });

  it('tolerates the bare "?" the SDK leaves on GETs without query fields', async () => {
    expect((await call(emulator(), 'GET', '/api/2.0/secrets/scopes/list?')).status).toBe(200);
  });

  it('logs every API request with method, path, status and duration, but not admin requests', async () => {
    await call(emulator(), 'GET', '/api/2.0/preview/scim/v2/Me');
    await call(emulator(), 'GET', '/api/2.0/repos/1');
    await call(emulator(), 'GET', '/__emulator/state', undefined, null);
    const log = emulator().requests();
    expect(log.map(({ seq, method, path, status }) => ({ seq, method, path, status }))).toEqual([
      { seq: 1, method: 'GET', path: '/api/2.0/preview/scim/v2/Me', status: 200 },
      { seq: 2, method: 'GET', path: '/api/2.0/repos/1', status: 404 },
    ]);
    expect(log[0].ms).toBeGreaterThanOrEqual(0);
    const viaAdmin = await call(emulator(), 'GET', '/__emulator/requests', undefined, null);
    expect(viaAdmin.body).toHaveLength(2);
  });
});

describe('the emulator with a configured token', () => {
  const emulator = useEmulator({ token: 'dapi-only-this' });

  it('accepts the configured token', async () => {
    expect(
      (await call(emulator(), 'GET', '/api/2.0/preview/scim/v2/Me', undefined, 'dapi-only-this')).status,
    ).toBe(200);
  });

  it('fails when another token is sent', async () => {
    const answer = await call(emulator(), 'GET', '/api/2.0/preview/scim/v2/Me', undefined, 'dapi-other');
    expect(answer.status).toBe(401);
    expect(answer.body.error_code).toBe('UNAUTHENTICATED');
  });
});

describe('fault injection', () => {
  async function failingIndices(seed: number): Promise<number[]> {
    const emulator = await startEmulator({ port: 0, faultRate: 0.3, faultSeed: seed });
    try {
      for (let i = 0; i < 40; i += 1) await call(emulator, 'GET', '/api/2.0/preview/scim/v2/Me');
      return emulator
        .requests()
        .filter((entry) => entry.fault)
        .map((entry) => entry.seq);
    } finally {
      await emulator.close();
    }
  }

  it('fails the same request indices for the same seed', async () => {
    const first = await failingIndices(42);
    expect(first.length).toBeGreaterThan(3);
    expect(first.length).toBeLessThan(25);
    expect(await failingIndices(42)).toEqual(first);
    expect(await failingIndices(43)).not.toEqual(first);
  });

  it('answers faults with 429 REQUEST_LIMIT_EXCEEDED or 503 TEMPORARILY_UNAVAILABLE', async () => {
    const emulator = await startEmulator({ port: 0, faultRate: 1 });
    try {
      const statuses = new Set<number>();
      for (let i = 0; i < 20; i += 1) {
        const answer = await call(emulator, 'GET', '/api/2.0/preview/scim/v2/Me');
        statuses.add(answer.status);
        expect(answer.body.error_code).toBe(
          answer.status === 429 ? 'REQUEST_LIMIT_EXCEEDED' : 'TEMPORARILY_UNAVAILABLE',
        );
      }
      expect([...statuses].sort()).toEqual([429, 503]);
    } finally {
      await emulator.close();
    }
  });

  it('never applies a faulted request, and never faults admin requests', async () => {
    const emulator = await startEmulator({ port: 0, faultRate: 1, faultStatuses: [503] });
    try {
      const answer = await call(emulator, 'POST', '/api/2.0/secrets/scopes/create', { scope: 'faulted' });
      expect(answer.status).toBe(503);
      const state = await call(emulator, 'GET', '/__emulator/state', undefined, null);
      expect(state.status).toBe(200);
      expect(state.body.secretScopes).toEqual({});
    } finally {
      await emulator.close();
    }
  });

  it('adds the configured latency to API requests', async () => {
    const emulator = await startEmulator({ port: 0, latencyMs: 60 });
    try {
      const started = Date.now();
      await call(emulator, 'GET', '/api/2.0/preview/scim/v2/Me');
      expect(Date.now() - started).toBeGreaterThanOrEqual(55);
    } finally {
      await emulator.close();
    }
  });

  it('fails when the fault rate is outside 0..1', async () => {
    await expect(startEmulator({ faultRate: 1.5 })).rejects.toThrow('faultRate must be between 0 and 1');
  });
});
