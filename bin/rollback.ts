/**
 * npm run rollback -- <env> --to <ref> [--yes] [--allow-destroy <address>]...
 *
 * Redeploys <env> as the program was at <ref> (e.g. release/1.3 or a tag): job definitions,
 * clusters and the Git folder's ref all come back together. See docs/RUNBOOK-rollback.md.
 */
import * as path from 'node:path';
import { applyPlanned, assertDestroyGuard, planEnvironment } from '../ops/deploy-flow';
import {
  environmentArg,
  requireConfirmation,
  parseCli,
  PROJECT_PATHS,
  PROJECT_ROOT,
  runCli,
  UsageError,
} from './cli';
import { assertClean, resolveRef, withWorktree } from '../ops/git-worktree';
import { syncRepoMount } from '../ops/repo-sync';
import { stackContext } from '../ops/stack-context';
import { refusePartitioned } from '../ops/partitioned-flow';

const USAGE = `Usage: npm run rollback -- <env> --to <ref> [--yes] [--allow-destroy <address>]...

Checks <ref> of this repository out into a temporary worktree, synthesizes <env> there against the
same state backend, prints the plan summary, applies it on confirmation (--yes or CI=true), syncs
the Git folder, records the deployed commit and ref in the stack outputs (npm run status), and
removes the worktree. Refuses an unknown ref and a working tree with uncommitted changes.

Exit codes: 0 rolled back (or nothing to do), 1 error, 2 usage, 3 destroy guard tripped,
4 not applied: no --yes and no terminal to confirm on (or the answer was no).`;

runCli(USAGE, async () => {
  const { values, positionals } = parseCli(
    process.argv.slice(2),
    { to: { type: 'string' }, yes: { type: 'boolean' }, 'allow-destroy': { type: 'string', multiple: true } },
    USAGE,
  );
  const environment = environmentArg(positionals);
  refusePartitioned('npm run rollback', environment);
  if (!values.to) throw new UsageError('--to <ref> is required');
  assertClean(PROJECT_ROOT);
  const commit = resolveRef(PROJECT_ROOT, values.to);
  console.error(`Rolling ${environment} back to ${values.to} (${commit.slice(0, 12)})`);

  const configDir = process.env.DEVOPS_CONFIG_DIR ? path.resolve(process.env.DEVOPS_CONFIG_DIR) : undefined;
  await withWorktree(PROJECT_ROOT, commit, async (dir) => {
    // The old program with its own config (a config folder inside the repo is taken at <ref> too),
    // against the same state: local state files stay in this checkout.
    const insideRepo = configDir && !path.relative(PROJECT_ROOT, configDir).startsWith('..');
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      DEVOPS_GIT_SHA: commit,
      DEVOPS_GIT_REF: values.to,
      DEVOPS_STATE_DIR: process.env.DEVOPS_STATE_DIR ?? PROJECT_PATHS.state,
      ...(configDir
        ? {
            DEVOPS_CONFIG_DIR: insideRepo
              ? path.join(dir, path.relative(PROJECT_ROOT, configDir))
              : configDir,
          }
        : {}),
    };
    delete env.CDKTF_OUTDIR;
    const planned = planEnvironment({
      toolchainRoot: PROJECT_ROOT,
      programDir: dir,
      environment,
      allowDestroy: values['allow-destroy'] ?? [],
      env,
    });
    console.log(planned.markdown);
    assertDestroyGuard(planned);
    if (planned.summary.hasChanges) {
      await requireConfirmation(`roll ${environment} back to ${values.to}`, values.yes === true);
      await applyPlanned(planned);
    }
    const sync = await syncRepoMount(stackContext(dir, environment, env));
    console.error(
      `${environment} now runs ${values.to} (${commit.slice(0, 12)}); Git folder at ${sync.after}`,
    );
  });
  return 0;
});
