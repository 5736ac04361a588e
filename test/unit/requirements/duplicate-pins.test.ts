import * as fs from 'fs';
import * as path from 'path';
import { findDisagreeingPins } from '../../../lib/requirements/duplicate-pins';
import { readRequirementsFile } from '../../../lib/requirements/requirements-file';
import { copyFixture, FIXTURES } from './fixture-dir';

function pinsIn(content: string) {
  const dir = copyFixture(path.join(FIXTURES, 'small'));
  fs.writeFileSync(path.join(dir, 'x.in'), content);
  return findDisagreeingPins(readRequirementsFile(path.join(dir, 'x.in'), dir).entries, dir);
}

describe('findDisagreeingPins', () => {
  test('accepts pins that agree after name and version normalization', () => {
    expect(pinsIn('PyYAML==6.0\npyyaml==6.0.0\nPy_Yaml==6.0\n')).toEqual([]);
  });

  test('ignores ranges: only == pins can disagree', () => {
    expect(pinsIn('pandas>=2\npandas==2.2.3\npandas<3\n')).toEqual([]);
  });

  test('fails when two pins of one package disagree, at the later line, naming the earlier one', () => {
    expect(pinsIn('typing_extensions==4.12.2\ntenacity==9.0.0\nTyping-Extensions==4.13.0\n')).toEqual([
      {
        file: 'requirements/x.in',
        line: 3,
        message:
          'typing-extensions is pinned twice with different versions: ==4.13.0 here and ==4.12.2 at requirements/x.in:1. Keep one pin.',
      },
    ]);
  });
});
