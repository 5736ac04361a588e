import * as fs from 'fs';
import * as path from 'path';
import { buildCombined, combineFlavor, recordedInputs } from '../../../lib/requirements/combine';
import { flavorFiles } from '../../../lib/requirements/flavor';
import { copyFixture, editFile, FIXTURES, lineOf } from './fixture-dir';

const SMALL = path.join(FIXTURES, 'small');

describe('buildCombined', () => {
  test('the committed fixture is exactly what combine generates', () => {
    const build = buildCombined(SMALL, 'standard');
    expect(build.problems).toEqual([]);
    expect(build.text).toBe(fs.readFileSync(flavorFiles(SMALL, 'standard').combined, 'utf8'));
  });

  test('lists one line per package, sorted by normalized name, after a header with input digests', () => {
    const lines = buildCombined(SMALL, 'standard').text.split('\n');
    const body = lines.slice(lines.indexOf('') + 1).filter((l) => l !== '');
    expect(body).toEqual([...body].sort());
    expect(body).toContain('pyyaml==6.0.2');
    expect(body).toContain('typing-extensions==4.12.2');
    expect(recordedInputs(lines.join('\n')).map((i) => i.path)).toEqual([
      'runtime-baseline.in',
      'additional-packages.in',
      'shared.in',
      'constraints.txt',
    ]);
  });

  test('merges an addition the runtime satisfies into the runtime pin, keeping its extras', () => {
    expect(buildCombined(SMALL, 'standard').text).toContain('\nrequests[socks]==2.32.3,>=2.31,<3\n');
  });

  test('lets a marked override replace the runtime version, noting the reason', () => {
    expect(buildCombined(SMALL, 'standard').text).toContain(
      "\nurllib3==2.4.0  # overrides the runtime's urllib3==2.3.0: needs the 2.4 proxy fix\n",
    );
  });

  test('keeps additions only the project needs, with their markers, and leaves -c constraints out', () => {
    const text = buildCombined(SMALL, 'standard').text;
    expect(text).toContain('\ncolorama==0.4.6 ; sys_platform == "win32"\n');
    expect(text).toContain('\nstructlog==25.2.0\n');
    expect(text).not.toContain('pysocks');
  });

  test('fails when an addition conflicts with the runtime, naming both lines and the override marker', () => {
    const dir = copyFixture(SMALL);
    const additions = flavorFiles(dir, 'standard').additions;
    editFile(additions, (t) => `${t}pandas==2.1.0\n`);
    expect(buildCombined(dir, 'standard').problems).toEqual([
      {
        file: 'requirements/additional-packages.in',
        line: lineOf(additions, 'pandas==2.1.0'),
        message:
          '"pandas==2.1.0" conflicts with the runtime\'s pandas==2.2.3 (requirements/runtime-baseline.in:13). ' +
          'Require a version the runtime ships (e.g. pandas==2.2.3), or, to replace the runtime\'s version on purpose, end the line with "# override: <reason>".',
      },
    ]);
  });

  test('keeps a declared index option in the combined file, and refuses an undeclared one', () => {
    const dir = copyFixture(SMALL);
    const additions = flavorFiles(dir, 'standard').additions;
    editFile(
      additions,
      (t) => `--index-url https://mirror.acme.example/simple  # source: the company mirror of PyPI\n${t}`,
    );
    const build = buildCombined(dir, 'standard');
    expect(build.problems).toEqual([]);
    expect(build.text).toContain(
      '\n--index-url https://mirror.acme.example/simple  # source: the company mirror of PyPI\n',
    );
    editFile(additions, (t) => t.replace(/ {2}# source: .*/, ''));
    expect(buildCombined(dir, 'standard').problems).toEqual([
      expect.objectContaining({ line: 1, message: expect.stringContaining('bypasses the default index') }),
    ]);
  });

  test('fails when a range excludes the runtime version, or a -c constraint does', () => {
    const dir = copyFixture(SMALL);
    editFile(flavorFiles(dir, 'standard').additions, (t) => `${t}NumPy<2\n`);
    fs.writeFileSync(path.join(dir, 'constraints.txt'), 'pysocks<2\nsix<1.16\n');
    const problems = buildCombined(dir, 'standard').problems;
    expect(problems.map((p) => `${p.file}:${p.line}`)).toEqual([
      'requirements/additional-packages.in:9',
      'requirements/constraints.txt:2',
    ]);
    expect(problems[0].message).toMatch(/^"numpy<2" conflicts with the runtime's numpy==2.1.3/);
  });

  test('fails when an override has no reason, is not needed, or overrides nothing', () => {
    const dir = copyFixture(SMALL);
    editFile(flavorFiles(dir, 'standard').additions, (t) =>
      t
        .replace('# override: needs the 2.4 proxy fix', '# override:')
        .replace('tenacity==9.0.0                # retries', 'tenacity==9.0.0  # override: newer')
        .concat('six==1.16.0  # override: same as runtime\n'),
    );
    expect(buildCombined(dir, 'standard').problems.map((p) => p.message)).toEqual([
      'tenacity is marked as an override, but the runtime does not ship tenacity. Remove the "# override" marker.',
      'the override of urllib3 gives no reason. Write "# override: <why the runtime\'s version is replaced>".',
      'six is marked as an override, but the runtime\'s six==1.16.0 already satisfies "six==1.16.0". Remove the "# override" marker.',
    ]);
  });

  test('fails when the additions pin one package twice at different versions, or list it twice differently', () => {
    const dir = copyFixture(SMALL);
    editFile(flavorFiles(dir, 'standard').additions, (t) => `${t}Tenacity==8.5.0\nstructlog>=25\n`);
    expect(buildCombined(dir, 'standard').problems.map((p) => `${p.line}: ${p.message}`)).toEqual([
      '9: tenacity is pinned twice with different versions: ==8.5.0 here and ==9.0.0 at requirements/additional-packages.in:5. Keep one pin.',
      '10: structlog is listed again with a different requirement ("structlog>=25" here, "structlog==25.2.0" at requirements/shared.in:2). Merge them into one line.',
    ]);
  });
});

describe('combineFlavor', () => {
  test('writes the combined file and leaves it byte-identical when re-run', () => {
    const dir = copyFixture(SMALL);
    const combined = flavorFiles(dir, 'standard').combined;
    fs.rmSync(combined);
    expect(combineFlavor(dir, 'standard')).toEqual({ written: true, changed: true, problems: [] });
    const first = fs.readFileSync(combined);
    expect(combineFlavor(dir, 'standard')).toEqual({ written: true, changed: false, problems: [] });
    expect(fs.readFileSync(combined).equals(first)).toBe(true);
  });

  test('records new digests when an input changes', () => {
    const dir = copyFixture(SMALL);
    fs.writeFileSync(path.join(dir, 'shared.in'), 'structlog==25.1.0\n');
    expect(combineFlavor(dir, 'standard').changed).toBe(true);
    expect(fs.readFileSync(flavorFiles(dir, 'standard').combined, 'utf8')).toContain('\nstructlog==25.1.0\n');
  });

  test('does not write when the inputs have problems', () => {
    const dir = copyFixture(SMALL);
    const combined = flavorFiles(dir, 'standard').combined;
    const before = fs.readFileSync(combined, 'utf8');
    editFile(flavorFiles(dir, 'standard').additions, (t) => `${t}pandas==2.1.0\n`);
    const result = combineFlavor(dir, 'standard');
    expect(result.written).toBe(false);
    expect(result.problems).toHaveLength(1);
    expect(fs.readFileSync(combined, 'utf8')).toBe(before);
  });
});
