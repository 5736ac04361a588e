/**
 * `npm run status`: what a deployed environment runs, with the planned commit its Git folder is
 * pinned to beside the commit the folder is at in the workspace.
 */
import { environmentStatus } from '../../ops/environment-status';
import { commitId, FakeGitFolder } from '../helpers/fake-git-folder';

const context = (folder: FakeGitFolder, pinned: string) => ({
  environment: 'prod',
  host: 'https://dbc-1.cloud.databricks.com',
  outputs: {
    ...folder.outputs(pinned),
    deployed_git_sha: commitId(1),
    deployed_git_ref: 'release/1.3',
    smoke_job_id: '42',
  },
  client: folder.client,
});

describe('environmentStatus', () => {
  it('shows the planned commit and the commit the Git folder is at, and that they agree', async () => {
    const folder = new FakeGitFolder();
    folder.push(2); // the branch moved on; the folder did not
    expect(await environmentStatus(context(folder, commitId(1)))).toEqual({
      environment: 'prod',
      host: 'https://dbc-1.cloud.databricks.com',
      deployed_git_sha: commitId(1),
      deployed_git_ref: 'release/1.3',
      repo_mount_path: '/Repos/x/y',
      repo_ref: 'release/1.3',
      repo_planned_commit: commitId(1),
      repo_commit: commitId(1),
      repo_at_planned_commit: true,
      smoke_job_id: '42',
    });
  });

  it('shows a folder that is not at its planned commit', async () => {
    const folder = new FakeGitFolder();
    folder.head = folder.push(2);
    const status = await environmentStatus(context(folder, commitId(1)));
    expect(status.repo_commit).toBe(commitId(2));
    expect(status.repo_at_planned_commit).toBe(false);
  });

  it('shows no planned commit when the stack pins none', async () => {
    const folder = new FakeGitFolder();
    const status = await environmentStatus(context(folder, ''));
    expect(status.repo_planned_commit).toBeNull();
    expect(status.repo_commit).toBe(commitId(1));
    expect(status.repo_at_planned_commit).toBeNull();
  });
});
