import { Principal } from '../../lib/principal';

describe('Principal', () => {
  it('names a group by display name, in the group_name field of an access control', () => {
    const p = Principal.group('data-engineers');
    expect(p.kind).toBe('group');
    expect(p.name).toBe('data-engineers');
    expect(p.permissionsField).toBe('group_name');
    expect(p.toString()).toBe('group data-engineers');
  });

  it('names a user by user name, in the user_name field', () => {
    const p = Principal.user('ada@acme.example');
    expect(p.kind).toBe('user');
    expect(p.permissionsField).toBe('user_name');
  });

  it('names a service principal by application id, in the service_principal_name field', () => {
    const p = Principal.servicePrincipal('3c4d5e6f-7a8b-4c9d-8e0f-a1b2c3d4e5f6');
    expect(p.kind).toBe('servicePrincipal');
    expect(p.permissionsField).toBe('service_principal_name');
  });

  it('gives the same key to the same principal, and different keys to different kinds of the same name', () => {
    expect(Principal.group('ops').key).toBe(Principal.group('ops').key);
    expect(Principal.group('ops').key).not.toBe(Principal.user('ops').key);
  });

  it('fails when the name is empty or blank', () => {
    expect(() => Principal.group('')).toThrow('A group principal needs a non-empty name.');
    expect(() => Principal.user('   ')).toThrow('A user principal needs a non-empty name.');
    expect(() => Principal.servicePrincipal('')).toThrow(
      'A servicePrincipal principal needs a non-empty name.',
    );
  });
});
