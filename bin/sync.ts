/** npm run sync -- <env>: pulls the environment's Git folder to the head of its branch. */
import { environmentArg, parseCli, PROJECT_ROOT, runCli } from './cli';
import { syncRepoMount } from '../ops/repo-sync';
import { stackContext } from '../ops/stack-context';

const USAGE = `Usage: npm run sync -- <env>

Pulls the environment's Git folder to the head of its branch through the Repos API (Terraform
only switches refs, it never pulls). Reads repo_id and git_ref from the deployed stack's outputs.`;

runCli(USAGE, async () => {
  const { positionals } = parseCli(process.argv.slice(2), {}, USAGE);
  const environment = environmentArg(positionals);
  const result = await syncRepoMount(stackContext(PROJECT_ROOT, environment));
  console.log(
    result.branch
      ? `${environment}: Git folder ${result.repoId} on ${result.branch}: ${result.before} -> ${result.after}`
      : `${environment}: Git folder ${result.repoId} is on a tag (${result.after}); nothing to pull`,
  );
  return 0;
});
