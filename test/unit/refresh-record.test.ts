import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import fc from 'fast-check';
import {
  previewDecision,
  readRefreshRecord,
  REFRESH_RECORD_FILE,
  RefreshRecord,
  stateIdentityOf,
  writeRefreshRecord,
} from '../../ops/refresh-record';

const NOW = new Date('2026-11-29T12:00:00Z');
const STATE = { serial: 42, lineage: 'b1e2c3d4-0000-4000-8000-000000000001' };
const recordAt = (refreshedAt: string, state = STATE): RefreshRecord => ({
  environment: 'dev',
  refreshedAt,
  ...state,
  by: 'plan',
});
const decide = (
  record: RefreshRecord | undefined,
  maxStalenessHours = 26,
  state: typeof STATE | undefined = STATE,
) => previewDecision({ record, state, maxStalenessHours, now: NOW });

describe('previewDecision: when a preview may plan without refresh', () => {
  test('skips the refresh when the last full refresh is within the bound and the state is the one it refreshed', () => {
    const record = recordAt('2026-11-29T04:00:00Z');
    expect(decide(record)).toEqual({ refresh: false, lastRefresh: record, ageMinutes: 480 });
  });

  test('refreshes when the last full refresh is older than the bound, saying how old and which bound', () => {
    const decision = decide(recordAt('2026-11-28T04:00:00Z'), 26, STATE);
    expect(decision).toEqual({
      refresh: true,
      reason:
        'the last full refresh (2026-11-28T04:00:00Z, 32 h 0 min ago) is older than plan.previewMaxStalenessHours (26 h)',
    });
  });

  test('refreshes when the state changed since the refresh (an apply, import or state command)', () => {
    const decision = decide(recordAt('2026-11-29T11:00:00Z', { ...STATE, serial: 41 }));
    expect(decision).toEqual({
      refresh: true,
      reason: 'the state changed since the last full refresh (serial 41 then, 42 now)',
    });
  });

  test('refreshes when the state was recreated (another lineage), even at the same serial', () => {
    const decision = decide(recordAt('2026-11-29T11:00:00Z', { ...STATE, lineage: 'other' }));
    expect(decision).toMatchObject({ refresh: true, reason: expect.stringContaining('another lineage') });
  });

  test('refreshes when no full refresh is recorded', () => {
    expect(decide(undefined)).toEqual({
      refresh: true,
      reason: 'no full refresh is recorded for this state',
    });
  });

  test('refreshes when there is no state yet (nothing to refresh: it costs nothing)', () => {
    const record = recordAt('2026-11-29T11:00:00Z');
    expect(previewDecision({ record, state: undefined, maxStalenessHours: 26, now: NOW })).toEqual({
      refresh: true,
      reason: 'the environment has no state yet',
    });
  });

  test('refreshes when the bound is 0, however fresh the record', () => {
    expect(decide(recordAt('2026-11-29T11:59:00Z'), 0)).toMatchObject({ refresh: true });
  });

  test('refreshes when the record is dated in the future (clock skew or a hand-made record)', () => {
    expect(decide(recordAt('2026-11-29T13:00:00Z'))).toEqual({
      refresh: true,
      reason: 'the last full refresh is recorded in the future (2026-11-29T13:00:00Z)',
    });
  });

  test('property: a preview never skips the refresh past the bound or for another state', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -3 * 1440, max: 10 * 1440 }),
        fc.double({ min: 0, max: 168, noNaN: true }),
        fc.integer({ min: 0, max: 5 }),
        fc.integer({ min: 0, max: 5 }),
        (ageMinutes, bound, recordedSerial, serial) => {
          const refreshedAt = new Date(NOW.getTime() - ageMinutes * 60_000).toISOString();
          const decision = decide(recordAt(refreshedAt, { ...STATE, serial: recordedSerial }), bound, {
            ...STATE,
            serial,
          });
          const allowed =
            bound > 0 && ageMinutes >= -5 && ageMinutes <= bound * 60 && recordedSerial === serial;
          expect(decision.refresh).toBe(!allowed);
          if (!decision.refresh) expect(decision.ageMinutes).toBeLessThanOrEqual(bound * 60);
        },
      ),
    );
  });
});

describe('the refresh record file', () => {
  const dir = () => fs.mkdtempSync(path.join(os.tmpdir(), 'refresh-record-'));

  test('reads back what was written', () => {
    const planDir = path.join(dir(), 'plans', 'dev');
    const record = recordAt('2026-11-29T04:00:00Z');
    writeRefreshRecord(planDir, record);
    expect(readRefreshRecord(planDir)).toEqual(record);
  });

  test('reads nothing (so the preview refreshes) when the file is missing, not JSON or not a record', () => {
    const planDir = dir();
    expect(readRefreshRecord(planDir)).toBeUndefined();
    fs.writeFileSync(path.join(planDir, REFRESH_RECORD_FILE), '{not json');
    expect(readRefreshRecord(planDir)).toBeUndefined();
    fs.writeFileSync(
      path.join(planDir, REFRESH_RECORD_FILE),
      JSON.stringify({ ...recordAt('yesterday'), serial: 1 }),
    );
    expect(readRefreshRecord(planDir)).toBeUndefined();
    fs.writeFileSync(
      path.join(planDir, REFRESH_RECORD_FILE),
      JSON.stringify({ ...recordAt('2026-11-29T04:00:00Z'), serial: '1' }),
    );
    expect(readRefreshRecord(planDir)).toBeUndefined();
  });
});

describe('stateIdentityOf', () => {
  test('reads serial and lineage of a state document', () => {
    expect(stateIdentityOf(JSON.stringify({ version: 4, serial: 7, lineage: 'abc', resources: [] }))).toEqual(
      {
        serial: 7,
        lineage: 'abc',
      },
    );
  });

  test('reads nothing from an empty state (terraform state pull before the first apply)', () => {
    expect(stateIdentityOf('')).toBeUndefined();
  });
});
