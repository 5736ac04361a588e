/** npm run status -- <env>: what the environment runs (program commit and ref, Git folder ref). */
import { environmentArg, parseCli, PROJECT_ROOT, runCli } from './cli';
import { stackContext } from '../ops/stack-context';

const USAGE = `Usage: npm run status -- <env> [--json]

Prints what the deployed environment runs, from its state's outputs: the commit and ref of this
program that deployed it, the Git folder and its ref, the smoke job.`;

runCli(USAGE, () => {
  const { values, positionals } = parseCli(process.argv.slice(2), { json: { type: 'boolean' } }, USAGE);
  const environment = environmentArg(positionals);
  const { outputs, host } = stackContext(PROJECT_ROOT, environment);
  const ref = (outputs.git_ref ?? {}) as { branch?: string; tag?: string };
  const status = {
    environment,
    host,
    deployed_git_sha: outputs.deployed_git_sha,
    deployed_git_ref: outputs.deployed_git_ref,
    repo_mount_path: outputs.repo_mount_path,
    repo_ref: ref.branch ?? ref.tag,
    smoke_job_id: outputs.smoke_job_id,
  };
  if (values.json) console.log(JSON.stringify(status, null, 2));
  else for (const [k, v] of Object.entries(status)) console.log(`${k.padEnd(18)} ${String(v)}`);
  return 0;
});
