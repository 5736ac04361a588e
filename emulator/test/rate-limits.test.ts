import fc from 'fast-check';
import { DOCUMENTED_RATE_LIMITS, RateLimiter, TokenBucket } from '../rate-limits';
import { startEmulator } from '../server';
import { call, useEmulator } from './client';

describe('TokenBucket', () => {
  it('grants a full second of requests at once, then one per 1/rate seconds', () => {
    const bucket = new TokenBucket(20, 0);
    for (let i = 0; i < 20; i += 1) expect(bucket.take(0)).toBe(0);
    expect(bucket.take(0)).toBeCloseTo(50);
    expect(bucket.take(50)).toBe(0);
    expect(bucket.take(50)).toBeCloseTo(50);
  });

  it('never grants more than rate x seconds + capacity requests in any window', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 200 }),
        fc.array(fc.integer({ min: 0, max: 200 }), { minLength: 1, maxLength: 400 }),
        (rate, gaps) => {
          const bucket = new TokenBucket(rate, 0);
          let now = 0;
          let granted = 0;
          for (const gap of gaps) {
            now += gap;
            if (bucket.take(now) === 0) granted += 1;
          }
          return granted <= rate + (now / 1000) * rate + 1e-9;
        },
      ),
    );
  });

  it('fails when the rate is not positive', () => {
    expect(() => new TokenBucket(0, 0)).toThrow('A token bucket needs perSecond > 0');
  });
});

describe('RateLimiter with the documented limits', () => {
  it('limits jobs/create to 20 per second per workspace, with Retry-After of at least one second', () => {
    const limiter = new RateLimiter(DOCUMENTED_RATE_LIMITS, () => 0);
    for (let i = 0; i < 20; i += 1) expect(limiter.check('POST', 'jobs/create')).toBeUndefined();
    const exceeded = limiter.check('POST', 'jobs/create');
    expect(exceeded).toMatchObject({
      status: 429,
      errorCode: 'REQUEST_LIMIT_EXCEEDED',
      retryAfterSeconds: 1,
    });
    expect(exceeded?.message).toBe(
      'Request limit exceeded: Jobs API - create allows 20 requests per second per workspace.',
    );
  });

  it('keeps one bucket per family: permissions writes (30/s) do not spend permissions reads (100/s)', () => {
    const limiter = new RateLimiter(DOCUMENTED_RATE_LIMITS, () => 0);
    for (let i = 0; i < 30; i += 1) expect(limiter.check('PUT', 'permissions/jobs/1')).toBeUndefined();
    expect(limiter.check('PATCH', 'permissions/jobs/1')?.status).toBe(429);
    for (let i = 0; i < 100; i += 1) expect(limiter.check('GET', 'permissions/jobs/1')).toBeUndefined();
    expect(limiter.check('GET', 'permissions/jobs/1')?.status).toBe(429);
  });

  it('does not limit endpoints the documentation lists no limit for', () => {
    const limiter = new RateLimiter(DOCUMENTED_RATE_LIMITS, () => 0);
    for (let i = 0; i < 1000; i += 1) {
      expect(limiter.check('GET', 'jobs/get')).toBeUndefined();
      expect(limiter.check('GET', 'clusters/get')).toBeUndefined();
    }
  });

  it('refills over time and forgets everything on reset', () => {
    let now = 0;
    const limiter = new RateLimiter(DOCUMENTED_RATE_LIMITS, () => now);
    for (let i = 0; i < 20; i += 1) limiter.check('POST', 'jobs/run-now');
    expect(limiter.check('POST', 'jobs/run-now')?.status).toBe(429);
    now = 100;
    expect(limiter.check('POST', 'jobs/run-now')).toBeUndefined();
    limiter.reset();
    for (let i = 0; i < 20; i += 1) expect(limiter.check('POST', 'jobs/run-now')).toBeUndefined();
  });
});

describe('the emulator with --rate-limits documented', () => {
  // A frozen clock: no refill during the test, however slowly a loaded machine sends the requests.
  const emulator = useEmulator({ rateLimits: new RateLimiter(DOCUMENTED_RATE_LIMITS, () => 0) });

  it('answers the request over the limit with 429 REQUEST_LIMIT_EXCEEDED and Retry-After, changing nothing', async () => {
    await call(emulator(), 'POST', '/api/2.0/workspace/mkdirs', { path: '/Shared' });
    const writes = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        call(emulator(), 'POST', '/api/2.0/workspace/import', {
          path: `/Shared/n${i}`,
          format: 'SOURCE',
          language: 'PYTHON',
          content: Buffer.from('1').toString('base64'),
        }),
      ),
    );
    const limited = writes.filter((answer) => answer.status === 429);
    // 30 per second per workspace: the 10 imports beyond the first 30 are over the limit.
    expect(limited).toHaveLength(10);
    expect(writes.filter((answer) => answer.status === 200)).toHaveLength(30);
    expect(limited[0].body.error_code).toBe('REQUEST_LIMIT_EXCEEDED');
    expect(Number(limited[0].headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(
      emulator()
        .requests()
        .filter((entry) => entry.status === 429),
    ).toHaveLength(10);
    const listed = await call(emulator(), 'GET', '/api/2.0/workspace/list?path=/Shared');
    expect(listed.body.objects).toHaveLength(30);
  });

  it('fails to start when the mode is unknown', async () => {
    await expect(startEmulator({ rateLimits: 'strict' as 'off' })).rejects.toThrow(
      'rateLimits must be one of off, documented, got "strict".',
    );
  });
});
