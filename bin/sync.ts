/** npm run sync -- <env>: checks a pinned Git folder is at its planned commit, or pulls an unpinned branch. */
import { environmentArg, parseCli, PROJECT_ROOT, runCli } from './cli';
import { syncRepoMount } from '../ops/repo-sync';
import { stackContext } from '../ops/stack-context';

const USAGE = `Usage: npm run sync -- <env>

A Git folder pinned to the planned commit (the stack's repo_commit output: config kept in the data
repository, deployed from a clean checkout of the ref the folder tracks) is checked, never pulled:
it must be at that commit (exit 1 otherwise, naming both commits), since the branch's head may hold
commits nobody reviewed. An unpinned folder on a branch is pulled to the head of its branch through
the Repos API (Terraform only switches refs, it never pulls); a folder on a tag is left alone.
Reads repo_id, git_ref and repo_commit from the deployed stack's outputs.`;

runCli(USAGE, async () => {
  const { positionals } = parseCli(process.argv.slice(2), {}, USAGE);
  const environment = environmentArg(positionals);
  const result = await syncRepoMount(stackContext(PROJECT_ROOT, environment));
  console.log(
    result.pinned
      ? `${environment}: Git folder ${result.repoId} is at the planned commit ${result.pinned}; nothing to pull`
      : result.branch
        ? `${environment}: Git folder ${result.repoId} on ${result.branch}: ${result.before} -> ${result.after}`
        : `${environment}: Git folder ${result.repoId} is on a tag (${result.after}); nothing to pull`,
  );
  return 0;
});
