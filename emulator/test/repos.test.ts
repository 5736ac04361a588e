import { call, useEmulator } from './client';

const URL = 'https://github.com/acme/project.git';

describe('Git folders (repos)', () => {
  const emulator = useEmulator();

  async function createRepo(path = '/Repos/team/project-dev', extra: object = {}) {
    await call(emulator(), 'POST', '/api/2.0/workspace/mkdirs', {
      path: path.slice(0, path.lastIndexOf('/')),
    });
    return call(emulator(), 'POST', '/api/2.0/repos', { url: URL, provider: 'gitHub', path, ...extra });
  }

  it('creates a repo on the default branch with a 40-hex head commit and an int64 id', async () => {
    const created = await createRepo();
    expect(created.status).toBe(200);
    expect(created.body).toMatchObject({
      url: URL,
      provider: 'gitHub',
      path: '/Repos/team/project-dev',
      branch: 'main',
    });
    expect(Number.isSafeInteger(created.body.id)).toBe(true);
    expect(created.body.head_commit_id).toMatch(/^[0-9a-f]{40}$/);
    const read = await call(emulator(), 'GET', `/api/2.0/repos/${created.body.id}`);
    expect(read.body).toEqual(created.body);
  });

  it('adds a REPO node to the workspace whose object_id is the repo id', async () => {
    const created = await createRepo();
    const status = await call(
      emulator(),
      'GET',
      '/api/2.0/workspace/get-status?path=/Repos/team/project-dev',
    );
    expect(status.body).toMatchObject({ object_type: 'REPO', object_id: created.body.id });
  });

  it('fails when the path is taken, with 400 RESOURCE_ALREADY_EXISTS', async () => {
    await createRepo();
    const again = await createRepo();
    expect(again.status).toBe(400);
    expect(again.body.error_code).toBe('RESOURCE_ALREADY_EXISTS');
  });

  it('fails when url or provider is missing, with 400 INVALID_PARAMETER_VALUE', async () => {
    const noUrl = await call(emulator(), 'POST', '/api/2.0/repos', { provider: 'gitHub' });
    expect(noUrl.status).toBe(400);
    expect(noUrl.body).toEqual({
      error_code: 'INVALID_PARAMETER_VALUE',
      message: 'Missing required field: url',
    });
    const noProvider = await call(emulator(), 'POST', '/api/2.0/repos', { url: URL });
    expect(noProvider.status).toBe(400);
  });

  it('switches branch on PATCH and moves head_commit_id to that branch head', async () => {
    const created = await createRepo();
    const patched = await call(emulator(), 'PATCH', `/api/2.0/repos/${created.body.id}`, {
      branch: 'release/1.0',
    });
    expect(patched.status).toBe(200);
    const read = await call(emulator(), 'GET', `/api/2.0/repos/${created.body.id}`);
    expect(read.body.branch).toBe('release/1.0');
    expect(read.body.head_commit_id).not.toBe(created.body.head_commit_id);
    const head = await call(
      emulator(),
      'GET',
      `/__emulator/repos/head?url=${encodeURIComponent(URL)}&branch=release/1.0`,
    );
    expect(read.body.head_commit_id).toBe(head.body.head_commit_id);
  });

  it('pulls to the new head when PATCHed with the same branch after a push', async () => {
    const created = await createRepo();
    const pushed = await call(
      emulator(),
      'POST',
      '/__emulator/repos/advance',
      { url: URL, branch: 'main' },
      null,
    );
    expect(pushed.body.previous_commit_id).toBe(created.body.head_commit_id);
    expect(pushed.body.head_commit_id).toMatch(/^[0-9a-f]{40}$/);
    const before = await call(emulator(), 'GET', `/api/2.0/repos/${created.body.id}`);
    expect(before.body.head_commit_id).toBe(created.body.head_commit_id);
    await call(emulator(), 'PATCH', `/api/2.0/repos/${created.body.id}`, { branch: 'main' });
    const after = await call(emulator(), 'GET', `/api/2.0/repos/${created.body.id}`);
    expect(after.body.head_commit_id).toBe(pushed.body.head_commit_id);
  });

  it('derives heads deterministically, so two repos of the same URL and branch agree', async () => {
    const a = await createRepo('/Repos/team/a');
    const b = await createRepo('/Repos/team/b');
    expect(a.body.head_commit_id).toBe(b.body.head_commit_id);
  });

  it('checks out a tag at a fixed commit and drops the branch', async () => {
    const created = await createRepo();
    await call(emulator(), 'PATCH', `/api/2.0/repos/${created.body.id}`, { tag: 'v1.0.0' });
    const first = await call(emulator(), 'GET', `/api/2.0/repos/${created.body.id}`);
    expect(first.body.branch).toBeUndefined();
    await call(emulator(), 'POST', '/__emulator/repos/advance', { url: URL, branch: 'main' }, null);
    await call(emulator(), 'PATCH', `/api/2.0/repos/${created.body.id}`, { tag: 'v1.0.0' });
    const second = await call(emulator(), 'GET', `/api/2.0/repos/${created.body.id}`);
    expect(second.body.head_commit_id).toBe(first.body.head_commit_id);
  });

  it('fails when both branch and tag are given', async () => {
    const created = await createRepo();
    const answer = await call(emulator(), 'PATCH', `/api/2.0/repos/${created.body.id}`, {
      branch: 'main',
      tag: 'v1',
    });
    expect(answer.status).toBe(400);
  });

  it('echoes sparse_checkout as sent', async () => {
    const created = await createRepo('/Repos/team/sparse', { sparse_checkout: { patterns: ['notebooks'] } });
    const read = await call(emulator(), 'GET', `/api/2.0/repos/${created.body.id}`);
    expect(read.body.sparse_checkout).toEqual({ patterns: ['notebooks'] });
  });

  it('deletes the repo with its workspace node; a second read is 404', async () => {
    const created = await createRepo();
    expect((await call(emulator(), 'DELETE', `/api/2.0/repos/${created.body.id}`)).status).toBe(200);
    const read = await call(emulator(), 'GET', `/api/2.0/repos/${created.body.id}`);
    expect(read.status).toBe(404);
    expect(read.body.error_code).toBe('RESOURCE_DOES_NOT_EXIST');
    const node = await call(emulator(), 'GET', '/api/2.0/workspace/get-status?path=/Repos/team/project-dev');
    expect(node.status).toBe(404);
  });

  it('lists repos under a path prefix', async () => {
    await createRepo('/Repos/team/a');
    await createRepo('/Repos/other/b');
    const listed = await call(emulator(), 'GET', '/api/2.0/repos?path_prefix=/Repos/team');
    expect(listed.body.repos.map((repo: { path: string }) => repo.path)).toEqual(['/Repos/team/a']);
  });
});
