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

  it("does not count the run's own files: the output folder, its run lock, its plans and synth's temporary folders", () => {
    const { dir, sha } = gitRepo('main');
    fs.mkdirSync(path.join(dir, 'config'));
    fs.writeFileSync(path.join(dir, 'config', 'project.yaml'), 'name: x\n');
    execFileSync('git', ['add', '.'], { cwd: dir });
    execFileSync('git', ['-c', 'user.name=T', '-c', 'user.email=t@example.com', 'commit', '-qm', 'config'], {
      cwd: dir,
    });
    const head = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: dir, encoding: 'utf8' }).trim();
    expect(head).not.toBe(sha);
    const outdir = path.join(dir, 'cdktf.out');
    fs.writeFileSync(`${outdir}.lock`, '{"pid":1}\n'); // held while plan or deploy synthesizes
    for (const folder of ['cdktf.out/stacks/dev', 'cdktf.out.plans/dev', 'cdktf.out.tmp-AbC123/stacks']) {
      fs.mkdirSync(path.join(dir, folder), { recursive: true });
      fs.writeFileSync(path.join(dir, folder, 'file.json'), '{}\n');
    }
    const configDir = path.join(dir, 'config'); // synth asks git from the config folder
    expect(currentDeployment(configDir, {}, outdir).gitSha).toBe(head);
    expect(currentDeployment(configDir, {}).gitSha).toBe(`${head}-dirty`);
    // Anything else still counts.
    fs.writeFileSync(path.join(dir, 'cdktf.out.lock.bak'), 'x\n');
    expect(currentDeployment(configDir, {}, outdir).gitSha).toBe(`${head}-dirty`);
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
