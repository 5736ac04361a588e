/**
 * `npm run promote -- staging|prod [--yes]`: cuts the next release branch (blueprint section 3).
 */
import * as path from 'node:path';
import { parseCli, PROJECT_ROOT, runCli, UsageError } from './cli';
import { defaultConfigDir } from '../app/config/load-config';
import { promote, PromotionTarget } from '../ops/promotion';

const USAGE = `Usage: npm run promote -- <staging|prod> [--yes]

Promotes on the remote "origin" (dev runs main; nothing to promote):
  staging  cuts release/x.y-RC from main, one minor version above the newest release branch
           (release/1.0-RC when there is none)
  prod     cuts release/x.y from the newest release/x.y-RC
On the new branch, one commit sets git.branch in config/<env>.yaml to that branch, so the
environment deployed from it (and any later rollback to it) mounts the same branch.
Refuses a working tree with uncommitted changes, a missing source branch and an existing target.
Prints what it will push (stderr); pushes only with --yes. stdout: the new branch's name.

Exit codes: 0 pushed or dry run, 1 refused or error, 2 usage.`;

runCli(USAGE, () => {
  const { values, positionals } = parseCli(process.argv.slice(2), { yes: { type: 'boolean' } }, USAGE);
  if (positionals.length !== 1 || (positionals[0] !== 'staging' && positionals[0] !== 'prod')) {
    throw new UsageError(`expected staging or prod, found ${JSON.stringify(positionals)}`);
  }
  const configDir = path.relative(PROJECT_ROOT, defaultConfigDir());
  if (configDir.startsWith('..') || path.isAbsolute(configDir)) {
    throw new Error(
      `DEVOPS_CONFIG_DIR is outside this repository: a promotion commits the environment's file in it.`,
    );
  }
  const result = promote({
    repoDir: PROJECT_ROOT,
    environment: positionals[0] as PromotionTarget,
    yes: values.yes === true,
    configDir: configDir.split(path.sep).join('/') || '.',
  });
  console.log(result.target);
  return 0;
});
