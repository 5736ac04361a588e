import * as fs from 'node:fs';
import * as path from 'node:path';

/** The state backend a synthesized stack uses, as its `cdk.tf.json` declares it. */
export interface StackBackend {
  /** `local`, `pg`, `s3`, `azurerm`, `gcs` or `cloud`. */
  readonly type: string;
  /** Absolute path of the state file (local backend only). */
  readonly stateFile?: string;
  /** The backend block's settings (never a credential: those come from the environment). */
  readonly settings: Readonly<Record<string, unknown>>;
}

/** Reads the backend of the stack synthesized in `stackDir`. */
export function stackBackend(stackDir: string): StackBackend {
  const config = JSON.parse(fs.readFileSync(path.join(stackDir, 'cdk.tf.json'), 'utf8')) as {
    terraform?: { backend?: Record<string, Record<string, unknown>>; cloud?: Record<string, unknown> };
  };
  if (config.terraform?.cloud) return { type: 'cloud', settings: config.terraform.cloud };
  const [type, settings] = Object.entries(config.terraform?.backend ?? { local: {} })[0] ?? ['local', {}];
  if (type !== 'local') return { type, settings };
  const file = typeof settings.path === 'string' ? settings.path : 'terraform.tfstate';
  return { type, settings, stateFile: path.resolve(stackDir, file) };
}

/**
 * What to do about a state lock that another run holds, for this backend: where the lock lives,
 * how to see whether its holder is still alive, and how to release it when it is not.
 */
export function unlockAdvice(backend: StackBackend, lockId: string): string {
  switch (backend.type) {
    case 'local': {
      const file = backend.stateFile ?? 'terraform.tfstate';
      const info = path.join(path.dirname(file), `.${path.basename(file)}.lock.info`);
      return (
        `Local state: the lock is an operating-system lock on ${file}, held by a running terraform; it ` +
        `goes away by itself when that process ends (even when it is killed), and \`terraform force-unlock\` ` +
        `cannot release it. Check the holder with \`fuser -v ${file}\` (or \`ps -ef | grep terraform\` on ` +
        `the host in Who); once no process holds it, ${info} is only a leftover note and may be deleted.`
      );
    }
    case 'pg':
      return (
        "PostgreSQL state: the lock is a session advisory lock of the holder's database connection; it goes " +
        'away when that connection closes (also when its terraform is killed), and `terraform force-unlock` ' +
        'cannot release it. If the run named in Who is gone but its session lingers, end that session: ' +
        '`psql "$PG_CONN_STR" -c "SELECT pg_terminate_backend(<session pid>)"`.'
      );
    case 's3': {
      const { bucket, key } = backend.settings as { bucket?: string; key?: string };
      return (
        `S3 state: the lock is the object s3://${bucket}/${key}.tflock (use_lockfile). If its holder is ` +
        `gone, run \`terraform force-unlock ${lockId}\` in the stack folder (or delete that object).`
      );
    }
    default:
      return `If the holder died, release the lock with \`terraform force-unlock ${lockId}\` in the stack folder.`;
  }
}
