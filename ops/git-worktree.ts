import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
}

/**
 * The commit any revision git understands names in `repoDir`: a branch, a tag, a sha (short or
 * long), `HEAD~5`, `release/1.3^`, `v1.2@{1}` (`git rev-parse --verify <rev>^{commit}`).
 * @throws Error naming the revision when git knows no commit by it
 */
export function resolveRef(repoDir: string, ref: string): string {
  if (ref.trim() === '' || ref.startsWith('-')) {
    throw new Error(`"${ref}" is not a revision: name a branch, tag or commit (e.g. --to release/1.3).`);
  }
  try {
    return git(repoDir, 'rev-parse', '--verify', '--quiet', '--end-of-options', `${ref}^{commit}`);
  } catch {
    throw new Error(
      `Unknown revision "${ref}": no branch, tag or commit of that name in ${repoDir} (fetch it first: git fetch --tags origin).`,
    );
  }
}

/** Refuses to act on a working tree with uncommitted changes (what would be deployed is unclear). */
export function assertClean(repoDir: string): void {
  const dirty = git(repoDir, 'status', '--porcelain');
  if (dirty) {
    throw new Error(
      `The working tree of ${repoDir} has uncommitted changes; commit or stash them first:\n${dirty.split('\n').slice(0, 10).join('\n')}`,
    );
  }
}

/**
 * Checks `commit` out into a temporary worktree of `repoDir` that reuses its node_modules, runs
 * `fn` in it, and removes the worktree afterwards, whatever happens.
 */
export async function withWorktree<T>(
  repoDir: string,
  commit: string,
  fn: (dir: string) => Promise<T>,
): Promise<T> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'devops-rollback-'));
  git(repoDir, 'worktree', 'add', '--detach', dir, commit);
  try {
    fs.symlinkSync(path.join(repoDir, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
    return await fn(dir);
  } finally {
    try {
      git(repoDir, 'worktree', 'remove', '--force', dir);
    } catch {
      fs.rmSync(dir, { recursive: true, force: true });
      git(repoDir, 'worktree', 'prune');
    }
  }
}
