import * as fs from 'node:fs';
import * as path from 'node:path';
import { stackBackend } from './state-backend';
import { stateFileProblem } from './state-backup';
import { TerraformRunner } from './terraform-runner';

/** Lineage and serial: what makes two copies of a state the same state. */
interface StateIdentity {
  readonly lineage?: string;
  readonly serial?: number;
  readonly resources?: unknown[];
}

/** Terraform reads `*_override.tf.json` after `cdk.tf.json`; its backend block replaces the stack's. */
const OVERRIDE_FILE = 'devops_migrate_override.tf.json';

/**
 * Moves a local state file into the backend the stack now declares (e.g. `pg`) with Terraform's
 * own backend migration, which keeps the state's lineage and serial: `terraform init` against the
 * local file (an override file declares it as the backend for that one init), then
 * `terraform init -migrate-state -force-copy` against the declared backend. Refused when that
 * backend already holds resources for the environment. The result is checked (same lineage, a
 * serial at least the local one, as many resources) and the local file renamed
 * `<file>.migrated-<time>`, so that nothing deploys from it again.
 * @returns the renamed local file
 */
export function migrateLocalState(
  runner: TerraformRunner,
  from: string,
  log: (line: string) => void,
  now = new Date(),
): string {
  const backend = stackBackend(runner.stackDir);
  if (backend.type === 'local') {
    throw new Error(
      'the stack still uses local state: set stateBackend in its config file to the target backend first',
    );
  }
  if (!fs.existsSync(from)) throw new Error(`no local state file at ${from}; pass --from <file>`);
  const problem = stateFileProblem(from);
  if (problem)
    throw new Error(`The state file ${from} ${problem}; restore it first (npm run state -- restore).`);
  const local = JSON.parse(fs.readFileSync(from, 'utf8')) as StateIdentity;
  const pull = (): StateIdentity | undefined => {
    const text = runner.run(['state', 'pull']).stdout.trim();
    return text ? (JSON.parse(text) as StateIdentity) : undefined;
  };

  log(`• terraform init (${backend.type}): is it empty?`);
  runner.init();
  const existing = pull();
  if (existing && (existing.resources?.length ?? 0) > 0) {
    throw new Error(
      `the ${backend.type} backend already holds state for this environment (serial ${existing.serial}, ` +
        `${existing.resources?.length} resources); refusing to overwrite it. Migrate into an empty schema ` +
        `(stateBackend.schemaName), or compare the two states first.`,
    );
  }

  const override = path.join(runner.stackDir, OVERRIDE_FILE);
  log(`• terraform init -reconfigure (local: ${from})`);
  fs.writeFileSync(override, JSON.stringify({ terraform: { backend: { local: { path: from } } } }));
  try {
    runner.run(['init', '-input=false', '-no-color', '-reconfigure']);
  } finally {
    fs.rmSync(override, { force: true });
  }
  log(`• terraform init -migrate-state -force-copy (local → ${backend.type})`);
  runner.run(['init', '-input=false', '-no-color', '-migrate-state', '-force-copy']);

  let check = pull();
  if (check?.lineage !== local.lineage) {
    // Terraform's remote state gives the first snapshot written into an empty backend a new lineage
    // (remote.State.PersistState finds no snapshot to update), also when migrating. Now that the
    // snapshot exists, a forced push of the same file keeps its lineage (serial + 1).
    log(
      `• terraform state push -force ${from} (the first write got lineage ${check?.lineage}; restoring ${local.lineage})`,
    );
    runner.run(['state', 'push', '-force', from]);
    check = pull();
  }
  if (
    check?.lineage !== local.lineage ||
    (check?.serial ?? 0) < (local.serial ?? 0) ||
    check?.resources?.length !== local.resources?.length
  ) {
    throw new Error(
      `the ${backend.type} backend holds lineage ${check?.lineage} serial ${check?.serial} after the ` +
        `migration (${check?.resources?.length} resources), not the local ${local.lineage} serial ${local.serial} ` +
        `(${local.resources?.length} resources); the local file ${from} is untouched`,
    );
  }
  const moved = `${from}.migrated-${now.toISOString().replace(/[:.]/g, '-')}`;
  fs.renameSync(from, moved);
  return moved;
}
