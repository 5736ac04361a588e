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

  describe('reads only files of the requirements folder', () => {
    const including = (line: string, setup: (copy: string) => void = () => undefined) => {
      const copy = copyFixture(dir);
      setup(copy);
      fs.writeFileSync(path.join(copy, 'x.in'), `tenacity\n${line}\nstructlog\n`);
      return readRequirementsFile(path.join(copy, 'x.in'), copy);
    };

    test.each([
      ['an absolute include', '-r /etc/passwd', 'is an absolute path'],
      ['a home-relative include', '-c ~/.netrc', 'is an absolute path'],
      [
        'an include escaping with ..',
        '-r ../../../../../../etc/hostname',
        'is outside the requirements folder',
      ],
      [
        'an include of a process file',
        '-r ../../../../../../proc/self/environ',
        'is outside the requirements folder',
      ],
      ['an include of a device', '-r ../../../../../../dev/zero', 'is outside the requirements folder'],
      ['an include of a URL', '-r https://acme.example/reqs.txt', 'is a URL'],
    ])('fails when %s is given, at the including line, and keeps reading', (_what, line, why) => {
      const file = including(line);
      expect(file.problems).toEqual([
        { file: 'requirements/x.in', line: 2, message: expect.stringContaining(why) },
      ]);
      expect(file.entries.map((e) => e.requirement.key)).toEqual(['tenacity', 'structlog']);
    });

    test('fails when a link inside the folder points outside it (links are resolved, then checked)', () => {
      const file = including('-r link.in', (copy) =>
        fs.symlinkSync('/etc/hostname', path.join(copy, 'link.in')),
      );
      expect(file.problems).toEqual([
        {
          file: 'requirements/x.in',
          line: 2,
          message: expect.stringContaining('is outside the requirements folder'),
        },
      ]);
    });

    test('fails when an include is a pipe or a folder, without blocking', () => {
      const fifo = including('-r sub', (copy) => fs.mkdirSync(path.join(copy, 'sub')));
      expect(fifo.problems[0].message).toContain('is not a regular file');
    });

    test.each([
      ['UTF-16', Buffer.from('\ufefftenacity\n', 'utf16le'), 'is UTF-16 encoded; save it as UTF-8'],
      ['Latin-1', Buffer.from('caf\xe9==1.0\n', 'latin1'), 'is not valid UTF-8'],
      ['NUL bytes', Buffer.from('tenacity\u0000\n'), 'holds NUL bytes'],
    ])('fails when an include is %s, saying to save it as UTF-8', (_what, bytes, why) => {
      const file = including('-r other.in', (copy) => fs.writeFileSync(path.join(copy, 'other.in'), bytes));
      expect(file.problems).toEqual([
        { file: 'requirements/x.in', line: 2, message: expect.stringContaining(why) },
      ]);
    });

    test('fails when an include is too big, without reading it', () => {
      const file = including('-r big.in', (copy) =>
        fs.writeFileSync(path.join(copy, 'big.in'), Buffer.alloc(2 * 1024 * 1024, 0x61)),
      );
      expect(file.problems[0].message).toContain('is larger than');
    });

    test('never prints a line it cannot parse whole, nor a secret in it', () => {
      const token = 'dapi' + 'deadbeef'.repeat(4);
      const file = including(`DATABRICKS_TOKEN=${token} ${'x'.repeat(200)}`);
      const message = file.problems.map((p) => p.message).join('\n');
      expect(message).not.toContain('deadbeef');
      expect(message).not.toContain('x'.repeat(100));
    });
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
