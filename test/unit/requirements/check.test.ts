import * as fs from 'fs';
import * as path from 'path';
import { checkFlavor } from '../../../lib/requirements/check';
import { flavorFiles, FLAVORS } from '../../../lib/requirements/flavor';
import { RequirementsIoError } from '../../../lib/requirements/problem';
import { copyFixture, editFile, FIXTURES, lineOf, PROJECT_REQUIREMENTS } from './fixture-dir';

const SMALL = path.join(FIXTURES, 'small');

describe('checkFlavor', () => {
  test.each(FLAVORS)("the default project's %s flavor passes", (flavor) => {
    expect(checkFlavor(PROJECT_REQUIREMENTS, flavor)).toEqual([]);
  });

  test('the small fixture passes', () => {
    expect(checkFlavor(SMALL, 'standard')).toEqual([]);
  });

  test('fails when an addition conflicts with the runtime (and the combined file is then stale)', () => {
    const dir = copyFixture(PROJECT_REQUIREMENTS);
    const additions = flavorFiles(dir, 'ml').additions;
    editFile(additions, (t) => `${t}pandas==2.1.4   # older API\n`);
    const problems = checkFlavor(dir, 'ml');
    expect(problems).toContainEqual({
      file: 'requirements/additional-packages-ml.in',
      line: lineOf(additions, 'pandas==2.1.4'),
      message: expect.stringMatching(
        /^"pandas==2.1.4" conflicts with the runtime's pandas==2.2.3 \(requirements\/runtime-baseline-ml.in:\d+\)\. /,
      ),
    });
    expect(problems).toContainEqual(
      expect.objectContaining({
        file: 'requirements/requirements-combined-ml.in',
        message: expect.stringMatching(/^is stale: additional-packages-ml.in changed/),
      }),
    );
  });

  test('fails when the combined file is stale, at the digest line of the changed input', () => {
    const dir = copyFixture(PROJECT_REQUIREMENTS);
    editFile(flavorFiles(dir, 'standard').additions, (t) =>
      t.replace('tenacity==9.0.0 ', 'tenacity==9.0.0 #'),
    );
    const combined = flavorFiles(dir, 'standard').combined;
    expect(checkFlavor(dir, 'standard')).toEqual([
      {
        file: 'requirements/requirements-combined.in',
        line: lineOf(combined, '# sha256 additional-packages.in'),
        message: expect.stringMatching(
          /^is stale: additional-packages.in changed since it was generated \(sha256 [0-9a-f]{12}… recorded, [0-9a-f]{12}… now\)\. Run `npm run requirements -- combine` and commit the result\.$/,
        ),
      },
    ]);
  });

  test('fails when the combined file was edited by hand, at the first differing line', () => {
    const dir = copyFixture(SMALL);
    const combined = flavorFiles(dir, 'standard').combined;
    editFile(combined, (t) => t.replace('tenacity==9.0.0', 'tenacity==9.0.0  # pinned'));
    expect(checkFlavor(dir, 'standard')).toEqual([
      {
        file: 'requirements/requirements-combined.in',
        line: lineOf(combined, 'tenacity'),
        message:
          'differs from what combine generates (expected "tenacity==9.0.0", found "tenacity==9.0.0  # pinned"); it is generated and must not be edited by hand. Run `npm run requirements -- combine` and commit the result.',
      },
    ]);
  });

  test('fails when the combined file lacks an input or lists a former one', () => {
    const dir = copyFixture(SMALL);
    editFile(flavorFiles(dir, 'standard').combined, (t) =>
      t.replace(/# sha256 shared\.in/, '# sha256 old.in'),
    );
    expect(checkFlavor(dir, 'standard').map((p) => `${p.line}: ${p.message.split('.')[0]}`)).toEqual([
      '1: is stale: it was not generated from shared',
      '6: is stale: old',
    ]);
  });

  test('fails when a lock line is not pinned with ==, at its line', () => {
    const dir = copyFixture(PROJECT_REQUIREMENTS);
    const lock = flavorFiles(dir, 'standard').lock;
    editFile(lock, (t) => t.replace('structlog==25.2.0', 'structlog>=25'));
    expect(checkFlavor(dir, 'standard')).toEqual([
      {
        file: 'requirements/requirements-combined.in',
        line: lineOf(flavorFiles(dir, 'standard').combined, 'structlog'),
        message: expect.stringMatching(
          /^structlog is required here but missing from requirements\/requirements.txt\. Regenerate the lock/,
        ),
      },
      {
        file: 'requirements/requirements.txt',
        line: lineOf(lock, 'structlog>=25'),
        message: expect.stringMatching(
          /^"structlog>=25" is not pinned with ==; a lock pins every package to one version\. Regenerate the lock: pip-compile/,
        ),
      },
    ]);
  });

  test('fails when the lock does not satisfy the combined requirements', () => {
    const dir = copyFixture(SMALL);
    const { lock, combined } = flavorFiles(dir, 'standard');
    editFile(lock, (t) =>
      t.replace('pandas==2.2.3', 'pandas==2.2.2').replace('requests[socks]==2.32.3', 'requests==2.30.0'),
    );
    const problems = checkFlavor(dir, 'standard');
    expect(problems.map((p) => `${p.file}:${p.line}: ${p.message.split('. Regenerate')[0]}`)).toEqual([
      `requirements/requirements.txt:${lineOf(lock, 'pandas==')}: pandas==2.2.2 does not satisfy "pandas==2.2.3" required by requirements/requirements-combined.in:${lineOf(combined, 'pandas==')}`,
      `requirements/requirements.txt:${lineOf(lock, 'requests==')}: requests==2.30.0 does not satisfy "requests[socks]==2.32.3,>=2.31,<3" required by requirements/requirements-combined.in:${lineOf(combined, 'requests')}`,
    ]);
  });

  test('fails when a -c constraint excludes the locked version', () => {
    const dir = copyFixture(SMALL);
    fs.writeFileSync(path.join(dir, 'constraints.txt'), 'pysocks<1.7\n');
    const problems = checkFlavor(dir, 'standard').filter((p) => p.file.endsWith('requirements.txt'));
    expect(problems).toEqual([
      expect.objectContaining({
        message: expect.stringMatching(
          /^pysocks==1.7.1 does not satisfy "pysocks<1.7" required by requirements\/constraints.txt:1/,
        ),
      }),
    ]);
  });

  test('skips combined entries whose marker is false on the runtime', () => {
    const text = fs.readFileSync(flavorFiles(SMALL, 'standard').lock, 'utf8');
    expect(text).not.toContain('colorama');
    expect(checkFlavor(SMALL, 'standard')).toEqual([]);
  });

  test('throws an I/O error naming the file when the lock is missing', () => {
    const dir = copyFixture(SMALL);
    fs.rmSync(flavorFiles(dir, 'standard').lock);
    expect(() => checkFlavor(dir, 'standard')).toThrow(
      new RequirementsIoError('requirements/requirements.txt does not exist'),
    );
  });

  test('throws an I/O error that says how to generate a missing combined file', () => {
    const dir = copyFixture(SMALL);
    fs.rmSync(flavorFiles(dir, 'standard').combined);
    expect(() => checkFlavor(dir, 'standard')).toThrow(
      'requirements/requirements-combined.in does not exist. Generate it with `npm run requirements -- combine`',
    );
  });
});
