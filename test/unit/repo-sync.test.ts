/**
 * Syncing a Git folder after a deploy: a folder pinned to the planned commit is checked and never
 * pulled (its branch may have moved to commits nobody reviewed); an unpinned branch is pulled.
 */
import { PinnedCommitError, syncRepoMount } from '../../ops/repo-sync';
import { commitId, FakeGitFolder } from '../helpers/fake-git-folder';

describe('syncRepoMount', () => {
  it('pulls an unpinned folder to the head of its branch', async () => {
    const folder = new FakeGitFolder();
    const pushed = folder.push(2);
    const result = await syncRepoMount({
      environment: 'dev',
      outputs: folder.outputs(''),
      client: folder.client,
    });
    expect(result).toEqual({ repoId: '7', branch: 'release/1.3', before: commitId(1), after: pushed });
    expect(folder.head).toBe(pushed);
  });

  it('leaves a folder at its planned commit there, even when its branch moved on', async () => {
    const folder = new FakeGitFolder();
    folder.push(2);
    const result = await syncRepoMount({
      environment: 'prod',
      outputs: folder.outputs(commitId(1)),
      client: folder.client,
    });
    expect(result.pinned).toBe(commitId(1));
    expect(result.after).toBe(commitId(1));
    expect(folder.head).toBe(commitId(1));
    expect(folder.requests).toEqual(['GET /api/2.0/repos/7']);
  });

  it('fails when a pinned folder is not at its planned commit, naming both commits and the fix', async () => {
    const folder = new FakeGitFolder();
    folder.head = folder.push(3);
    const sync = syncRepoMount({
      environment: 'prod',
      outputs: folder.outputs(commitId(2)),
      client: folder.client,
    });
    await expect(sync).rejects.toThrow(PinnedCommitError);
    await expect(sync).rejects.toThrow(
      `The prod Git folder (repo 7) is at ${commitId(3)}, not at the planned commit ${commitId(2)}`,
    );
    await expect(sync).rejects.toThrow('npm run deploy -- prod from a clean checkout of it');
    expect(folder.requests.every((r) => r.startsWith('GET '))).toBe(true);
  });

  it('fails when the stack has no repo_id output', async () => {
    const folder = new FakeGitFolder();
    await expect(syncRepoMount({ environment: 'dev', outputs: {}, client: folder.client })).rejects.toThrow(
      'The dev stack has no repo_id output.',
    );
  });
});
