import * as fc from 'fast-check';
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  assertStateReadable,
  backupsKept,
  backupState,
  DEFAULT_BACKUPS_KEPT,
  listBackups,
  restoreState,
  StateLostError,
} from '../../ops/state-backup';
import { tempDir } from '../helpers/temp-dir';

const STATE = JSON.stringify({ version: 4, serial: 3, resources: [] });

function stateFile(content?: string): string {
  const file = path.join(tempDir(), 'dev.tfstate');
  if (content !== undefined) fs.writeFileSync(file, content);
  return file;
}

describe('backupState', () => {
  it('copies the state to a timestamped file under backups/<name>/ and lists backups newest first', () => {
    const file = stateFile(STATE);
    const first = backupState(file, 5, new Date('2026-01-01T10:00:00Z'));
    const second = backupState(file, 5, new Date('2026-01-02T10:00:00Z'));
    expect(first).toBe(path.join(path.dirname(file), 'backups', 'dev', '2026-01-01T10-00-00-000Z.tfstate'));
    expect(fs.readFileSync(first!, 'utf8')).toBe(STATE);
    expect(listBackups(file)).toEqual([second, first]);
  });

  it('keeps only the newest N', () => {
    const file = stateFile(STATE);
    for (let day = 1; day <= 6; day++) backupState(file, 3, new Date(Date.UTC(2026, 0, day)));
    expect(listBackups(file).map((f) => path.basename(f).slice(0, 10))).toEqual([
      '2026-01-06',
      '2026-01-05',
      '2026-01-04',
    ]);
  });

  it('backs up nothing when there is no state yet, or an empty one (never replacing a good backup by it)', () => {
    expect(backupState(stateFile(), 3)).toBeUndefined();
    expect(backupState(stateFile(''), 3)).toBeUndefined();
  });

  it('never overwrites a backup taken in the same millisecond', () => {
    const file = stateFile(STATE);
    const now = new Date('2026-01-01T10:00:00Z');
    expect(backupState(file, 5, now)).not.toBe(backupState(file, 5, now));
    expect(listBackups(file)).toHaveLength(2);
  });
});

describe('backupsKept', () => {
  it(`defaults to ${DEFAULT_BACKUPS_KEPT} and reads DEVOPS_STATE_BACKUPS`, () => {
    expect(backupsKept({})).toBe(DEFAULT_BACKUPS_KEPT);
    expect(backupsKept({ DEVOPS_STATE_BACKUPS: '3' })).toBe(3);
  });

  it('fails when DEVOPS_STATE_BACKUPS is not a whole number of at least 1, naming the variable', () => {
    fc.assert(
      fc.property(
        fc.string().filter((s) => s !== '' && !/^[1-9]\d*$/.test(s)),
        (raw) => {
          expect(() => backupsKept({ DEVOPS_STATE_BACKUPS: raw })).toThrow(/DEVOPS_STATE_BACKUPS must be/);
        },
      ),
    );
  });
});

describe('assertStateReadable', () => {
  it('accepts a readable state and a missing one (a new environment)', () => {
    expect(() => assertStateReadable(stateFile(STATE), 'dev')).not.toThrow();
    expect(() => assertStateReadable(stateFile(), 'dev')).not.toThrow();
  });

  it('accepts an empty state when no backup shows the environment was ever deployed', () => {
    expect(() => assertStateReadable(stateFile(''), 'dev')).not.toThrow();
  });

  it('fails when the state is empty but a backup exists, naming the file, the newest backup and the restore command', () => {
    const file = stateFile(STATE);
    const backup = backupState(file, 3)!;
    fs.writeFileSync(file, '');
    expect(() => assertStateReadable(file, 'dev')).toThrow(StateLostError);
    expect(() => assertStateReadable(file, 'dev')).toThrow(
      new RegExp(
        `${file} is empty \\(zero bytes\\).*newest backup: ${backup}.*npm run state -- restore dev`.replace(
          /\//g,
          '\\/',
        ),
      ),
    );
  });

  it('fails when the state is not JSON, naming the file, even without a backup', () => {
    const file = stateFile('{"version": 4, "resources": [');
    expect(() => assertStateReadable(file, 'dev')).toThrow(`The state file ${file} is not valid JSON`);
  });

  it('fails when the state is JSON but not a Terraform state', () => {
    const file = stateFile('[1,2]');
    expect(() => assertStateReadable(file, 'dev')).toThrow('is JSON but not a Terraform state');
  });
});

describe('restoreState', () => {
  it('puts the newest backup back and keeps the file it replaces beside it', () => {
    const file = stateFile(STATE);
    backupState(file, 3, new Date('2026-01-01T00:00:00Z'));
    const newer = JSON.stringify({ version: 4, serial: 9, resources: [] });
    fs.writeFileSync(file, newer);
    const newest = backupState(file, 3, new Date('2026-01-02T00:00:00Z'));
    fs.writeFileSync(file, '{"garbage');
    expect(restoreState(file, undefined, new Date('2026-01-03T00:00:00Z'))).toBe(newest);
    expect(fs.readFileSync(file, 'utf8')).toBe(newer);
    expect(fs.readFileSync(`${file}.replaced-2026-01-03T00-00-00-000Z`, 'utf8')).toBe('{"garbage');
  });

  it('restores a chosen backup with --from', () => {
    const file = stateFile(STATE);
    const chosen = path.join(tempDir(), 'old.tfstate');
    fs.writeFileSync(chosen, JSON.stringify({ version: 4, serial: 1, resources: [] }));
    restoreState(file, chosen);
    expect(JSON.parse(fs.readFileSync(file, 'utf8')).serial).toBe(1);
  });

  it('fails when there is no backup, naming the backup folder', () => {
    const file = stateFile('');
    expect(() => restoreState(file)).toThrow(
      `No backup of ${file} in ${path.join(path.dirname(file), 'backups', 'dev')}`,
    );
  });

  it('fails when the chosen backup is itself unreadable', () => {
    const bad = path.join(tempDir(), 'bad.tfstate');
    fs.writeFileSync(bad, '');
    expect(() => restoreState(stateFile(STATE), bad)).toThrow(`The backup ${bad} is empty`);
  });
});
