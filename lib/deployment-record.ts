import { execFileSync } from 'node:child_process';

/**
 * The commit and ref of this program, to record in the stack outputs: from `DEVOPS_GIT_SHA` /
 * `DEVOPS_GIT_REF` when set (CI, rollback), else from git, else `unknown`.
 */
export function currentDeployment(
  cwd: string,
  env: NodeJS.ProcessEnv = process.env,
): { gitSha: string; gitRef: string } {
  const git = (...args: string[]) => {
    try {
      return execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    } catch {
      return '';
    }
  };
  const gitSha = env.DEVOPS_GIT_SHA || git('rev-parse', 'HEAD') || 'unknown';
  const branch = git('rev-parse', '--abbrev-ref', 'HEAD');
  const gitRef =
    env.DEVOPS_GIT_REF ||
    (branch && branch !== 'HEAD' ? branch : git('describe', '--tags', '--exact-match')) ||
    'unknown';
  return { gitSha, gitRef };
}
