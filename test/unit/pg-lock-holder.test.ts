import fc from 'fast-check';
import { pgApplicationName, pgLockHolderQuery } from '../../ops/pg-lock-holder';

const run = { pid: 4242, host: 'ci-7', user: 'root', command: 'deploy dev --yes', started: '' };

describe('pgApplicationName', () => {
  it('names the command, user, host and pid of the run', () => {
    expect(pgApplicationName(run)).toBe('deploy dev --yes by root@ci-7 pid 4242');
  });

  it('keeps within what PostgreSQL stores (63 printable ASCII characters), the command cut first', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), fc.string({ maxLength: 80 }), (command, host) => {
        const name = pgApplicationName({ ...run, command, host });
        expect(name.length).toBeLessThanOrEqual(63);
        expect(name).toMatch(/^[\x20-\x7e]*$/);
        if (host.length < 20) expect(name).toContain(' pid 4242');
      }),
    );
  });
});

describe('pgLockHolderQuery', () => {
  it('looks for the advisory lock of the state row and the creation lock (-1) of the schema', () => {
    const sql = pgLockHolderQuery('tfstate_dev');
    expect(sql).toContain(`(SELECT id FROM "tfstate_dev".states WHERE name = 'default')`);
    expect(sql).toContain('l.classid::bigint = 4294967295 AND l.objid::bigint = 4294967295');
    expect(sql).toContain('l.pid <> pg_backend_pid()');
  });
});
