import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseCli } from '../cli-options';
import { startEmulator } from '../server';
import { call, useEmulator } from './client';

const SP = '8a3d3e5c-1b2c-4d5e-8f90-123456789abc';
const PRINCIPALS = {
  users: ['analyst@example.com'],
  groups: ['data-eng'],
  servicePrincipals: [{ applicationId: SP }],
};

describe('principals (SCIM and the checks that use them)', () => {
  const emulator = useEmulator({ principals: PRINCIPALS, strictPrincipals: true });
  const scim = (family: string, query = '') =>
    call(emulator(), 'GET', `/api/2.0/preview/scim/v2/${family}${query}`);
  const job = async () =>
    (await call(emulator(), 'POST', '/api/2.2/jobs/create', { name: 'j' })).body.job_id as number;
  const grant = async (entry: object) =>
    call(emulator(), 'PATCH', `/api/2.0/permissions/jobs/${await job()}`, {
      access_control_list: [{ ...entry, permission_level: 'CAN_VIEW' }],
    });

  it('lists seeded users, groups and service principals next to the caller and the built-in groups', async () => {
    const users = (await scim('Users')).body.Resources.map((u: { userName: string }) => u.userName);
    expect(users).toEqual(['deployer@example.com', 'analyst@example.com']);
    const groups = (await scim('Groups')).body.Resources.map((g: { displayName: string }) => g.displayName);
    expect(groups).toEqual(['admins', 'users', 'data-eng']);
    const sps = (await scim('ServicePrincipals', `?filter=${encodeURIComponent(`applicationId eq "${SP}"`)}`))
      .body;
    expect([sps.totalResults, sps.Resources[0].applicationId]).toEqual([1, SP]);
  });

  it('creates a group that permissions then accept, and refuses a second group of the same name', async () => {
    expect((await grant({ group_name: 'release-managers' })).status).toBe(400);
    const created = await call(emulator(), 'POST', '/api/2.0/preview/scim/v2/Groups', {
      displayName: 'release-managers',
    });
    expect(created.status).toBe(200);
    expect((await scim('Groups', `/${created.body.id}`)).body.displayName).toBe('release-managers');
    expect((await grant({ group_name: 'release-managers' })).status).toBe(200);
    const again = await call(emulator(), 'POST', '/api/2.0/preview/scim/v2/Groups', {
      displayName: 'release-managers',
    });
    expect([again.status, again.body.error_code]).toEqual([409, 'RESOURCE_ALREADY_EXISTS']);
  });

  it('drops entitlement entries without a value, as the provider sends "entitlements":[{}] for none', async () => {
    const created = await call(emulator(), 'POST', '/api/2.0/preview/scim/v2/Users', {
      userName: 'new.user@acme.example',
      entitlements: [{}, { value: 'allow-cluster-create' }],
    });
    expect(created.body.entitlements).toEqual([{ value: 'allow-cluster-create' }]);
    const none = await call(emulator(), 'PUT', `/api/2.0/preview/scim/v2/Users/${created.body.id}`, {
      userName: 'new.user@acme.example',
      entitlements: [{}],
    });
    expect(none.body).not.toHaveProperty('entitlements');
  });

  it('makes up the application id of a service principal created without one, as an AWS workspace does', async () => {
    const created = await call(emulator(), 'POST', '/api/2.0/preview/scim/v2/ServicePrincipals', {
      displayName: 'deployer-sp',
    });
    expect(created.status).toBe(200);
    expect(created.body.applicationId).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/,
    );
    expect((await grant({ service_principal_name: created.body.applicationId })).status).toBe(200);
  });

  it('seeds more principals through POST /__emulator/principals', async () => {
    expect((await grant({ user_name: 'late@example.com' })).status).toBe(400);
    const seeded = await call(emulator(), 'POST', '/__emulator/principals', { users: ['late@example.com'] });
    expect(seeded.status).toBe(200);
    expect((await grant({ user_name: 'late@example.com' })).status).toBe(200);
  });

  it('fails when a seed has unknown keys', async () => {
    const answer = await call(emulator(), 'POST', '/__emulator/principals', { teams: ['x'] });
    expect([answer.status, answer.body.message]).toEqual([400, 'body has unknown keys: teams.']);
  });

  it('accepts permissions for the caller, seeded and built-in principals', async () => {
    for (const entry of [
      { user_name: 'deployer@example.com' },
      { user_name: 'analyst@example.com' },
      { group_name: 'data-eng' },
      { group_name: 'users' },
      { service_principal_name: SP },
    ]) {
      expect([entry, (await grant(entry)).status]).toEqual([entry, 200]);
    }
  });

  it('fails when permissions name an unknown user, group or service principal', async () => {
    for (const [entry, message] of [
      [{ user_name: 'typo@example.com' }, 'Principal: UserName(typo@example.com) does not exist'],
      [{ group_name: 'data-egn' }, 'Principal: GroupName(data-egn) does not exist'],
      [{ service_principal_name: 'not-an-sp' }, 'Principal: ServicePrincipalName(not-an-sp) does not exist'],
    ] as const) {
      const answer = await grant(entry);
      expect([answer.status, answer.body.error_code, answer.body.message]).toEqual([
        400,
        'INVALID_PARAMETER_VALUE',
        message,
      ]);
    }
  });

  it('fails when a job runs as an unknown service principal', async () => {
    const answer = await call(emulator(), 'POST', '/api/2.2/jobs/create', {
      name: 'j',
      run_as: { service_principal_name: 'not-an-sp' },
    });
    expect([answer.status, answer.body.message]).toEqual([
      400,
      'Principal: ServicePrincipalName(not-an-sp) does not exist',
    ]);
    const known = await call(emulator(), 'POST', '/api/2.2/jobs/create', {
      name: 'j',
      run_as: { service_principal_name: SP },
    });
    expect(known.status).toBe(200);
  });

  it('fails when a job notifies a destination the workspace does not have', async () => {
    const body = { name: 'j', webhook_notifications: { on_failure: [{ id: 'no-such-destination' }] } };
    const answer = await call(emulator(), 'POST', '/api/2.2/jobs/create', body);
    expect([answer.status, answer.body.error_code, answer.body.message]).toEqual([
      400,
      'INVALID_PARAMETER_VALUE',
      'webhook_notifications.on_failure: notification destination no-such-destination does not exist.',
    ]);
    await call(emulator(), 'POST', '/__emulator/notification-destinations', { id: 'no-such-destination' });
    expect((await call(emulator(), 'POST', '/api/2.2/jobs/create', body)).status).toBe(200);
  });

  it('fails when a secret ACL names an unknown principal', async () => {
    await call(emulator(), 'POST', '/api/2.0/secrets/scopes/create', { scope: 'team' });
    const put = (principal: string) =>
      call(emulator(), 'POST', '/api/2.0/secrets/acls/put', { scope: 'team', principal, permission: 'READ' });
    const unknown = await put('data-egn');
    expect([unknown.status, unknown.body.error_code]).toEqual([400, 'INVALID_PARAMETER_VALUE']);
    for (const known of ['data-eng', 'users', SP, 'analyst@example.com']) {
      expect([known, (await put(known)).status]).toEqual([known, 200]);
    }
  });

  it('fails when a single-user cluster names an unknown user', async () => {
    const create = (single_user_name: string) =>
      call(emulator(), 'POST', '/api/2.1/clusters/create', {
        cluster_name: 'c',
        spark_version: '15.4.x-scala2.12',
        node_type_id: 'i3.xlarge',
        num_workers: 1,
        data_security_mode: 'SINGLE_USER',
        single_user_name,
      });
    const unknown = await create('typo@example.com');
    expect([unknown.status, unknown.body.message]).toEqual([
      400,
      'Principal: UserName(typo@example.com) does not exist',
    ]);
    expect((await create('analyst@example.com')).status).toBe(200);
    expect((await create(SP)).status).toBe(200);
  });
});

describe('--principals FILE', () => {
  it('reads users, groups and service principals from a JSON file', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'emulator-principals-'));
    const file = path.join(dir, 'principals.json');
    fs.writeFileSync(
      file,
      JSON.stringify({ groups: ['g'], servicePrincipals: [{ applicationId: SP, displayName: 'deploy' }] }),
    );
    const command = parseCli(['--principals', file], {});
    expect(command.kind === 'run' && command.options.principals).toEqual({
      users: [],
      groups: ['g'],
      servicePrincipals: [{ applicationId: SP, displayName: 'deploy' }],
    });
  });

  it('fails when the file is missing or not JSON', () => {
    expect(() => parseCli(['--principals', '/no/such/principals.json'], {})).toThrow(
      /Cannot read principals from \/no\/such\/principals\.json/,
    );
  });
});

describe('with --no-strict-principals', () => {
  const emulator = useEmulator({ strictPrincipals: false });

  it('accepts any principal and destination name, as the emulator did before principals were checked', async () => {
    const job = await call(emulator(), 'POST', '/api/2.2/jobs/create', {
      name: 'j',
      run_as: { service_principal_name: 'not-an-sp' },
      webhook_notifications: { on_failure: [{ id: 'no-such-destination' }] },
    });
    expect(job.status).toBe(200);
    const grant = await call(emulator(), 'PATCH', `/api/2.0/permissions/jobs/${job.body.job_id}`, {
      access_control_list: [{ group_name: 'data-egn', permission_level: 'CAN_VIEW' }],
    });
    expect(grant.status).toBe(200);
  });

  it('is strict unless --no-strict-principals or DATABRICKS_EMULATOR_STRICT_PRINCIPALS=0 says otherwise', () => {
    const strict = (argv: string[], env: NodeJS.ProcessEnv) => {
      const command = parseCli(argv, env);
      return command.kind === 'run' && command.options.strictPrincipals;
    };
    const off = { DATABRICKS_EMULATOR_STRICT_PRINCIPALS: '0' };
    expect([
      strict([], {}),
      strict(['--no-strict-principals'], {}),
      strict([], off),
      strict([], { DATABRICKS_EMULATOR_STRICT_PRINCIPALS: 'false' }),
      strict(['--strict-principals'], off),
      strict([], { DATABRICKS_EMULATOR_STRICT_PRINCIPALS: '1' }),
    ]).toEqual([true, false, false, false, true, true]);
  });
});

describe('a service principal as the caller (--caller-service-principal)', () => {
  const DEPLOYER = { applicationId: '4a3b8e5c-2f61-4d0a-9c7e-51b0d2e8f6a3', displayName: 'deployer-sp' };
  const emulator = useEmulator({
    principals: { users: ['analyst@example.com'], servicePrincipals: [DEPLOYER, { applicationId: SP }] },
    callerServicePrincipal: DEPLOYER.applicationId,
  });
  const aclOf = async (object: string) =>
    (await call(emulator(), 'GET', `/api/2.0/permissions/${object}`)).body.access_control_list;

  it('answers SCIM Me with the application id as userName, and is no SCIM user', async () => {
    const me = await call(emulator(), 'GET', '/api/2.0/preview/scim/v2/Me');
    expect(me.body).toMatchObject({ userName: DEPLOYER.applicationId, displayName: 'deployer-sp' });
    const users = await call(emulator(), 'GET', '/api/2.0/preview/scim/v2/Users');
    expect(users.body.Resources.map((u: { userName: string }) => u.userName)).toEqual([
      'analyst@example.com',
    ]);
  });

  it('owns the jobs it creates as service_principal_name, and manages its folders and notebooks', async () => {
    const jobId = (await call(emulator(), 'POST', '/api/2.2/jobs/create', { name: 'j' })).body.job_id;
    const job = await call(emulator(), 'GET', `/api/2.2/jobs/get?job_id=${jobId}`);
    expect(job.body.creator_user_name).toBe(DEPLOYER.applicationId);
    expect((await aclOf(`jobs/${jobId}`))[0]).toEqual({
      service_principal_name: DEPLOYER.applicationId,
      all_permissions: [{ permission_level: 'IS_OWNER', inherited: false }],
    });
    await call(emulator(), 'POST', '/api/2.0/workspace/mkdirs', { path: '/Shared/team' });
    const folder = await call(emulator(), 'GET', '/api/2.0/workspace/get-status?path=/Shared/team');
    expect((await aclOf(`directories/${folder.body.object_id}`))[0]).toEqual({
      service_principal_name: DEPLOYER.applicationId,
      all_permissions: [{ permission_level: 'CAN_MANAGE', inherited: false }],
    });
  });

  it('reads a user_name grant naming a service principal back as its service_principal_name', async () => {
    const jobId = (await call(emulator(), 'POST', '/api/2.2/jobs/create', { name: 'j' })).body.job_id;
    const put = await call(emulator(), 'PUT', `/api/2.0/permissions/jobs/${jobId}`, {
      access_control_list: [
        { user_name: DEPLOYER.applicationId, permission_level: 'IS_OWNER' },
        { user_name: SP, permission_level: 'CAN_VIEW' },
        { user_name: 'analyst@example.com', permission_level: 'CAN_MANAGE_RUN' },
      ],
    });
    expect(put.status).toBe(200);
    const principals = (await aclOf(`jobs/${jobId}`)).map(
      ({ all_permissions: _levels, ...principal }: { all_permissions: unknown }) => principal,
    );
    expect(principals).toEqual([
      { service_principal_name: DEPLOYER.applicationId },
      { service_principal_name: SP },
      { user_name: 'analyst@example.com' },
      { group_name: 'admins' },
    ]);
  });

  it('fails when a grant names the default user, who is not the caller and was not seeded', async () => {
    const jobId = (await call(emulator(), 'POST', '/api/2.2/jobs/create', { name: 'j' })).body.job_id;
    const answer = await call(emulator(), 'PATCH', `/api/2.0/permissions/jobs/${jobId}`, {
      access_control_list: [{ user_name: 'deployer@example.com', permission_level: 'CAN_VIEW' }],
    });
    expect([answer.status, answer.body.message]).toEqual([
      400,
      'Principal: UserName(deployer@example.com) does not exist',
    ]);
  });
});

describe('startEmulator({callerServicePrincipal})', () => {
  it('fails when the caller is not a seeded service principal, or a user is named too', async () => {
    await expect(startEmulator({ callerServicePrincipal: SP })).rejects.toThrow(
      `callerServicePrincipal ${SP} is not one of principals.servicePrincipals: seed it there.`,
    );
    await expect(
      startEmulator({
        callerServicePrincipal: SP,
        userName: 'u@x',
        principals: { servicePrincipals: [{ applicationId: SP }] },
      }),
    ).rejects.toThrow('callerServicePrincipal and userName both name the caller: give only one.');
  });

  it('reads --caller-service-principal and its variable', () => {
    const flag = parseCli(['--caller-service-principal', SP], {});
    expect(flag.kind === 'run' && flag.options.callerServicePrincipal).toBe(SP);
    const variable = parseCli([], { DATABRICKS_EMULATOR_CALLER_SERVICE_PRINCIPAL: SP });
    expect(variable.kind === 'run' && variable.options.callerServicePrincipal).toBe(SP);
  });
});
