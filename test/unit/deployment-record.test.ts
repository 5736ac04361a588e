import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { currentDeployment } from '../../app/deployment-record';
import { tempDir } from '../helpers/config-dir';

/** A fresh git repository with one commit; returns its path and the commit. */
function gitRepo(branch = 'main'): { dir: string; sha: string } {
  const dir = tempDir('deployment-record-');
  const git = (...args: string[]) =>
    execFileSync('git', ['-c', 'user.name=Test', '-c', 'user.email=test@example.com', ...args], {
      cwd: dir,
      encoding: 'utf8',
    }).trim();
  git('init', '-q', '-b', branch);
  fs.writeFileSync(path.join(dir, 'README'), 'x\n');
  git('add', 'README');
  git('commit', '-q', '-m', 'first');
  return { dir, sha: git('rev-parse', 'HEAD') };
}

describe('currentDeployment', () => {
  it('records the commit and branch of the git checkout', () => {
    const { dir, sha } = gitRepo('release/1.4');
    expect(currentDeployment(dir, {})).toEqual({ gitSha: sha, gitRef: 'release/1.4' });
  });

  it('records a working tree with uncommitted changes as <sha>-dirty', () => {
    const { dir, sha } = gitRepo('main');
    fs.writeFileSync(path.join(dir, 'README'), 'changed\n');
    expect(currentDeployment(dir, {}).gitSha).toBe(`${sha}-dirty`);
    fs.writeFileSync(path.join(dir, 'README'), 'x\n');
    fs.writeFileSync(path.join(dir, 'new-file.yaml'), 'untracked: true\n');
    expect(currentDeployment(dir, {}).gitSha).toBe(`${sha}-dirty`);
  });

  it("records the origin's URL, the repository the commit belongs to", () => {
    const { dir } = gitRepo('main');
    expect(currentDeployment(dir, {})).not.toHaveProperty('repositoryUrl');
    execFileSync('git', ['remote', 'add', 'origin', 'https://github.com/acme-data/orders-lake.git'], {
      cwd: dir,
    });
    expect(currentDeployment(dir, {}).repositoryUrl).toBe('https://github.com/acme-data/orders-lake.git');
  });

  it('records the tag on a detached HEAD (a rollback checks out a tag)', () => {
    const { dir, sha } = gitRepo();
    execFileSync(
      'git',
      ['-c', 'user.name=T', '-c', 'user.email=t@example.com', 'tag', '-a', 'v1.3.0', '-m', 'v1.3.0'],
      { cwd: dir },
    );
    execFileSync('git', ['checkout', '-q', '--detach', 'v1.3.0'], { cwd: dir });
    expect(currentDeployment(dir, {})).toEqual({ gitSha: sha, gitRef: 'v1.3.0' });
  });

  it('prefers DEVOPS_GIT_SHA and DEVOPS_GIT_REF (set by CI) over git', () => {
    const { dir } = gitRepo();
    expect(currentDeployment(dir, { DEVOPS_GIT_SHA: 'abc123', DEVOPS_GIT_REF: 'release/9.9' })).toEqual({
      gitSha: 'abc123',
      gitRef: 'release/9.9',
    });
  });

  it('records "unknown" outside a git checkout, without failing', () => {
    expect(currentDeployment(tempDir('not-git-'), {})).toEqual({ gitSha: 'unknown', gitRef: 'unknown' });
  });

  it('records "unknown" when the directory does not exist', () => {
    expect(currentDeployment(path.join(tempDir(), 'missing'), {})).toEqual({
      gitSha: 'unknown',
      gitRef: 'unknown',
    });
  });
});
