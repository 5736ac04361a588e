import { createHash } from 'crypto';
import * as fs from 'fs';
import { flavorFiles } from '../../../lib/requirements/flavor';
import { readPinnedFlavor } from '../../../lib/requirements/pinned-files';
import { RequirementsIoError } from '../../../lib/requirements/problem';
import { copyFixture, editFile, PROJECT_REQUIREMENTS } from './fixture-dir';

describe('readPinnedFlavor', () => {
  test('returns the runtime, the spark version and the exact lock text of a flavor', () => {
    const pinned = readPinnedFlavor(PROJECT_REQUIREMENTS, 'ml');
    const lockText = fs.readFileSync(flavorFiles(PROJECT_REQUIREMENTS, 'ml').lock, 'utf8');
    expect(pinned).toEqual({
      runtimeVersion: '16.4',
      sparkVersion: '16.4.x-cpu-ml-scala2.12',
      lockText,
      lockSha256: createHash('sha256').update(lockText).digest('hex'),
      hasHashes: false,
    });
  });

  test('reports hashes for the gpu lock', () => {
    expect(readPinnedFlavor(PROJECT_REQUIREMENTS, 'gpu').hasHashes).toBe(true);
  });

  test('fails when the baseline has no runtime header', () => {
    const dir = copyFixture(PROJECT_REQUIREMENTS);
    editFile(flavorFiles(dir, 'gpu').baseline, (t) => t.replace('# databricks-runtime: 16.4\n', ''));
    expect(() => readPinnedFlavor(dir, 'gpu')).toThrow(
      /^the gpu requirements cannot be pinned:\nrequirements\/runtime-baseline-gpu.in:1: the header has no "# databricks-runtime:" line/,
    );
  });

  test('fails with an I/O error naming the lock when it is missing', () => {
    const dir = copyFixture(PROJECT_REQUIREMENTS);
    fs.rmSync(flavorFiles(dir, 'standard').lock);
    expect(() => readPinnedFlavor(dir, 'standard')).toThrow(
      new RequirementsIoError('requirements/requirements.txt does not exist'),
    );
  });
});
