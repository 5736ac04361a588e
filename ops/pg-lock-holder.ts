import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { redactSecrets } from '../lib/text/secret-scan';
import { currentRun, RunLockHolder } from './run-lock';
import { StackBackend } from './state-backend';

/**
 * PostgreSQL keeps at most this many bytes of a session's `application_name` (NAMEDATALEN - 1).
 */
const APPLICATION_NAME_MAX = 63;

/**
 * The `application_name` (PGAPPNAME) this run's terraform connects to PostgreSQL with, so that the
 * holder of the pg backend's advisory lock can be named: Terraform's pg backend records nothing
 * about its holder (its "Lock Info" on a conflict describes the run that asked, not the one that
 * holds it), but `pg_stat_activity` shows each session's application name.
 * PostgreSQL keeps printable ASCII only. e.g. `deploy dev --yes by root@ci-7 pid 4242`
 */
export function pgApplicationName(run: RunLockHolder = currentRun()): string {
  const ascii = (text: string) => text.replace(/[^\x20-\x7e]/g, '?');
  const who = ascii(` by ${run.user}@${run.host} pid ${run.pid}`);
  const command = ascii(run.command).slice(0, Math.max(8, APPLICATION_NAME_MAX - who.length));
  return `${command}${who}`.slice(0, APPLICATION_NAME_MAX);
}

/**
 * The newest `/usr/lib/postgresql/<major>/bin` (Debian's layout) holding `tool`, or undefined.
 * @param tool @default 'psql'
 */
export function postgresBinDir(tool = 'psql'): string | undefined {
  const root = '/usr/lib/postgresql';
  if (!fs.existsSync(root)) return undefined;
  const majors = fs
    .readdirSync(root)
    .filter((v) => fs.existsSync(path.join(root, v, 'bin', tool)))
    .sort((a, b) => Number(b) - Number(a));
  return majors[0] ? path.join(root, majors[0], 'bin') : undefined;
}

/** The `psql` client: on PATH, else Debian's; undefined when neither exists. */
function psqlPath(env: NodeJS.ProcessEnv): string | undefined {
  for (const dir of (env.PATH ?? '').split(path.delimiter)) {
    if (dir && fs.existsSync(path.join(dir, 'psql'))) return path.join(dir, 'psql');
  }
  const debian = postgresBinDir();
  return debian ? path.join(debian, 'psql') : undefined;
}

/**
 * The SQL that lists the sessions holding the advisory lock of the `default` state in `schema`.
 * Terraform's pg backend locks key `<states.id>` for an existing state and key -1 while creating
 * one; advisory keys are per database, so a state with the same id in another schema of the same
 * database holds the same key (and is named here, as it does block this run).
 */
export function pgLockHolderQuery(schema: string): string {
  const states = `"${schema.replace(/"/g, '""')}".states`;
  return (
    `SELECT coalesce(nullif(a.application_name, ''), '(no application name: not one of these commands)') ` +
    `|| ' [session pid ' || a.pid || ', client ' || coalesce(host(a.client_addr), 'local socket') || ', connected ' ` +
    `|| to_char(a.backend_start AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') || ']' ` +
    `FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid ` +
    `WHERE l.locktype = 'advisory' AND l.granted AND l.pid <> pg_backend_pid() AND (` +
    `(l.classid::bigint = 0 AND l.objid::bigint = (SELECT id FROM ${states} WHERE name = 'default')) ` +
    `OR (l.classid::bigint = 4294967295 AND l.objid::bigint = 4294967295))`
  );
}

/**
 * Names the holder of a pg backend's state lock by asking PostgreSQL (through `psql`, with the
 * connection Terraform used: PG_CONN_STR or the PG* variables). When it cannot, it says why and
 * gives the query to run; it never guesses.
 */
export function describePgLockHolder(backend: StackBackend, env: NodeJS.ProcessEnv = process.env): string {
  const schema =
    typeof backend.settings.schema_name === 'string'
      ? backend.settings.schema_name
      : 'terraform_remote_state';
  const query = pgLockHolderQuery(schema);
  const psql = psqlPath(env);
  const manual = `run \`psql "$PG_CONN_STR" -c "${query.replace(/"/g, '\\"')}"\` to see it`;
  if (!psql)
    return `unknown: Terraform's pg backend does not record its holder and psql is not installed here to ask PostgreSQL; ${manual}`;
  const res = spawnSync(
    psql,
    [
      '-X',
      '-A',
      '-t',
      '-v',
      'ON_ERROR_STOP=1',
      ...(env.PG_CONN_STR ? ['-d', env.PG_CONN_STR] : []),
      '-c',
      query,
    ],
    {
      env: { ...env, PGCONNECT_TIMEOUT: env.PGCONNECT_TIMEOUT ?? '10' },
      encoding: 'utf8',
      timeout: 30_000,
    },
  );
  if (res.status !== 0) {
    const why = (res.stderr || String(res.error ?? '')).trim().split('\n')[0] ?? '';
    return `unknown: asking PostgreSQL failed (${redactSecrets(why)}); ${manual}`;
  }
  const holders = res.stdout.trim().split('\n').filter(Boolean);
  return holders.length > 0
    ? [...new Set(holders)].join('; ')
    : 'unknown: no session holds it any more (it was released a moment ago): re-run';
}
