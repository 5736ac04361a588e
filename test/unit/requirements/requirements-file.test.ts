import fc from 'fast-check';
import * as fs from 'fs';
import * as path from 'path';
import { RequirementsIoError } from '../../../lib/requirements/problem';
import { formatRequirement } from '../../../lib/requirements/requirement-line';
import { readRequirementsFile, splitLogicalLines } from '../../../lib/requirements/requirements-file';
import { copyFixture, FIXTURES } from './fixture-dir';

describe('splitLogicalLines', () => {
  test('joins continuation lines and numbers them by their first line', () => {
    const lines = splitLogicalLines('a==1 \\\n    --hash=sha256:x \\\n    --hash=sha256:y\nb==2\n');
    expect(lines).toEqual([
      { line: 1, text: 'a==1      --hash=sha256:x      --hash=sha256:y' },
      { line: 4, text: 'b==2' },
    ]);
  });

  test('splits off full-line and trailing comments, keeping URL fragments', () => {
    expect(
      splitLogicalLines('# header\n\nfoo==1  # override: reason\nbar @ https://h/bar.whl#sha256=1\n'),
    ).toEqual([
      { line: 1, text: '', comment: 'header' },
      { line: 2, text: '' },
      { line: 3, text: 'foo==1', comment: 'override: reason' },
      { line: 4, text: 'bar @ https://h/bar.whl#sha256=1' },
    ]);
  });

  test('drops a backslash on the last line', () => {
    expect(splitLogicalLines('a==1 \\')).toEqual([{ line: 1, text: 'a==1' }]);
  });

  test('handles CRLF line endings', () => {
    expect(splitLogicalLines('a==1\r\nb==2\r\n').map((l) => l.text)).toEqual(['a==1', 'b==2']);
  });

  test('breaking a line with backslashes anywhere between tokens keeps its meaning (property)', () => {
    const tokens = ['numpy==2.1.3', `--hash=sha256:${'a'.repeat(64)}`, `--hash=sha256:${'b'.repeat(64)}`];
    fc.assert(
      fc.property(
        fc.array(fc.boolean(), { minLength: 2, maxLength: 2 }),
        fc.constantFrom('', '  # trailing'),
        (breaks, comment) => {
          const text =
            tokens.map((t, i) => (i === 0 ? t : `${breaks[i - 1] ? ' \\\n    ' : ' '}${t}`)).join('') +
            comment +
            '\n';
          const [line] = splitLogicalLines(text);
          expect(line.line).toBe(1);
          expect(line.text.split(/\s+/)).toEqual(tokens);
          expect(line.comment).toBe(comment === '' ? undefined : 'trailing');
        },
      ),
    );
  });
});

describe('readRequirementsFile', () => {
  const dir = path.join(FIXTURES, 'small');

  test('expands -r and -c includes relative to the including file, marking constraints', () => {
    const file = readRequirementsFile(path.join(dir, 'additional-packages.in'), dir);
    expect(file.problems).toEqual([]);
    expect(
      file.entries.map((e) => [
        formatRequirement(e.requirement),
        path.basename(e.file),
        e.line,
        e.constraint,
      ]),
    ).toEqual([
      ['structlog==25.2.0', 'shared.in', 2, false],
      ['pysocks<2', 'constraints.txt', 2, true],
      ['tenacity==9.0.0', 'additional-packages.in', 5, false],
      ['requests[socks]>=2.31,<3', 'additional-packages.in', 6, false],
      ['urllib3==2.4.0', 'additional-packages.in', 7, false],
      ['colorama==0.4.6 ; sys_platform == "win32"', 'additional-packages.in', 8, false],
    ]);
    expect(file.files.map((f) => path.basename(f))).toEqual([
      'additional-packages.in',
      'shared.in',
      'constraints.txt',
    ]);
    expect(file.entries[4].comment).toBe('override: needs the 2.4 proxy fix');
  });

  test('keeps the leading comment block as the header', () => {
    const file = readRequirementsFile(path.join(dir, 'runtime-baseline.in'), dir);
    expect(file.header[0]).toEqual({ line: 1, text: '', comment: 'databricks-runtime: 16.4' });
    expect(file.header.every((l) => l.line < 9)).toBe(true);
  });

  test('reads global options such as --extra-index-url', () => {
    const copy = copyFixture(dir);
    fs.writeFileSync(
      path.join(copy, 'x.txt'),
      '--extra-index-url https://download.pytorch.org/whl/cpu\ntorch==2.6.0+cpu\n',
    );
    const file = readRequirementsFile(path.join(copy, 'x.txt'), copy);
    expect(file.options).toEqual([expect.objectContaining({ option: '--extra-index-url', line: 1 })]);
    expect(file.entries).toHaveLength(1);
  });

  test('fails when includes form a cycle, naming the cycle', () => {
    const cycle = path.join(FIXTURES, 'include-cycle');
    const file = readRequirementsFile(path.join(cycle, 'a.in'), cycle);
    expect(file.problems).toEqual([
      {
        file: 'include-cycle/b.in',
        line: 2,
        message: expect.stringContaining(
          'includes include-cycle/a.in, which is already being read (cycle: include-cycle/a.in -> include-cycle/b.in -> include-cycle/a.in)',
        ),
      },
    ]);
    expect(file.entries.map((e) => e.requirement.key)).toEqual(['tenacity', 'structlog']);
  });

  test('fails with an I/O error naming the file when it is missing', () => {
    expect(() => readRequirementsFile(path.join(dir, 'nope.in'), dir)).toThrow(
      new RequirementsIoError('small/nope.in does not exist'),
    );
  });

  test('fails with an I/O error naming the including line when an include is missing', () => {
    const copy = copyFixture(dir);
    fs.writeFileSync(path.join(copy, 'x.in'), 'tenacity\n-r missing.in\n');
    expect(() => readRequirementsFile(path.join(copy, 'x.in'), copy)).toThrow(
      'requirements/x.in:2: included file requirements/missing.in does not exist',
    );
  });

  test('reports unparsable lines and editable installs with file and line, and keeps reading', () => {
    const copy = copyFixture(dir);
    fs.writeFileSync(path.join(copy, 'x.in'), 'good==1\nbad>=>1\n-e ./src\nalso-good\n');
    const file = readRequirementsFile(path.join(copy, 'x.in'), copy);
    expect(file.problems.map((p) => `${p.file}:${p.line}`)).toEqual([
      'requirements/x.in:2',
      'requirements/x.in:3',
    ]);
    expect(file.problems[0].message).toMatch(/^cannot parse "bad>=>1"/);
    expect(file.problems[1].message).toMatch(/editable install/);
    expect(file.entries.map((e) => e.requirement.key)).toEqual(['good', 'also-good']);
  });
});
