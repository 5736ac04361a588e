import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { ConfigError } from '../../app/config/config-error';
import { LEDGER_FILE, readLedger, updateLedger, writeLedger } from '../../app/protected-ledger';
import { PROTECTED_KIND_NAMES } from '../../stacks/protected-kinds';
import { tempDir } from '../helpers/config-dir';

const BACKUP = 'databricks_job.Backup_Job_3D7CAD39';
const OLD_BACKUP = 'databricks_job.Backup_Old_Job_12345678';
const REPO = 'databricks_repo.RepoMount_37EA02A4';

describe('protected-resources ledger', () => {
  it('keeps every address of a still-protected kind, adding what the stack defines now', () => {
    const ledger = updateLedger({ prod: { backupJob: [OLD_BACKUP] } }, 'prod', ['backupJob', 'repoMount'], {
      backupJob: [BACKUP],
      repoMount: [REPO],
    });
    expect(ledger).toEqual({ prod: { backupJob: [BACKUP, OLD_BACKUP], repoMount: [REPO] } });
  });

  it('releases the addresses of a kind the environment no longer protects', () => {
    const ledger = updateLedger(
      { dev: { jobs: ['databricks_job.Jobs_a_Job_11111111'] }, prod: { backupJob: [BACKUP] } },
      'dev',
      [],
      {},
    );
    expect(ledger).toEqual({ prod: { backupJob: [BACKUP] } });
  });

  it('never loses an address of a kind still protected, and settles after one update', () => {
    const address = fc.stringMatching(/^databricks_job\.[A-Z][a-z]{1,6}_[0-9A-F]{8}$/);
    const kinds = fc.subarray([...PROTECTED_KIND_NAMES]);
    const addresses = fc.dictionary(
      fc.constantFrom(...PROTECTED_KIND_NAMES),
      fc.array(address, { maxLength: 3 }),
    );
    fc.assert(
      fc.property(addresses, kinds, addresses, (before, protectedKinds, current) => {
        const once = updateLedger({ prod: before }, 'prod', protectedKinds, current);
        for (const kind of protectedKinds) {
          for (const a of [...(before[kind] ?? []), ...(current[kind] ?? [])])
            expect(once.prod?.[kind]).toContain(a);
        }
        expect(updateLedger(once, 'prod', protectedKinds, current)).toEqual(once);
      }),
    );
  });

  it('writes the file only when it changes, and reads back what it wrote', () => {
    const dir = tempDir('ledger-');
    expect(readLedger(dir)).toEqual({});
    expect(writeLedger(dir, {})).toBe(false);
    expect(fs.existsSync(path.join(dir, LEDGER_FILE))).toBe(false);
    const ledger = { prod: { backupJob: [BACKUP] } };
    expect(writeLedger(dir, ledger)).toBe(true);
    expect(writeLedger(dir, ledger)).toBe(false);
    expect(readLedger(dir)).toEqual(ledger);
  });

  it('fails when the ledger names an unknown kind, naming the file, the field and the fix', () => {
    const dir = tempDir('ledger-');
    fs.writeFileSync(path.join(dir, LEDGER_FILE), JSON.stringify({ prod: { notebooks: [BACKUP] } }));
    expect(() => readLedger(dir)).toThrow(ConfigError);
    expect(() => readLedger(dir)).toThrow(/protected-resources\.json: prod(\.notebooks)?: .*git checkout/);
  });

  it('fails when the ledger is not JSON', () => {
    const dir = tempDir('ledger-');
    fs.writeFileSync(path.join(dir, LEDGER_FILE), '{ prod');
    expect(() => readLedger(dir)).toThrow(/protected-resources\.json: expected JSON/);
  });
});
