import { validRange } from '@renovatebot/pep440';
import fc from 'fast-check';
import {
  compareVersions,
  exactPin,
  isValidVersion,
  normalizeVersion,
  parseSpecifierSet,
  satisfiesAll,
  VersionSpecifier,
  versionsEqual,
} from '../../../lib/requirements/pep440';

const specs = (text: string): VersionSpecifier[] => {
  const parsed = parseSpecifierSet(text);
  if (!parsed.ok) {
    throw new Error(parsed.error);
  }
  return parsed.specifiers;
};

/** Versions built from parts, rendered canonically: [epoch!]release[{a|b|rc}N][.postN][.devN][+local]. */
interface VersionParts {
  epoch: number;
  release: number[];
  pre?: ['a' | 'b' | 'rc', number];
  post?: number;
  dev?: number;
}
const part = fc.integer({ min: 0, max: 30 });
const versionParts: fc.Arbitrary<VersionParts> = fc.record(
  {
    epoch: fc.constantFrom(0, 0, 0, 1),
    release: fc.array(part, { minLength: 1, maxLength: 4 }),
    pre: fc.tuple(fc.constantFrom<'a' | 'b' | 'rc'>('a', 'b', 'rc'), part),
    post: part,
    dev: part,
  },
  { requiredKeys: ['epoch', 'release'] },
);
const render = (v: VersionParts): string =>
  `${v.epoch > 0 ? `${v.epoch}!` : ''}${v.release.join('.')}${v.pre ? `${v.pre[0]}${v.pre[1]}` : ''}` +
  `${v.post !== undefined ? `.post${v.post}` : ''}${v.dev !== undefined ? `.dev${v.dev}` : ''}`;
const version = versionParts.map(render);

describe('versions', () => {
  test('normalizes the spellings PEP 440 allows', () => {
    expect(normalizeVersion('1.0RC1')).toBe('1.0rc1');
    expect(normalizeVersion('2.6.0+CU124')).toBe('2.6.0+cu124');
    expect(normalizeVersion('v1.0-alpha.2')).toBe('1.0a2');
    expect(normalizeVersion('1.0-1')).toBe('1.0.post1');
    expect(isValidVersion('not a version')).toBe(false);
  });

  test('treats trailing zeros as equal and orders dev < pre < final < post', () => {
    expect(versionsEqual('1.0', '1.0.0')).toBe(true);
    const ordered = ['1.0.dev1', '1.0a1', '1.0b2', '1.0rc1', '1.0', '1.0.post1', '1.1'];
    for (let i = 1; i < ordered.length; i += 1) {
      expect(compareVersions(ordered[i - 1], ordered[i])).toBe(-1);
    }
  });

  test('orders local versions after their public version', () => {
    expect(compareVersions('2.6.0', '2.6.0+cu124')).toBe(-1);
  });

  test('comparison is antisymmetric (property)', () => {
    fc.assert(fc.property(version, version, (a, b) => compareVersions(a, b) === -compareVersions(b, a)));
  });

  test('comparison is transitive (property)', () => {
    fc.assert(
      fc.property(version, version, version, (a, b, c) => {
        const sorted = [a, b, c].sort(compareVersions);
        expect(compareVersions(sorted[0], sorted[2])).toBeLessThanOrEqual(0);
        expect(compareVersions(sorted[0], sorted[1])).toBeLessThanOrEqual(0);
      }),
    );
  });

  test('release segments compare numerically, zero-padded (property)', () => {
    fc.assert(
      fc.property(
        fc.array(part, { minLength: 1, maxLength: 4 }),
        fc.array(part, { minLength: 1, maxLength: 4 }),
        (x, y) => {
          const length = Math.max(x.length, y.length);
          const pad = (r: number[]) => [...r, ...Array(length - r.length).fill(0)];
          const [px, py] = [pad(x), pad(y)];
          const index = px.findIndex((n, i) => n !== py[i]);
          const expected = index < 0 ? 0 : Math.sign(px[index] - py[index]);
          expect(compareVersions(x.join('.'), y.join('.'))).toBe(expected);
        },
      ),
    );
  });

  test('upper-case and separator spellings compare equal to the canonical one (property)', () => {
    fc.assert(
      fc.property(versionParts, (v) => {
        const canonical = render(v);
        const loud = canonical
          .toUpperCase()
          .replace(/\.POST/, '-post')
          .replace(/\.DEV/, '_dev');
        expect(versionsEqual(canonical, loud)).toBe(true);
        expect(normalizeVersion(loud)).toBe(normalizeVersion(canonical));
      }),
    );
  });
});

describe('specifiers', () => {
  test('parses comma-separated clauses with spaces', () => {
    expect(specs(' >= 1.2 , < 2 ,!=1.5.*')).toEqual([
      { operator: '>=', version: '1.2' },
      { operator: '<', version: '2' },
      { operator: '!=', version: '1.5.*' },
    ]);
  });

  test('supports every PEP 440 operator', () => {
    expect(satisfiesAll('1.4.2', specs('~=1.4'))).toBe(true);
    expect(satisfiesAll('2.0', specs('~=1.4'))).toBe(false);
    expect(satisfiesAll('1.4.2', specs('~=1.4.0'))).toBe(true);
    expect(satisfiesAll('1.5.0', specs('~=1.4.0'))).toBe(false);
    expect(satisfiesAll('1.0', specs('===1.0'))).toBe(true);
    expect(satisfiesAll('1.0.0', specs('===1.0'))).toBe(false);
    expect(satisfiesAll('1.2', specs('>1,<=1.2,!=1.1'))).toBe(true);
    expect(satisfiesAll('1.1', specs('>1,<=1.2,!=1.1'))).toBe(false);
  });

  test('counts a pinned pre-release as satisfying a range', () => {
    expect(satisfiesAll('2.0rc1', specs('>=1.0'))).toBe(true);
  });

  test('fails when a clause is not PEP 440', () => {
    expect(parseSpecifierSet('>=1.0,latest')).toEqual({
      ok: false,
      error: expect.stringContaining('"latest"'),
    });
    expect(parseSpecifierSet('~=1')).toEqual({
      ok: false,
      error: expect.stringContaining('not a valid PEP 440'),
    });
    expect(parseSpecifierSet('>=1.*').ok).toBe(false);
  });

  test('accepts exactly the clauses the library accepts (property)', () => {
    const clause = fc.tuple(
      fc.constantFrom('==', '!=', '>=', '<=', '<', '>', '~=', '==='),
      version,
      fc.constantFrom('', '+local', '.*', '+cu124'),
    );
    fc.assert(
      fc.property(clause, ([op, v, tail]) => {
        expect(parseSpecifierSet(`${op}${v}${tail}`).ok).toBe(validRange(`${op}${v}${tail}`));
      }),
    );
  });

  test('a version satisfies ==, >= and <= itself and not != itself (property)', () => {
    fc.assert(
      fc.property(version, (v) => {
        expect(satisfiesAll(v, specs(`==${v},>=${v},<=${v}`))).toBe(true);
        expect(satisfiesAll(v, specs(`!=${v}`))).toBe(false);
      }),
    );
  });

  test('>= and < split versions the way compareVersions orders them (property)', () => {
    fc.assert(
      fc.property(version, version, (v, bound) => {
        expect(satisfiesAll(v, specs(`>=${bound}`))).toBe(compareVersions(v, bound) >= 0);
      }),
    );
  });
});

describe('exactPin', () => {
  test('is the version of a single == clause without wildcard', () => {
    expect(exactPin(specs('==1.2.3'))).toBe('1.2.3');
    expect(exactPin(specs('==1.2.*'))).toBeUndefined();
    expect(exactPin(specs('===1.2'))).toBeUndefined();
    expect(exactPin(specs('>=1,==1.2'))).toBeUndefined();
    expect(exactPin([])).toBeUndefined();
  });
});
