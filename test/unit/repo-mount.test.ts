import { Permissions } from '@cdktf/provider-databricks/lib/permissions';
import { Repo } from '@cdktf/provider-databricks/lib/repo';
import { Testing } from 'cdktf';
import { Principal } from '../../lib/principal';
import { RepoMount, RepoMountProps } from '../../lib/repo-mount';
import { testStack } from '../helpers/construct-fixture';
import { onlyResource, synthWithMetadata } from '../helpers/synthesized';

const URL = 'https://github.com/acme-data/simple-project.git';
const PATH = '/Repos/bot@acme.example/simple-project-dev';

function mount(props: Partial<RepoMountProps> = {}) {
  const { stack } = testStack();
  const repo = new RepoMount(stack, 'RepoMount', { url: URL, path: PATH, branch: 'main', ...props });
  repo.grant(Principal.group('platform-admins'), 'CAN_MANAGE');
  return { stack, repo };
}

describe('RepoMount', () => {
  it('creates the Git folder at its path on a branch, with the provider inferred from the URL', () => {
    const { stack, repo } = mount();
    expect(repo.mountPath).toBe(PATH);
    expect(repo.ref).toEqual({ branch: 'main' });
    expect(Testing.synth(stack)).toHaveResourceWithProperties(Repo, {
      url: URL,
      git_provider: 'gitHub',
      path: PATH,
      branch: 'main',
    });
  });

  it('checks out a tag instead of a branch', () => {
    const { stack, repo } = mount({ branch: undefined, tag: 'v1.4.0' });
    expect(repo.ref).toEqual({ tag: 'v1.4.0' });
    const resource = onlyResource(synthWithMetadata(stack), 'databricks_repo');
    expect(resource.tag).toBe('v1.4.0');
    expect(resource).not.toHaveProperty('branch');
  });

  it('takes an explicit Git provider (needed for self-hosted servers)', () => {
    const { stack } = mount({ url: 'https://git.acme.example/data/x.git', gitProvider: 'gitHubEnterprise' });
    expect(Testing.synth(stack)).toHaveResourceWithProperties(Repo, { git_provider: 'gitHubEnterprise' });
  });

  it('is not protected by default', () => {
    const resource = onlyResource(synthWithMetadata(mount().stack), 'databricks_repo');
    expect(resource['//']).not.toHaveProperty('protected');
    expect(resource).not.toHaveProperty('lifecycle');
  });

  it('when protected, carries the plan guard marker and prevent_destroy', () => {
    const resource = onlyResource(synthWithMetadata(mount({ protected: true }).stack), 'databricks_repo');
    expect(resource['//']).toMatchObject({ protected: true });
    expect(resource.lifecycle).toEqual({ prevent_destroy: true });
  });

  describe('pinned to the planned commit', () => {
    const COMMIT = '0123456789abcdef0123456789abcdef01234567';

    it('sets commit_hash and fails the apply (postcondition) when the ref points elsewhere afterwards', () => {
      const resource = onlyResource(synthWithMetadata(mount({ commit: COMMIT }).stack), 'databricks_repo');
      expect(resource.commit_hash).toBe(COMMIT);
      expect(mount({ commit: COMMIT }).repo.commit).toBe(COMMIT);
      const [post] = (resource.lifecycle as { postcondition: Array<Record<string, string>> }).postcondition;
      expect(post.condition).toBe(`\${self.commit_hash == "${COMMIT}"}`);
      expect(post.error_message).toContain(`not at the planned commit ${COMMIT}`);
      expect(post.error_message).toContain('branch main points elsewhere');
    });

    it('keeps prevent_destroy beside the postcondition when also protected', () => {
      const resource = onlyResource(
        synthWithMetadata(mount({ commit: COMMIT, protected: true }).stack),
        'databricks_repo',
      );
      expect(resource.lifecycle).toMatchObject({ prevent_destroy: true, postcondition: [expect.anything()] });
    });

    it('pins nothing by default', () => {
      expect(onlyResource(synthWithMetadata(mount().stack), 'databricks_repo')).not.toHaveProperty(
        'commit_hash',
      );
      expect(mount().repo.commit).toBeUndefined();
    });

    it.each(['abc123', `${COMMIT}-dirty`, COMMIT.toUpperCase()])('fails when the commit is %s', (commit) => {
      expect(() => mount({ commit })).toThrow(
        `test/RepoMount: commit must be a full 40-digit lowercase hex commit id, found ${JSON.stringify(commit)}`,
      );
    });
  });

  it('maps notebook paths into the folder, dropping a source extension', () => {
    const { repo } = mount();
    expect(repo.notebookPath('notebooks/workflows/ingest_orders')).toBe(
      `${PATH}/notebooks/workflows/ingest_orders`,
    );
    expect(repo.notebookPath('notebooks/ingest.py')).toBe(`${PATH}/notebooks/ingest`);
    expect(repo.notebookPath('notebooks/report.SQL')).toBe(`${PATH}/notebooks/report`);
    expect(repo.notebookPath('data.csv')).toBe(`${PATH}/data.csv`);
  });

  it.each(['../other-repo/x', '/Shared/x', 'notebooks/../../x', './x', 'a//b', 'a/'])(
    'fails when a notebook path escapes the folder: %j',
    (bad) => {
      expect(() => mount().repo.notebookPath(bad)).toThrow(
        `test/RepoMount: notebook path must stay inside the Git folder (relative, no "..", "." or empty segments), found ${JSON.stringify(bad)}`,
      );
    },
  );

  it('grants on the Git folder by repo id, merging grants into one permissions resource', () => {
    const { stack, repo } = mount();
    repo.grant(Principal.group('data-engineers'), 'CAN_READ');
    repo.grant(Principal.group('data-engineers'), 'CAN_RUN');
    repo.grant(Principal.servicePrincipal('3c4d5e6f-7a8b-4c9d-8e0f-a1b2c3d4e5f6'), 'CAN_RUN');
    expect(Testing.synth(stack)).toHaveResourceWithProperties(Permissions, {
      repo_id: expect.stringMatching(/^\$\{databricks_repo\.RepoMount_\w+\.id\}$/),
      access_control: [
        { group_name: 'data-engineers', permission_level: 'CAN_RUN' },
        { group_name: 'platform-admins', permission_level: 'CAN_MANAGE' },
        { permission_level: 'CAN_RUN', service_principal_name: '3c4d5e6f-7a8b-4c9d-8e0f-a1b2c3d4e5f6' },
      ],
    });
  });

  it.each(['/Repos/bot', '/Repos/bot/x/y', 'Repos/bot/x', '/Shared/bot/x', '/Repos//x', '/Repos/bot/'])(
    'fails when the path is %j (it must be /Repos/<owner>/<name>)',
    (bad) => {
      expect(() => mount({ path: bad })).toThrow(
        `test/RepoMount: path must be /Repos/<owner>/<name> (exactly three segments), found ${JSON.stringify(bad)}`,
      );
    },
  );

  it('fails when both branch and tag are set, or neither', () => {
    expect(() => mount({ tag: 'v1' })).toThrow('test/RepoMount: set exactly one of branch or tag');
    expect(() => mount({ branch: undefined })).toThrow('test/RepoMount: set exactly one of branch or tag');
  });

  it('fails when the provider cannot be inferred from the URL and none is given', () => {
    expect(() => mount({ url: 'https://git.acme.example/x.git' })).toThrow(
      /set git.provider in project.yaml/,
    );
  });
});
