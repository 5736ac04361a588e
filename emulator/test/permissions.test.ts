import { b64, call, useEmulator } from './client';

/** The groups these tests grant to ('x' stays unknown: tests of other refusals use it). */
const PRINCIPALS = { groups: ['data-eng', 'a', 'b'] };

describe('object permissions', () => {
  const emulator = useEmulator({ principals: PRINCIPALS, strictPrincipals: true });

  async function cluster(): Promise<string> {
    return (
      await call(emulator(), 'POST', '/api/2.1/clusters/create', {
        spark_version: '15.4.x-scala2.12',
        num_workers: 0,
      })
    ).body.cluster_id;
  }

  it('round-trips a PUT list as direct, non-inherited grants with object_type cluster', async () => {
    const id = await cluster();
    const acl = [
      { user_name: 'deployer@example.com', permission_level: 'CAN_MANAGE' },
      { group_name: 'data-eng', permission_level: 'CAN_ATTACH_TO' },
    ];
    expect(
      (await call(emulator(), 'PUT', `/api/2.0/permissions/clusters/${id}`, { access_control_list: acl }))
        .status,
    ).toBe(200);
    const read = await call(emulator(), 'GET', `/api/2.0/permissions/clusters/${id}`);
    expect(read.body.object_id).toBe(`/clusters/${id}`);
    expect(read.body.object_type).toBe('cluster');
    const direct = read.body.access_control_list.filter(
      (entry: { all_permissions: { inherited: boolean }[] }) => !entry.all_permissions[0].inherited,
    );
    expect(direct).toEqual([
      {
        user_name: 'deployer@example.com',
        all_permissions: [{ permission_level: 'CAN_MANAGE', inherited: false }],
      },
      { group_name: 'data-eng', all_permissions: [{ permission_level: 'CAN_ATTACH_TO', inherited: false }] },
    ]);
  });

  it('PUT replaces and PATCH adds', async () => {
    const id = await cluster();
    await call(emulator(), 'PUT', `/api/2.0/permissions/clusters/${id}`, {
      access_control_list: [{ group_name: 'a', permission_level: 'CAN_RESTART' }],
    });
    await call(emulator(), 'PATCH', `/api/2.0/permissions/clusters/${id}`, {
      access_control_list: [{ group_name: 'b', permission_level: 'CAN_ATTACH_TO' }],
    });
    const groups = (
      await call(emulator(), 'GET', `/api/2.0/permissions/clusters/${id}`)
    ).body.access_control_list
      .filter((entry: { group_name?: string }) => entry.group_name !== 'admins')
      .map((entry: { group_name: string }) => entry.group_name);
    expect(groups).toEqual(['a', 'b']);
    await call(emulator(), 'PUT', `/api/2.0/permissions/clusters/${id}`, {});
    const cleared = (await call(emulator(), 'GET', `/api/2.0/permissions/clusters/${id}`)).body
      .access_control_list;
    expect(cleared.filter((entry: { group_name?: string }) => entry.group_name !== 'admins')).toEqual([]);
  });

  it('uses the object types the provider expects for each kind of object', async () => {
    const policy = (
      await call(emulator(), 'POST', '/api/2.0/policies/clusters/create', { name: 'p', definition: '{}' })
    ).body.policy_id;
    const job = (await call(emulator(), 'POST', '/api/2.2/jobs/create', { name: 'j' })).body.job_id;
    await call(emulator(), 'POST', '/api/2.0/workspace/mkdirs', { path: '/Repos/u' });
    const repo = (
      await call(emulator(), 'POST', '/api/2.0/repos', {
        url: 'https://github.com/a/b',
        provider: 'gitHub',
        path: '/Repos/u/b',
      })
    ).body.id;
    await call(emulator(), 'POST', '/api/2.0/workspace/mkdirs', { path: '/Shared/d' });
    const directory = (await call(emulator(), 'GET', '/api/2.0/workspace/get-status?path=/Shared/d')).body
      .object_id;
    const notebook = (
      await call(emulator(), 'POST', '/api/2.0/workspace/import', {
        path: '/Shared/d/nb',
        content: b64('1'),
        language: 'PYTHON',
      })
    ).body.object_id;
    const file = (
      await call(emulator(), 'POST', '/api/2.0/workspace/import', {
        path: '/Shared/d/f',
        content: b64('1'),
        format: 'RAW',
      })
    ).body.object_id;
    const cases: [string, string | number, string][] = [
      ['cluster-policies', policy, 'cluster-policy'],
      ['jobs', job, 'job'],
      ['repos', repo, 'repo'],
      ['directories', directory, 'directory'],
      ['notebooks', notebook, 'notebook'],
      ['files', file, 'file'],
    ];
    for (const [type, id, objectType] of cases) {
      const read = await call(emulator(), 'GET', `/api/2.0/permissions/${type}/${id}`);
      expect([type, read.status, read.body.object_type]).toEqual([type, 200, objectType]);
    }
  });

  it('gives the workspace root no inherited grant: its admins grant is a direct one', async () => {
    const root = (await call(emulator(), 'GET', '/api/2.0/workspace/get-status?path=/')).body.object_id;
    const put = await call(emulator(), 'PUT', `/api/2.0/permissions/directories/${root}`, {
      access_control_list: [{ group_name: 'admins', permission_level: 'CAN_MANAGE' }],
    });
    expect(put.status).toBe(200);
    const read = await call(emulator(), 'GET', `/api/2.0/permissions/directories/${root}`);
    expect(read.body.access_control_list).toEqual([
      { group_name: 'admins', all_permissions: [{ permission_level: 'CAN_MANAGE', inherited: false }] },
    ]);
  });

  it('keeps the job owner when a PUT list has no IS_OWNER entry', async () => {
    const job = (await call(emulator(), 'POST', '/api/2.2/jobs/create', { name: 'j' })).body.job_id;
    await call(emulator(), 'PUT', `/api/2.0/permissions/jobs/${job}`, {
      access_control_list: [{ group_name: 'data-eng', permission_level: 'CAN_MANAGE_RUN' }],
    });
    const acl = (await call(emulator(), 'GET', `/api/2.0/permissions/jobs/${job}`)).body.access_control_list;
    expect(acl).toContainEqual({
      user_name: 'deployer@example.com',
      all_permissions: [{ permission_level: 'IS_OWNER', inherited: false }],
    });
  });

  it('fails when a permission level does not apply to the object type', async () => {
    const id = await cluster();
    const answer = await call(emulator(), 'PUT', `/api/2.0/permissions/clusters/${id}`, {
      access_control_list: [{ group_name: 'x', permission_level: 'CAN_USE' }],
    });
    expect(answer.status).toBe(400);
    expect(answer.body.error_code).toBe('INVALID_PARAMETER_VALUE');
  });

  it('fails with 404 for permissions of an object that does not exist', async () => {
    const answer = await call(emulator(), 'GET', '/api/2.0/permissions/clusters/0101-000000-nothere1');
    expect(answer.status).toBe(404);
    expect(answer.body.error_code).toBe('RESOURCE_DOES_NOT_EXIST');
  });
});
