/**
 * npm run state -- <backups|restore|orphans|migrate> <env> [options]
 *
 * Looks after an environment's Terraform state; see docs/RUNBOOK-state.md.
 */
import * as path from 'node:path';
import { synthEnvironment } from '../ops/deploy-flow';
import { migrateLocalState } from '../ops/state-migrate';
import {
  adoptOrphans,
  deleteOrphans,
  describeOrphans,
  readStack,
  reconcileStack,
  stackClient,
} from '../ops/orphans';
import { stackBackend } from '../ops/state-backend';
import { listBackups, restoreState } from '../ops/state-backup';
import { TerraformRunner } from '../ops/terraform-runner';
import { environmentArg, parseCli, PROJECT_PATHS, PROJECT_ROOT, runCli, UsageError } from './cli';

const USAGE = `Usage: npm run state -- <command> <env> [options]

Commands (see docs/RUNBOOK-state.md):
  backups <env>                     list the backups of <env>'s local state file, newest first
                                    (one is taken before every apply; DEVOPS_STATE_BACKUPS are kept, default 20)
  restore <env> [--from <file>]     put the newest backup (or <file>) back as the state file; the
                                    file it replaces is kept beside it as <file>.replaced-<time>
  orphans <env> [--adopt] [--delete]
                                    list objects of <env> in the workspace that state does not know
                                    (exit 4 when there are some); --adopt imports those the code
                                    declares and state lacks, --delete deletes the others (twins of
                                    objects state has, and objects the code no longer declares)
  migrate <env> --to <type> [--from <file>]
                                    move <env>'s local state (default $DEVOPS_STATE_DIR or .state/<env>.tfstate)
                                    into the empty backend its config now declares (e.g. pg) with
                                    terraform init -migrate-state, check lineage and resources, then
                                    rename the local file <file>.migrated-<time>

Exit codes: 0 done (no orphans), 1 error, 2 usage, 4 orphans found and left.`;

runCli(USAGE, async () => {
  const { values, positionals } = parseCli(
    process.argv.slice(2),
    {
      from: { type: 'string' },
      to: { type: 'string' },
      adopt: { type: 'boolean' },
      delete: { type: 'boolean' },
    },
    USAGE,
  );
  const [command, ...rest] = positionals;
  const environment = environmentArg(rest);
  const flow = { toolchainRoot: PROJECT_ROOT, programDir: PROJECT_ROOT, environment };
  switch (command) {
    case 'backups':
    case 'restore': {
      const { stateFile, type } = stackBackend(synthEnvironment(flow, false));
      if (!stateFile)
        throw new Error(
          `${environment} keeps its state in the ${type} backend: backups are the backend's own (e.g. bucket versioning).`,
        );
      if (command === 'backups') {
        const backups = listBackups(stateFile);
        console.log(backups.length > 0 ? backups.join('\n') : `No backups of ${stateFile} yet.`);
        return 0;
      }
      const used = restoreState(stateFile, values.from);
      console.error(`Restored ${stateFile} from ${used}. Check it with: npm run plan -- ${environment}`);
      return 0;
    }
    case 'orphans': {
      const stackDir = synthEnvironment(flow);
      const runner = new TerraformRunner(PROJECT_ROOT, stackDir);
      runner.init();
      const log = (line: string) => console.error(line);
      let orphans = await reconcileStack(runner, process.env);
      if (orphans.length === 0) {
        console.log(`No orphans: every object of ${environment} in the workspace is in its state.`);
        return 0;
      }
      console.log(describeOrphans(environment, orphans));
      if (values.adopt) adoptOrphans(runner, orphans, log);
      if (values.delete) await deleteOrphans(stackClient(readStack(stackDir), process.env), orphans, log);
      if (!values.adopt && !values.delete) return 4;
      orphans = await reconcileStack(runner, process.env);
      if (orphans.length > 0) {
        console.log(`Left:\n${describeOrphans(environment, orphans)}`);
        return 4;
      }
      console.log(`No orphans left in ${environment}. Next: npm run deploy -- ${environment}`);
      return 0;
    }
    case 'migrate': {
      if (!values.to) throw new UsageError('migrate needs --to <backend type>, e.g. --to pg');
      const stackDir = synthEnvironment(flow);
      const { type } = stackBackend(stackDir);
      if (type !== values.to) {
        throw new Error(
          `the config of ${environment} declares stateBackend.type ${type}, not ${values.to}: set ` +
            `stateBackend: { type: ${values.to} } in its environment file first, then re-run`,
        );
      }
      const from = path.resolve(
        values.from ??
          path.join(process.env.DEVOPS_STATE_DIR || PROJECT_PATHS.state, `${environment}.tfstate`),
      );
      const moved = migrateLocalState(new TerraformRunner(PROJECT_ROOT, stackDir), from, (l) =>
        console.error(l),
      );
      console.error(
        `Migrated ${environment} to ${type}; the local file is now ${moved}. Check: npm run plan -- ${environment}`,
      );
      return 0;
    }
    default:
      throw new UsageError(`unknown command ${JSON.stringify(command)}`);
  }
});
