import { b64, call, useEmulator } from './client';

describe('workspace objects', () => {
  const emulator = useEmulator();

  it('creates directories with their parents, idempotently, and reports them as DIRECTORY', async () => {
    expect(
      (await call(emulator(), 'POST', '/api/2.0/workspace/mkdirs', { path: '/Shared/a/b' })).status,
    ).toBe(200);
    expect(
      (await call(emulator(), 'POST', '/api/2.0/workspace/mkdirs', { path: '/Shared/a/b' })).status,
    ).toBe(200);
    const parent = await call(emulator(), 'GET', '/api/2.0/workspace/get-status?path=%2FShared%2Fa');
    expect(parent.body).toMatchObject({ path: '/Shared/a', object_type: 'DIRECTORY' });
    const status = await call(emulator(), 'GET', '/api/2.0/workspace/get-status?path=/Shared/a/b');
    expect(status.body).toMatchObject({ path: '/Shared/a/b', object_type: 'DIRECTORY' });
    expect(Number.isSafeInteger(status.body.object_id)).toBe(true);
  });

  it('imports a RAW file and a SOURCE notebook, echoing path and language', async () => {
    await call(emulator(), 'POST', '/api/2.0/workspace/mkdirs', { path: '/Shared/x' });
    const file = await call(emulator(), 'POST', '/api/2.0/workspace/import', {
      path: '/Shared/x/init.sh',
      content: b64('#!/bin/bash\n'),
      format: 'RAW',
      overwrite: true,
    });
    expect(file.status).toBe(200);
    const notebook = await call(emulator(), 'POST', '/api/2.0/workspace/import', {
      path: '/Shared/x/nb',
      content: b64('print(1)\n'),
      format: 'SOURCE',
      language: 'PYTHON',
      overwrite: true,
    });
    expect(notebook.body.object_id).toEqual(expect.any(Number));
    const fileStatus = await call(emulator(), 'GET', '/api/2.0/workspace/get-status?path=/Shared/x/init.sh');
    expect(fileStatus.body).toMatchObject({ path: '/Shared/x/init.sh', object_type: 'FILE', size: 12 });
    expect(fileStatus.body.language).toBeUndefined();
    const notebookStatus = await call(emulator(), 'GET', '/api/2.0/workspace/get-status?path=/Shared/x/nb');
    expect(notebookStatus.body).toMatchObject({
      path: '/Shared/x/nb',
      object_type: 'NOTEBOOK',
      language: 'PYTHON',
      object_id: notebook.body.object_id,
    });
  });

  it('keeps the object id when a file is overwritten, and exports the new content', async () => {
    const path = '/Shared/f.txt';
    const first = await call(emulator(), 'POST', '/api/2.0/workspace/import', {
      path,
      content: b64('v1'),
      format: 'RAW',
    });
    const second = await call(emulator(), 'POST', '/api/2.0/workspace/import', {
      path,
      content: b64('v2'),
      format: 'RAW',
      overwrite: true,
    });
    expect(second.body.object_id).toBe(first.body.object_id);
    const exported = await call(emulator(), 'GET', `/api/2.0/workspace/export?path=${path}&format=SOURCE`);
    expect(Buffer.from(exported.body.content, 'base64').toString()).toBe('v2');
    const raw = await call(emulator(), 'GET', `/api/2.0/workspace/export?path=${path}&direct_download=true`);
    expect(raw.body).toBe('v2');
  });

  it('fails when importing over an existing object without overwrite', async () => {
    const body = { path: '/Shared/f.txt', content: b64('v1'), format: 'RAW' };
    await call(emulator(), 'POST', '/api/2.0/workspace/import', body);
    const again = await call(emulator(), 'POST', '/api/2.0/workspace/import', body);
    expect(again.status).toBe(400);
    expect(again.body.error_code).toBe('RESOURCE_ALREADY_EXISTS');
  });

  it('fails when the parent folder is missing, with the message the provider retries on', async () => {
    const answer = await call(emulator(), 'POST', '/api/2.0/workspace/import', {
      path: '/a/b.sh',
      content: '',
      format: 'RAW',
      overwrite: true,
    });
    expect(answer.status).toBe(404);
    expect(answer.body).toEqual({
      error_code: 'RESOURCE_DOES_NOT_EXIST',
      message: 'The parent folder (/a) does not exist.',
    });
  });

  it('fails when importing without a path, with 400 INVALID_PARAMETER_VALUE', async () => {
    const answer = await call(emulator(), 'POST', '/api/2.0/workspace/import', {
      content: '',
      format: 'RAW',
    });
    expect(answer.status).toBe(400);
    expect(answer.body.error_code).toBe('INVALID_PARAMETER_VALUE');
  });

  it('lists the children of a directory', async () => {
    await call(emulator(), 'POST', '/api/2.0/workspace/mkdirs', { path: '/Shared/d/sub' });
    await call(emulator(), 'POST', '/api/2.0/workspace/import', {
      path: '/Shared/d/f',
      content: '',
      format: 'RAW',
    });
    const listed = await call(emulator(), 'GET', '/api/2.0/workspace/list?path=/Shared/d');
    expect(
      listed.body.objects.map((o: { path: string; object_type: string }) => [o.path, o.object_type]),
    ).toEqual([
      ['/Shared/d/f', 'FILE'],
      ['/Shared/d/sub', 'DIRECTORY'],
    ]);
  });

  it('fails when deleting a non-empty directory without recursive, then deletes it recursively', async () => {
    await call(emulator(), 'POST', '/api/2.0/workspace/mkdirs', { path: '/Shared/full/inner' });
    const refused = await call(emulator(), 'POST', '/api/2.0/workspace/delete', { path: '/Shared/full' });
    expect(refused.status).toBe(400);
    expect(refused.body.error_code).toBe('DIRECTORY_NOT_EMPTY');
    const deleted = await call(emulator(), 'POST', '/api/2.0/workspace/delete', {
      path: '/Shared/full',
      recursive: true,
    });
    expect(deleted.status).toBe(200);
    const gone = await call(emulator(), 'GET', '/api/2.0/workspace/get-status?path=/Shared/full/inner');
    expect(gone.status).toBe(404);
    expect(gone.body.error_code).toBe('RESOURCE_DOES_NOT_EXIST');
  });

  it('treats /Workspace/... and /... as the same object and echoes the spelling asked for', async () => {
    await call(emulator(), 'POST', '/api/2.0/workspace/mkdirs', { path: '/Workspace/Shared/w' });
    const status = await call(emulator(), 'GET', '/api/2.0/workspace/get-status?path=/Workspace/Shared/w');
    expect(status.body.path).toBe('/Workspace/Shared/w');
    const plain = await call(emulator(), 'GET', '/api/2.0/workspace/get-status?path=/Shared/w');
    expect(plain.body).toMatchObject({ path: '/Shared/w', object_id: status.body.object_id });
  });

  it('starts with the user home, /Shared and /Repos folders', async () => {
    for (const path of ['/Users/deployer@example.com', '/Shared', '/Repos']) {
      const status = await call(
        emulator(),
        'GET',
        `/api/2.0/workspace/get-status?path=${encodeURIComponent(path)}`,
      );
      expect(status.body).toMatchObject({ path, object_type: 'DIRECTORY' });
    }
  });
});
