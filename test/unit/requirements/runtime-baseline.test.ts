import * as path from 'path';
import { readRuntimeBaseline } from '../../../lib/requirements/runtime-baseline';
import { flavorFiles } from '../../../lib/requirements/flavor';
import { copyFixture, editFile, FIXTURES, PROJECT_REQUIREMENTS } from './fixture-dir';

describe('readRuntimeBaseline', () => {
  test('reads the header and the pinned packages by normalized name', () => {
    const baseline = readRuntimeBaseline(path.join(FIXTURES, 'small'), 'standard');
    expect(baseline).toMatchObject({
      runtimeVersion: '16.4',
      flavor: 'standard',
      sparkVersion: '16.4.x-scala2.12',
      pythonVersion: '3.12.3',
      snapshotDate: '2025-06-02',
      problems: [],
    });
    expect(baseline.packages.get('pyyaml')?.version).toBe('6.0.2');
    expect(baseline.packages.get('typing-extensions')?.entry.line).toBe(19);
    expect(baseline.markerEnvironment.python_version).toBe('3.12');
  });

  test('the default project has a baseline per flavor with its own spark version', () => {
    expect(readRuntimeBaseline(PROJECT_REQUIREMENTS, 'ml').sparkVersion).toBe('16.4.x-cpu-ml-scala2.12');
    const gpu = readRuntimeBaseline(PROJECT_REQUIREMENTS, 'gpu');
    expect(gpu.sparkVersion).toBe('16.4.x-gpu-ml-scala2.12');
    expect(gpu.packages.get('torch')?.version).toBe('2.6.0+cu124');
    expect(gpu.problems).toEqual([]);
  });

  test('fails when a header line is missing, at line 1', () => {
    const dir = copyFixture(path.join(FIXTURES, 'small'));
    editFile(flavorFiles(dir, 'standard').baseline, (t) => t.replace('# databricks-runtime: 16.4\n', ''));
    expect(readRuntimeBaseline(dir, 'standard').problems).toEqual([
      {
        file: 'requirements/runtime-baseline.in',
        line: 1,
        message:
          'the header has no "# databricks-runtime:" line. Add "# databricks-runtime: 16.4" before the first package.',
      },
    ]);
  });

  test('fails when a header value is malformed or names another flavor', () => {
    const dir = copyFixture(path.join(FIXTURES, 'small'));
    editFile(flavorFiles(dir, 'standard').baseline, (t) =>
      t
        .replace('# snapshot-date: 2025-06-02', '# snapshot-date: June')
        .replace('flavor: standard', 'flavor: gpu'),
    );
    const problems = readRuntimeBaseline(dir, 'standard').problems;
    expect(problems.map((p) => [p.line, p.message])).toEqual([
      [5, '"snapshot-date: June" is not valid. Write e.g. "# snapshot-date: 2025-06-02".'],
      [
        2,
        'the header says flavor "gpu" but the file is the standard baseline. Fix the header or move the snapshot to the right file.',
      ],
    ]);
  });

  test('fails when a package is not an exact pin', () => {
    const dir = copyFixture(path.join(FIXTURES, 'small'));
    editFile(flavorFiles(dir, 'standard').baseline, (t) => t.replace('six==1.16.0', 'six>=1.16'));
    expect(readRuntimeBaseline(dir, 'standard').problems).toEqual([
      expect.objectContaining({ line: 18, message: expect.stringMatching(/^six is not an exact pin/) }),
    ]);
  });
});
