import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/** Who holds a run lock. */
export interface RunLockHolder {
  readonly pid: number;
  readonly host: string;
  readonly user: string;
  /** The command line, e.g. `deploy dev --yes`. */
  readonly command: string;
  /** ISO time the lock was taken. */
  readonly started: string;
}

/** Another run of this checkout is using the output folder. */
export class RunLockError extends Error {
  constructor(
    readonly lockFile: string,
    readonly holder: RunLockHolder,
  ) {
    super(
      `${lockFile.replace(/\.lock$/, '')} is in use by another run of this checkout (Who: ${holder.user}@${holder.host}, ` +
        `pid ${holder.pid}, command \`${holder.command}\`, since ${holder.started}); it synthesizes and plans ` +
        `in the same folder. Wait for it to finish. If it died, check that \`ps -p ${holder.pid}\` on ` +
        `${holder.host} shows no such process, then delete ${lockFile}. A second checkout, or CDKTF_OUTDIR ` +
        'set to another folder, can run at the same time (the state lock then keeps the two apart).',
    );
    this.name = 'RunLockError';
  }
}

/** This process as a lock holder: pid, host, user and command line (`deploy dev --yes`), now. */
export function currentRun(): RunLockHolder {
  return {
    pid: process.pid,
    host: os.hostname(),
    user: os.userInfo().username,
    command: process.argv
      .slice(1)
      .map((a) => (a.includes(path.sep) ? path.basename(a, '.ts') : a))
      .join(' '),
    started: new Date().toISOString(),
  };
}

const held = new Set<string>();

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Takes the lock of an output folder (`<outdir>.lock` beside it, created exclusively) for the rest of
 * this process: synth replaces the folder, so two runs must never share it. A lock of a process
 * that no longer exists on this host is taken over (with a note to `log`); a live holder makes it
 * throw a {@link RunLockError} naming that holder. Taking it again in the same process is a no-op.
 */
export function acquireRunLock(outdir: string, log: (line: string) => void = () => undefined): string {
  const lockFile = `${path.resolve(outdir)}.lock`;
  if (held.has(lockFile)) return lockFile;
  fs.mkdirSync(path.dirname(lockFile), { recursive: true });
  const me = currentRun();
  for (let attempt = 0; ; attempt++) {
    try {
      fs.writeFileSync(lockFile, `${JSON.stringify(me)}\n`, { flag: 'wx' });
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST' || attempt > 2) throw e;
      let holder: RunLockHolder;
      try {
        holder = JSON.parse(fs.readFileSync(lockFile, 'utf8')) as RunLockHolder;
      } catch {
        continue; // written this very moment by its holder: look again
      }
      if (holder.host === me.host && !alive(holder.pid)) {
        log(`• removed the run lock of pid ${holder.pid} (\`${holder.command}\`), which no longer runs`);
        fs.rmSync(lockFile, { force: true });
        continue;
      }
      throw new RunLockError(lockFile, holder);
    }
  }
  held.add(lockFile);
  process.once('exit', () => {
    try {
      if ((JSON.parse(fs.readFileSync(lockFile, 'utf8')) as RunLockHolder).pid === process.pid)
        fs.rmSync(lockFile);
    } catch {
      // already gone
    }
  });
  return lockFile;
}
