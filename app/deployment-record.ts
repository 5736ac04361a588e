import { execFileSync } from 'node:child_process';

/**
 * The commit and ref of this program, to record in the stack outputs: from `DEVOPS_GIT_SHA` /
 * `DEVOPS_GIT_REF` when set (CI, rollback), else from git, else `unknown`. A working tree with
 * uncommitted changes (tracked or untracked, not ignored) is recorded as `<sha>-dirty`: what is
 * deployed is then no commit at all, and staging and prod stacks refuse it at plan time.
 */
export function currentDeployment(
  cwd: string,
  env: NodeJS.ProcessEnv = process.env,
): { gitSha: string; gitRef: string; repositoryUrl?: string } {
  const git = (...args: string[]) => {
    try {
      return execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    } catch {
      return '';
    }
  };
  // The repository the commit belongs to (origin): the Git folder is pinned to it only when it is
  // the repository the folder mounts (config kept in the data repository, as the scaffold does).
  const withUrl = (record: { gitSha: string; gitRef: string }) => {
    const repositoryUrl = env.DEVOPS_GIT_URL || git('ls-remote', '--get-url', 'origin');
    return repositoryUrl && repositoryUrl !== 'origin' ? { ...record, repositoryUrl } : record;
  };
  if (env.DEVOPS_GIT_SHA && env.DEVOPS_GIT_REF)
    return withUrl({ gitSha: env.DEVOPS_GIT_SHA, gitRef: env.DEVOPS_GIT_REF });
  // One git call for both (each spawn costs ~100 ms of a ~1.5 s synth).
  const [sha, branch] = git('rev-parse', 'HEAD', '--abbrev-ref', 'HEAD').split('\n');
  const dirty = sha && !env.DEVOPS_GIT_SHA && git('status', '--porcelain') !== '' ? '-dirty' : '';
  const gitSha = env.DEVOPS_GIT_SHA || (sha ? `${sha}${dirty}` : 'unknown');
  const gitRef =
    env.DEVOPS_GIT_REF ||
    (branch && branch !== 'HEAD' ? branch : git('describe', '--tags', '--exact-match')) ||
    'unknown';
  return withUrl({ gitSha, gitRef });
}
