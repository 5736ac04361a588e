import * as path from 'path';
import { flavorFiles } from '../../../lib/requirements/flavor';
import { readLockFile, relockCommand } from '../../../lib/requirements/lock-file';
import { copyFixture, editFile, FIXTURES, lineOf, PROJECT_REQUIREMENTS } from './fixture-dir';

const SMALL = path.join(FIXTURES, 'small');

describe('readLockFile', () => {
  test('reads exact pins by normalized name', () => {
    const lock = readLockFile(SMALL, 'standard');
    expect(lock.problems).toEqual([]);
    expect(lock.hasHashes).toBe(false);
    expect(lock.packages.get('typing-extensions')?.version).toBe('4.12.2');
    expect(lock.packages.get('requests')?.entry.requirement.extras).toEqual(['socks']);
  });

  test('reads hashes, continuation lines and index options of a pip-compile --generate-hashes lock', () => {
    const lock = readLockFile(PROJECT_REQUIREMENTS, 'gpu');
    expect(lock.problems).toEqual([]);
    expect(lock.hasHashes).toBe(true);
    expect(lock.packages.get('torch')?.entry.requirement.hashes).toHaveLength(2);
    expect(lock.source.options.map((o) => o.option)).toEqual(['--extra-index-url']);
  });

  test('fails when an entry is not pinned with ==, at its line', () => {
    const dir = copyFixture(SMALL);
    const file = flavorFiles(dir, 'standard').lock;
    editFile(file, (t) =>
      t.replace('tenacity==9.0.0', 'tenacity>=9.0.0').replace('pytz==2024.1', 'pytz==2024.*'),
    );
    expect(readLockFile(dir, 'standard').problems).toEqual([
      {
        file: 'requirements/requirements.txt',
        line: lineOf(file, 'pytz=='),
        message:
          '"pytz==2024.*" is not pinned with ==; a lock pins every package to one version. ' +
          'Regenerate the lock: pip-compile --output-file=requirements/requirements.txt requirements/requirements-combined.in.',
      },
      {
        file: 'requirements/requirements.txt',
        line: lineOf(file, 'tenacity>='),
        message: expect.stringMatching(/^"tenacity>=9.0.0" is not pinned with ==/),
      },
    ]);
  });

  test('fails when some entries have hashes and others do not', () => {
    const dir = copyFixture(PROJECT_REQUIREMENTS);
    const file = flavorFiles(dir, 'gpu').lock;
    editFile(file, (t) => t.replace(/einops==0\.8\.1 \\\n.*\\\n.*\n/, 'einops==0.8.1\n'));
    expect(readLockFile(dir, 'gpu').problems).toEqual([
      {
        file: 'requirements/requirements-gpu.txt',
        line: lineOf(file, 'einops=='),
        message: expect.stringContaining(
          'einops==0.8.1 has no --hash while other entries do, so pip --require-hashes would reject the lock. Regenerate the lock: pip-compile --generate-hashes',
        ),
      },
    ]);
  });

  test('fails when one package is pinned twice at different versions', () => {
    const dir = copyFixture(SMALL);
    editFile(flavorFiles(dir, 'standard').lock, (t) => `${t}Tenacity==8.0.0\n`);
    expect(readLockFile(dir, 'standard').problems.map((p) => p.message)).toEqual([
      expect.stringMatching(/^tenacity is pinned twice/),
    ]);
  });
});

describe('relockCommand', () => {
  test('names the flavor files, with --generate-hashes when the lock has hashes', () => {
    expect(relockCommand('ml', true)).toBe(
      'pip-compile --generate-hashes --output-file=requirements/requirements-ml.txt requirements/requirements-combined-ml.in',
    );
  });
});
