/**
 * A throwaway PostgreSQL server for tests: initdb in a temporary folder, listening on loopback on a
 * free port, trust authentication for one user. Debian's postgresql binaries (bin/setup-tools.sh
 * installs them). initdb refuses to run as root, so as root the server runs as the `postgres` user
 * (setpriv), in a folder that user owns.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { postgresBinDir } from '../../ops/pg-lock-holder';

/** A running server. */
export interface TestPostgres {
  readonly port: number;
  /** `postgres://tf@127.0.0.1:<port>/postgres?sslmode=disable` */
  readonly connStr: string;
  /** Runs SQL through psql; returns its unaligned output. */
  psql(sql: string): string;
  stop(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

/** Starts a server; fails (never skips) when PostgreSQL is missing: run bin/setup-tools.sh. */
export async function startPostgres(): Promise<TestPostgres> {
  const bin = postgresBinDir('initdb');
  if (!bin)
    throw new Error('PostgreSQL is not installed: run bash bin/setup-tools.sh (Debian package postgresql)');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'devops-pg-'));
  const asUser: string[] = [];
  if (process.getuid?.() === 0) {
    const uid = Number(spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).stdout.trim());
    const gid = Number(spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).stdout.trim());
    if (!uid)
      throw new Error(
        'running as root needs a "postgres" user for the test server (Debian package postgresql creates it)',
      );
    fs.chownSync(dir, uid, gid);
    asUser.push('setpriv', `--reuid=${uid}`, `--regid=${gid}`, '--clear-groups', '--');
  }
  const run = (cmd: string, args: string[]) => {
    const [exe, ...rest] = [...asUser, cmd, ...args];
    const res = spawnSync(exe, rest, { encoding: 'utf8', env: { ...process.env, LC_ALL: 'C' } });
    if (res.status !== 0) throw new Error(`${cmd} failed: ${res.stderr || res.stdout}`);
    return res.stdout;
  };
  const data = path.join(dir, 'data');
  run(path.join(bin, 'initdb'), ['-D', data, '-U', 'tf', '--auth=trust', '-E', 'UTF8', '--no-sync']);
  const port = await freePort();
  const [exe, ...rest] = [
    ...asUser,
    path.join(bin, 'postgres'),
    '-D',
    data,
    '-p',
    String(port),
    '-k',
    dir,
    '-c',
    'listen_addresses=127.0.0.1',
    '-c',
    'fsync=off',
  ];
  const server: ChildProcess = spawn(exe, rest, { stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  server.stderr?.on('data', (d) => (log += d));
  const deadline = Date.now() + 60_000;
  while (spawnSync(path.join(bin, 'pg_isready'), ['-h', '127.0.0.1', '-p', String(port)]).status !== 0) {
    if (server.exitCode !== null || Date.now() > deadline) throw new Error(`postgres did not start:\n${log}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  const connStr = `postgres://tf@127.0.0.1:${port}/postgres?sslmode=disable`;
  return {
    port,
    connStr,
    psql: (sql) => {
      const res = spawnSync(path.join(bin, 'psql'), ['-At', '-v', 'ON_ERROR_STOP=1', connStr, '-c', sql], {
        encoding: 'utf8',
      });
      if (res.status !== 0) throw new Error(`psql: ${res.stderr}`);
      return res.stdout.trim();
    },
    stop: async () => {
      if (server.exitCode === null) {
        const exited = new Promise((r) => server.once('exit', r));
        server.kill('SIGINT'); // fast shutdown
        await exited;
      }
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
