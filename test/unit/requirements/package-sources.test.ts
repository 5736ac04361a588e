import * as fs from 'fs';
import * as path from 'path';
import { packageSourceProblems } from '../../../lib/requirements/package-sources';
import { formatProblem } from '../../../lib/requirements/problem';
import { readRequirementsFile } from '../../../lib/requirements/requirements-file';
import { copyFixture, FIXTURES } from './fixture-dir';

/** The problems of an additions file holding `lines`: the reader's, then the package sources'. */
function problemsOf(...lines: string[]): string[] {
  const dir = copyFixture(path.join(FIXTURES, 'small'));
  fs.writeFileSync(path.join(dir, 'x.in'), `${lines.join('\n')}\n`);
  const file = readRequirementsFile(path.join(dir, 'x.in'), dir);
  return [...file.problems, ...packageSourceProblems(file, dir)].map(formatProblem);
}

describe('package sources', () => {
  it.each([
    ['a VCS requirement', 'pkg @ git+https://github.com/acme/pkg@v1.0', 'a VCS requirement'],
    ['a local-path requirement', 'pkg @ file:///tmp/pkg-1.0.whl', 'a local-path requirement'],
    ['a URL requirement', 'pkg @ https://files.acme.example/pkg-1.0.whl', 'a URL requirement'],
    ['--index-url', '--index-url https://mirror.acme.example/simple', 'the option --index-url'],
    [
      '--extra-index-url',
      '--extra-index-url https://mirror.acme.example/simple',
      'the option --extra-index-url',
    ],
    ['--trusted-host', '--trusted-host mirror.acme.example', 'the option --trusted-host'],
    ['--find-links', '--find-links https://acme.example/wheels', 'the option --find-links'],
  ])('fails when %s is not declared', (_what, line, what) => {
    expect(problemsOf('tenacity', line)).toEqual([
      expect.stringMatching(
        new RegExp(`^requirements/x\\.in:2: ${what} ".*" bypasses the default index\\. .*# source: <why>`),
      ),
    ]);
  });

  it('accepts a source declared with a reason', () => {
    expect(
      problemsOf(
        '--index-url https://mirror.acme.example/simple  # source: the company mirror proxies PyPI',
        'pkg @ git+https://github.com/acme/pkg@4b825dc642cb6eb9a060e54bf8d69288fbee4904  # source: fork with the fix from acme/pkg#12',
      ),
    ).toEqual([]);
  });

  it('fails when a declaration gives no real reason', () => {
    expect(problemsOf('--index-url https://mirror.acme.example/simple  # source: x')).toEqual([
      expect.stringContaining('declared without a reason of at least 10 characters'),
    ]);
  });

  it('fails on plain http even when declared', () => {
    expect(
      problemsOf(
        '--extra-index-url http://mirror.acme.example/simple  # source: the company mirror proxies PyPI',
      ),
    ).toEqual([expect.stringContaining('uses plain http')]);
    expect(problemsOf('pkg @ git+http://git.acme.example/pkg  # source: internal fork of pkg')).toEqual([
      expect.stringContaining('uses plain http'),
    ]);
  });

  it('fails on credentials in an index URL, without printing them', () => {
    const problems = problemsOf(
      '--index-url https://ci:Sup3r-Fake-Pass@mirror.acme.example/simple  # source: mirror',
    );
    expect(problems).toEqual([
      expect.stringMatching(
        /^requirements\/x\.in:1: holds secret-shaped text \(credentials in a URL: .*masked\)\), which would be committed .*\(PIP_INDEX_URL or keyring\)/,
      ),
    ]);
    expect(problems.join()).not.toContain('Sup3r-Fake-Pass');
  });
});
