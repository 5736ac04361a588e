import * as path from 'path';
import {
  displayPath,
  formatProblem,
  RequirementsIoError,
  sortProblems,
} from '../../../lib/requirements/problem';

describe('formatProblem', () => {
  test('reads <file>:<line>: <message>', () => {
    expect(formatProblem({ file: 'requirements/a.in', line: 3, message: 'x is wrong. Fix it.' })).toBe(
      'requirements/a.in:3: x is wrong. Fix it.',
    );
  });

  test('leaves the line out when there is none', () => {
    expect(formatProblem({ file: 'requirements/a.in', message: 'm.' })).toBe('requirements/a.in: m.');
  });
});

describe('displayPath', () => {
  test('shows files relative to the parent of the requirements folder', () => {
    const dir = path.resolve('/home/me/project/requirements');
    expect(displayPath(dir, path.join(dir, 'requirements.txt'))).toBe('requirements/requirements.txt');
    expect(displayPath(dir, path.resolve('/home/me/project/shared/c.txt'))).toBe('shared/c.txt');
  });
});

describe('sortProblems', () => {
  test('orders by file, then line', () => {
    const sorted = sortProblems([
      { file: 'b', line: 1, message: 'x' },
      { file: 'a', line: 9, message: 'x' },
      { file: 'a', line: 2, message: 'x' },
    ]);
    expect(sorted.map((p) => `${p.file}:${p.line}`)).toEqual(['a:2', 'a:9', 'b:1']);
  });
});

describe('RequirementsIoError', () => {
  test('is an Error with its own name', () => {
    const error = new RequirementsIoError('requirements/x.in does not exist');
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('RequirementsIoError');
  });
});
