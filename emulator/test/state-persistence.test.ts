import fs from 'node:fs';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { startEmulator } from '../server';
import { call } from './client';

describe('state persistence', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'emulator-state-'));
  });
  afterEach(() => {
    jest.restoreAllMocks();
    rmSync(dir, { recursive: true, force: true });
  });

  it('reloads everything written before a restart', async () => {
    const stateFile = join(dir, 'state.json');
    const first = await startEmulator({ port: 0, stateFile });
    const job = await call(first, 'POST', '/api/2.2/jobs/create', { name: 'kept' });
    await call(first, 'POST', '/api/2.0/secrets/scopes/create', { scope: 'kept' });
    await first.close();

    const second = await startEmulator({ port: 0, stateFile });
    try {
      const read = await call(second, 'GET', `/api/2.2/jobs/get?job_id=${job.body.job_id}`);
      expect(read.body.settings.name).toBe('kept');
      const scopes = await call(second, 'GET', '/api/2.0/secrets/scopes/list');
      expect(scopes.body.scopes.map((scope: { name: string }) => scope.name)).toEqual(['kept']);
    } finally {
      await second.close();
    }
  });

  it('writes through a temporary file in the same directory, renamed over the state file', async () => {
    const stateFile = join(dir, 'state.json');
    const emulator = await startEmulator({ port: 0, stateFile });
    const rename = jest.spyOn(fs, 'renameSync');
    const write = jest.spyOn(fs, 'writeFileSync');
    try {
      await call(emulator, 'POST', '/api/2.0/workspace/mkdirs', { path: '/Shared/persisted' });
      expect(rename).toHaveBeenCalledTimes(1);
      const [temp, target] = rename.mock.calls[0];
      expect(target).toBe(stateFile);
      expect(dirname(String(temp))).toBe(dir);
      expect(temp).not.toBe(stateFile);
      expect(write.mock.calls.map((args) => args[0])).toEqual([temp]);
      expect(readdirSync(dir)).toEqual(['state.json']);
      expect(JSON.parse(readFileSync(stateFile, 'utf8')).workspace['/Shared/persisted'].object_type).toBe(
        'DIRECTORY',
      );
    } finally {
      await emulator.close();
    }
  });

  it('does not write the file for read-only requests or failed writes', async () => {
    const stateFile = join(dir, 'state.json');
    const emulator = await startEmulator({ port: 0, stateFile });
    const rename = jest.spyOn(fs, 'renameSync');
    try {
      await call(emulator, 'GET', '/api/2.0/secrets/scopes/list');
      await call(emulator, 'POST', '/api/2.0/secrets/scopes/create', {});
      expect(rename).not.toHaveBeenCalled();
    } finally {
      await emulator.close();
    }
  });

  it('keeps every one of many concurrent writes, in memory and on disk', async () => {
    const stateFile = join(dir, 'state.json');
    const emulator = await startEmulator({ port: 0, stateFile, latencyMs: 5 });
    try {
      const created = await Promise.all(
        Array.from({ length: 40 }, (_, i) =>
          call(emulator, 'POST', '/api/2.2/jobs/create', { name: `job-${i}` }),
        ),
      );
      expect(created.map((answer) => answer.status)).toEqual(Array(40).fill(200));
      expect(new Set(created.map((answer) => answer.body.job_id)).size).toBe(40);
    } finally {
      await emulator.close();
    }
    expect(Object.keys(JSON.parse(readFileSync(stateFile, 'utf8')).jobs)).toHaveLength(40);
  });

  it('fails to start when the state file is not an emulator state', async () => {
    const stateFile = join(dir, 'other.json');
    writeFileSync(stateFile, '{"hello":"world"}');
    await expect(startEmulator({ port: 0, stateFile })).rejects.toThrow(
      'is not a Databricks emulator state file',
    );
  });
});
