import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { acquireRunLock, RunLockError } from '../../ops/run-lock';
import { tempDir } from '../helpers/temp-dir';

function holder(pid: number, host = os.hostname()) {
  return { pid, host, user: 'ci', command: 'deploy dev --yes', started: '2026-01-01T00:00:00.000Z' };
}

/** A pid that is certainly not running: a child that already exited. */
function deadPid(): number {
  return spawnSync(process.execPath, ['-e', '0']).pid!;
}

describe('acquireRunLock', () => {
  it('creates <outdir>.lock naming this process, and taking it again in the same process is a no-op', () => {
    const outdir = path.join(tempDir(), 'cdktf.out');
    const lock = acquireRunLock(outdir);
    expect(lock).toBe(`${outdir}.lock`);
    expect(JSON.parse(fs.readFileSync(lock, 'utf8'))).toMatchObject({
      pid: process.pid,
      host: os.hostname(),
    });
    expect(acquireRunLock(outdir)).toBe(lock);
  });

  it('fails when a live process holds it, naming the holder, the check and the file to delete', () => {
    const outdir = path.join(tempDir(), 'cdktf.out');
    const other = process.ppid; // alive for as long as this test runs
    fs.writeFileSync(`${outdir}.lock`, JSON.stringify(holder(other)));
    expect(() => acquireRunLock(outdir)).toThrow(RunLockError);
    expect(() => acquireRunLock(outdir)).toThrow(
      `${outdir} is in use by another run of this checkout (Who: ci@${os.hostname()}, pid ${other}, command \`deploy dev --yes\``,
    );
    expect(() => acquireRunLock(outdir)).toThrow(`\`ps -p ${other}\``);
    expect(() => acquireRunLock(outdir)).toThrow(`then delete ${outdir}.lock`);
  });

  it('takes over the lock of a process that no longer runs on this host, saying so', () => {
    const outdir = path.join(tempDir(), 'cdktf.out');
    const dead = deadPid();
    fs.writeFileSync(`${outdir}.lock`, JSON.stringify(holder(dead)));
    const log: string[] = [];
    acquireRunLock(outdir, (l) => log.push(l));
    expect(log).toEqual([
      `• removed the run lock of pid ${dead} (\`deploy dev --yes\`), which no longer runs`,
    ]);
    expect(JSON.parse(fs.readFileSync(`${outdir}.lock`, 'utf8')).pid).toBe(process.pid);
  });

  it('fails when the holder is on another host, even with a pid unused here (it cannot be checked from here)', () => {
    const outdir = path.join(tempDir(), 'cdktf.out');
    fs.writeFileSync(`${outdir}.lock`, JSON.stringify(holder(deadPid(), 'other-runner')));
    expect(() => acquireRunLock(outdir)).toThrow('Who: ci@other-runner');
  });
});
