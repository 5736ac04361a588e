import fc from 'fast-check';
import {
  formatRequirement,
  LineContent,
  parseRequirementLine,
  Requirement,
} from '../../../lib/requirements/requirement-line';

const content = (text: string): LineContent => {
  const parsed = parseRequirementLine(text);
  if (!parsed.ok) {
    throw new Error(parsed.error);
  }
  return parsed.content;
};
const requirement = (text: string): Requirement => {
  const parsed = content(text);
  if (parsed.kind !== 'requirement') {
    throw new Error(`not a requirement: ${text}`);
  }
  return parsed.requirement;
};
const error = (text: string): string => {
  const parsed = parseRequirementLine(text);
  return parsed.ok ? 'parsed' : parsed.error;
};
const HEX = 'a'.repeat(64);

describe('parseRequirementLine: requirements', () => {
  test('reads name, extras, specifiers and marker, normalizing the name and extras', () => {
    const r = requirement('Pandas[Performance, excel] >= 2.2, <3 ; python_version >= "3.10"');
    expect(r).toMatchObject({
      name: 'Pandas',
      key: 'pandas',
      extras: ['excel', 'performance'],
      specifiers: [
        { operator: '>=', version: '2.2' },
        { operator: '<', version: '3' },
      ],
      hashes: [],
    });
    expect(formatRequirement(r)).toBe('pandas[excel,performance]>=2.2,<3 ; python_version >= "3.10"');
  });

  test('accepts a bare name, parenthesized specifiers and ~= / === / !=', () => {
    expect(requirement('tenacity').specifiers).toEqual([]);
    expect(formatRequirement(requirement('foo (>=1.0, !=1.3.*)'))).toBe('foo>=1.0,!=1.3.*');
    expect(formatRequirement(requirement('foo~=1.4.2'))).toBe('foo~=1.4.2');
    expect(formatRequirement(requirement('foo===1.0-weird'))).toBe('foo===1.0-weird');
  });

  test('reads --hash options, in both spellings', () => {
    expect(
      requirement(`torch==2.6.0+cu124 --hash=sha256:${HEX} --hash sha256:${'B'.repeat(64)}`).hashes,
    ).toEqual([`sha256:${HEX}`, `sha256:${'b'.repeat(64)}`]);
  });

  test('reads direct references with a marker', () => {
    const r = requirement(
      'mylib @ https://example.com/mylib-1.0-py3-none-any.whl#sha256=abc ; os_name == "posix"',
    );
    expect(r.url).toBe('https://example.com/mylib-1.0-py3-none-any.whl#sha256=abc');
    expect(formatRequirement(r)).toBe(
      'mylib @ https://example.com/mylib-1.0-py3-none-any.whl#sha256=abc ; os_name == "posix"',
    );
  });
});

describe('parseRequirementLine: options', () => {
  test('reads -r and -c includes in all spellings', () => {
    expect(content('-r shared.in')).toEqual({ kind: 'include', constraint: false, path: 'shared.in' });
    expect(content('--requirement=../x.in')).toEqual({ kind: 'include', constraint: false, path: '../x.in' });
    expect(content('-c constraints.txt')).toEqual({
      kind: 'include',
      constraint: true,
      path: 'constraints.txt',
    });
    expect(content('--constraint c.txt')).toEqual({ kind: 'include', constraint: true, path: 'c.txt' });
  });

  test('reads index options and editable installs', () => {
    expect(content('--extra-index-url https://download.pytorch.org/whl/cu124')).toEqual({
      kind: 'option',
      option: '--extra-index-url',
      value: 'https://download.pytorch.org/whl/cu124',
    });
    expect(content('--require-hashes')).toEqual({
      kind: 'option',
      option: '--require-hashes',
      value: undefined,
    });
    expect(content('-e ./local')).toEqual({ kind: 'editable', target: './local' });
  });
});

describe('parseRequirementLine: failures', () => {
  test('fails when the specifier is not PEP 440', () => {
    expect(error('pandas>=two')).toMatch(/"pandas>=two"|">=two" is not a valid PEP 440 specifier/);
    expect(error('pandas=2.2')).toMatch(/not a version specifier/);
  });

  test('fails when the name is invalid or missing', () => {
    expect(error('pandas-==1')).toMatch(/not a valid package name/);
    expect(error('./some/path')).toMatch(/needs a name/);
  });

  test('fails when a hash is malformed or an option is unknown', () => {
    expect(error('foo==1 --hash=sha256:abc')).toMatch(/not a hash/);
    expect(error('foo==1 --install-option=x')).toMatch(/unsupported option/);
    expect(error('--no-such-option')).toMatch(/unknown option/);
    expect(error('-r')).toMatch(/needs a file name/);
    expect(error('--pre yes')).toMatch(/takes no value/);
  });

  test('fails when the marker is invalid', () => {
    expect(error('foo==1 ; python_version >>> "3"')).toMatch(/invalid environment marker/);
  });
});

describe('parser round trip (property)', () => {
  const word = fc.stringMatching(/^[a-z][a-z0-9]{0,5}$/);
  const name = fc.array(word, { minLength: 1, maxLength: 3 });
  const version = fc
    .array(fc.integer({ min: 0, max: 40 }), { minLength: 1, maxLength: 3 })
    .map((r) => r.join('.'));
  const specifier = fc
    .tuple(fc.constantFrom('==', '!=', '>=', '<=', '<', '>', '~='), version)
    .map(([op, v]) => ({
      operator: op,
      version: op === '~=' && !v.includes('.') ? `${v}.0` : v,
    }));
  const marker = fc.constantFrom(
    undefined,
    'python_version >= "3.10"',
    'sys_platform == "linux" and os_name != "nt"',
  );
  const spelled = fc.record({
    name,
    extras: fc.uniqueArray(word, { maxLength: 2 }),
    specifiers: fc.array(specifier, { maxLength: 3 }),
    marker,
    upper: fc.boolean(),
    separator: fc.constantFrom('-', '_', '.', '__'),
    space: fc.constantFrom('', ' ', '  '),
  });

  test('any spelling parses to the canonical requirement', () => {
    fc.assert(
      fc.property(spelled, (r) => {
        const key = r.name.join('-');
        let written = r.name.join(r.separator);
        if (r.upper) {
          written = written.toUpperCase();
        }
        const extras = r.extras.length > 0 ? `${r.space}[${r.extras.join(`,${r.space}`)}]` : '';
        const specs = r.specifiers.map((s) => `${r.space}${s.operator}${r.space}${s.version}`).join(',');
        const text = `${written}${extras}${specs}${r.marker ? `${r.space};${r.space}${r.marker}` : ''}`;
        const parsed = requirement(text);
        expect(parsed.key).toBe(key);
        const canonical =
          `${key}${r.extras.length > 0 ? `[${[...r.extras].sort().join(',')}]` : ''}` +
          `${r.specifiers.map((s) => `${s.operator}${s.version}`).join(',')}${r.marker ? ` ; ${r.marker}` : ''}`;
        expect(formatRequirement(parsed)).toBe(canonical);
        expect(formatRequirement(requirement(canonical))).toBe(canonical);
      }),
    );
  });
});
