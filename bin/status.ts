/** npm run status -- <env>: what the environment runs (program commit and ref, Git folder ref and commit). */
import { environmentArg, parseCli, PROJECT_ROOT, runCli } from './cli';
import { environmentStatus } from '../ops/environment-status';
import { stackContext } from '../ops/stack-context';

const USAGE = `Usage: npm run status -- <env> [--json]

Prints what the deployed environment runs: from its state's outputs, the commit and ref of this
program that deployed it, the Git folder, its ref and the planned commit it is pinned to; from the
workspace, the commit the Git folder is at now; the smoke job.

Exit codes: 0 shown, 1 error or the Git folder is not at its planned commit, 2 usage.`;

runCli(USAGE, async () => {
  const { values, positionals } = parseCli(process.argv.slice(2), { json: { type: 'boolean' } }, USAGE);
  const environment = environmentArg(positionals);
  const status = await environmentStatus(stackContext(PROJECT_ROOT, environment));
  if (values.json) console.log(JSON.stringify(status, null, 2));
  else {
    const width = Math.max(...Object.keys(status).map((k) => k.length)) + 1;
    for (const [k, v] of Object.entries(status)) console.log(`${k.padEnd(width)} ${String(v)}`);
  }
  if (status.repo_at_planned_commit === false) {
    console.error(
      `status: the ${environment} Git folder is at ${status.repo_commit}, not at the planned commit ` +
        `${status.repo_planned_commit}; deploy the commit to run (npm run deploy -- ${environment}).`,
    );
    return 1;
  }
  return 0;
});
