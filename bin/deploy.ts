/**
 * npm run deploy -- <env> [--yes] [--allow-destroy <address>]... [--no-sync]
 *
 * Synthesizes, plans and (after review) applies one environment, then syncs its Git folder (checks
 * a folder pinned to the planned commit is at it; pulls an unpinned branch). The saved plan that was
 * shown is the plan applied.
 */
import { deployEnvironment } from '../ops/deploy-environment';
import { environmentArg, requireConfirmation, parseCli, PROJECT_ROOT, runCli } from './cli';

const USAGE = `Usage: npm run deploy -- <env> [--yes] [--allow-destroy <address>]... [--no-sync] [--all-stacks]

Synthesizes all stacks, plans <env>, prints the plan summary, applies the saved plan after
confirmation (--yes, or CI=true, applies without asking), then syncs the environment's Git folder
(npm run sync: a folder pinned to the planned commit must be at it; an unpinned branch is pulled to
its head). Credentials: DATABRICKS_TOKEN or DATABRICKS_CLIENT_ID/SECRET.

A partitioned environment (partitioning.enabled, docs/partitioning.md) deploys stack by stack, core
first: each stack whose synthesized content changed since its last clean apply (or whose last refresh is
older than partitioning.maxStalenessHours) is planned, shown, confirmed and applied; the others are listed
as skipped. --all-stacks plans every stack.

Exit codes: 0 applied or nothing to do, 1 error, 2 usage, 3 destroy guard tripped,
4 not applied: no --yes and no terminal to confirm on (or the answer was no).`;

runCli(USAGE, async () => {
  const { values, positionals } = parseCli(
    process.argv.slice(2),
    {
      yes: { type: 'boolean' },
      'allow-destroy': { type: 'string', multiple: true },
      'no-sync': { type: 'boolean' },
      'all-stacks': { type: 'boolean' },
    },
    USAGE,
  );
  await deployEnvironment({
    toolchainRoot: PROJECT_ROOT,
    programDir: PROJECT_ROOT,
    environment: environmentArg(positionals),
    allowDestroy: values['allow-destroy'] ?? [],
    sync: !values['no-sync'],
    allStacks: values['all-stacks'] === true,
    confirm: (action) => requireConfirmation(action, values.yes === true),
    print: (text) => console.log(text),
    log: (line) => console.error(line),
  });
  return 0;
});
