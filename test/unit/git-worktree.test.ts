import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { resolveRef } from '../../ops/git-worktree';
import { tempDir } from '../helpers/temp-dir';

const git = (cwd: string, ...args: string[]) =>
  execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();

/** A repository with six commits on main, a tag on the first and a branch on the third. */
function repository(): { dir: string; commits: string[] } {
  const dir = tempDir('git-worktree-');
  git(dir, 'init', '-q', '-b', 'main');
  const commits: string[] = [];
  for (let i = 0; i < 6; i++) {
    fs.writeFileSync(path.join(dir, 'file.txt'), `version ${i}\n`);
    git(dir, 'add', '.');
    git(dir, '-c', 'user.name=t', '-c', 'user.email=t@example.com', 'commit', '-q', '-m', `commit ${i}`);
    commits.push(git(dir, 'rev-parse', 'HEAD'));
    if (i === 0) git(dir, 'tag', 'v1.0');
    if (i === 2) git(dir, 'branch', 'release/1.3');
  }
  return { dir, commits };
}

describe('resolveRef takes any revision git understands', () => {
  const { dir, commits } = repository();

  it.each([
    ['HEAD~5', 0],
    ['HEAD^', 4],
    ['main~1', 4],
    ['v1.0', 0],
    ['release/1.3', 2],
    ['release/1.3^', 1],
  ])('%s', (rev, index) => {
    expect(resolveRef(dir, rev)).toBe(commits[index]);
  });

  it('a full or an abbreviated sha', () => {
    expect(resolveRef(dir, commits[3])).toBe(commits[3]);
    expect(resolveRef(dir, commits[3].slice(0, 8))).toBe(commits[3]);
  });

  it('fails when no commit has that name, naming it', () => {
    expect(() => resolveRef(dir, 'release/9.9')).toThrow('Unknown revision "release/9.9"');
    expect(() => resolveRef(dir, 'HEAD~50')).toThrow('Unknown revision "HEAD~50"');
  });

  it('fails when the revision looks like an option, never passing it to git as one', () => {
    expect(() => resolveRef(dir, '--output=/tmp/x')).toThrow('is not a revision');
  });
});
