/**
 * npm run deploy -- <env> [--yes] [--allow-destroy <address>]... [--no-sync]
 *
 * Synthesizes, plans and (after review) applies one environment, then syncs its Git folder (checks
 * a folder pinned to the planned commit is at it; pulls an unpinned branch). The saved plan that was
 * shown is the plan applied.
 */
import { applyPlanned, assertDestroyGuard, planEnvironment } from '../ops/deploy-flow';
import { environmentArg, requireConfirmation, parseCli, PROJECT_ROOT, runCli } from './cli';
import { syncRepoMount } from '../ops/repo-sync';
import { stackContext } from '../ops/stack-context';

const USAGE = `Usage: npm run deploy -- <env> [--yes] [--allow-destroy <address>]... [--no-sync]

Synthesizes all stacks, plans <env>, prints the plan summary, applies the saved plan after
confirmation (--yes, or CI=true, applies without asking), then syncs the environment's Git folder
(npm run sync: a folder pinned to the planned commit must be at it; an unpinned branch is pulled to
its head). Credentials: DATABRICKS_TOKEN or DATABRICKS_CLIENT_ID/SECRET.

Exit codes: 0 applied or nothing to do, 1 error, 2 usage, 3 destroy guard tripped,
4 not applied: no --yes and no terminal to confirm on (or the answer was no).`;

runCli(USAGE, async () => {
  const { values, positionals } = parseCli(
    process.argv.slice(2),
    {
      yes: { type: 'boolean' },
      'allow-destroy': { type: 'string', multiple: true },
      'no-sync': { type: 'boolean' },
    },
    USAGE,
  );
  const environment = environmentArg(positionals);
  const planned = planEnvironment({
    toolchainRoot: PROJECT_ROOT,
    programDir: PROJECT_ROOT,
    environment,
    allowDestroy: values['allow-destroy'] ?? [],
  });
  console.log(planned.markdown);
  assertDestroyGuard(planned);
  if (planned.summary.hasChanges) {
    await requireConfirmation(`apply this plan to ${environment}`, values.yes === true);
    await applyPlanned(planned);
  }
  if (!values['no-sync']) {
    const sync = await syncRepoMount(stackContext(PROJECT_ROOT, environment));
    console.error(
      sync.pinned
        ? `Git folder at the planned commit ${sync.pinned}`
        : sync.branch
          ? `Git folder on ${sync.branch} at ${sync.after}`
          : `Git folder on a tag at ${sync.after}`,
    );
  }
  return 0;
});
