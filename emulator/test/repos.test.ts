import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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

describe('Git folder content', () => {
  const emulator = useEmulator();
  const NOTEBOOK = '# Databricks notebook source\nprint(1)\n';

  const seed = (body: object) => call(emulator(), 'POST', '/__emulator/repos/seed', body, null);
  const status = (path: string) =>
    call(emulator(), 'GET', `/api/2.0/workspace/get-status?path=${encodeURIComponent(path)}`);
  async function createRepo(branch = 'main') {
    await call(emulator(), 'POST', '/api/2.0/workspace/mkdirs', { path: '/Repos/team' });
    return call(emulator(), 'POST', '/api/2.0/repos', {
      url: URL,
      provider: 'gitHub',
      path: '/Repos/team/project',
      branch,
    });
  }

  it('checks out the seeded files: notebook sources without extension, other files as files', async () => {
    const seeded = await seed({
      url: URL,
      files: {
        'notebooks/ingest.py': NOTEBOOK,
        'src/util.py': 'def f(): pass\n',
        'q.sql': '-- Databricks notebook source\nselect 1',
      },
    });
    expect(seeded.body.paths).toEqual(['notebooks/ingest', 'q', 'src/util.py']);
    await createRepo();
    expect((await status('/Repos/team/project/notebooks/ingest')).body).toMatchObject({
      object_type: 'NOTEBOOK',
      language: 'PYTHON',
    });
    expect((await status('/Repos/team/project/q')).body).toMatchObject({
      object_type: 'NOTEBOOK',
      language: 'SQL',
    });
    expect((await status('/Repos/team/project/src/util.py')).body.object_type).toBe('FILE');
    expect((await status('/Repos/team/project/notebooks')).body.object_type).toBe('DIRECTORY');
  });

  it('holds the content of its branch, and a pull brings a pushed change', async () => {
    await seed({ url: URL, branch: 'main', files: { 'a.py': NOTEBOOK } });
    await seed({ url: URL, branch: 'release/1.0', files: { 'b.py': NOTEBOOK } });
    const repo = await createRepo('release/1.0');
    expect((await status('/Repos/team/project/b')).status).toBe(200);
    expect((await status('/Repos/team/project/a')).status).toBe(404);
    await call(
      emulator(),
      'POST',
      '/__emulator/repos/advance',
      { url: URL, branch: 'release/1.0', files: { 'c.py': NOTEBOOK } },
      null,
    );
    expect((await status('/Repos/team/project/c')).status).toBe(404);
    await call(emulator(), 'PATCH', `/api/2.0/repos/${repo.body.id}`, { branch: 'release/1.0' });
    expect((await status('/Repos/team/project/c')).status).toBe(200);
    expect((await status('/Repos/team/project/b')).status).toBe(200);
    await call(emulator(), 'PATCH', `/api/2.0/repos/${repo.body.id}`, { branch: 'main' });
    expect((await status('/Repos/team/project/a')).status).toBe(200);
    expect((await status('/Repos/team/project/b')).status).toBe(404);
  });

  it('seeds a branch from a local folder, skipping .git', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'emulator-seed-'));
    try {
      mkdirSync(join(dir, 'notebooks'));
      mkdirSync(join(dir, '.git'));
      writeFileSync(join(dir, 'notebooks', 'job.py'), NOTEBOOK);
      writeFileSync(join(dir, '.git', 'HEAD'), 'ref: refs/heads/main\n');
      const seeded = await seed({ url: URL, branch: 'main', dir });
      expect(seeded.body).toMatchObject({
        paths: ['notebooks/job'],
        head_commit_id: expect.stringMatching(/^[0-9a-f]{40}$/),
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('fails to seed from a folder that does not exist, with 400 INVALID_PARAMETER_VALUE', async () => {
    const answer = await seed({ url: URL, dir: '/no/such/folder' });
    expect(answer.status).toBe(400);
    expect(answer.body.message).toBe(
      'Cannot seed Git content from /no/such/folder: the folder does not exist.',
    );
  });
});

describe('Git content seeded at start (--git-content)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'emulator-checkout-'));
  mkdirSync(join(dir, 'notebooks'));
  writeFileSync(join(dir, 'notebooks', 'job.py'), '# Databricks notebook source\nprint(1)\n');
  const emulator = useEmulator({ gitContent: [{ url: URL, dir }] });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('gives every branch the folder content, also after a reset', async () => {
    for (const reset of [false, true]) {
      if (reset) await call(emulator(), 'POST', '/__emulator/reset', {}, null);
      await call(emulator(), 'POST', '/api/2.0/workspace/mkdirs', { path: '/Repos/team' });
      await call(emulator(), 'POST', '/api/2.0/repos', {
        url: URL,
        provider: 'gitHub',
        path: '/Repos/team/project',
        branch: 'any-branch',
      });
      const status = await call(
        emulator(),
        'GET',
        '/api/2.0/workspace/get-status?path=/Repos/team/project/notebooks/job',
      );
      expect(status.body.object_type).toBe('NOTEBOOK');
    }
  });
});
