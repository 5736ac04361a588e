import fc from 'fast-check';
import { isValidPackageName, normalizePackageName } from '../../../lib/requirements/package-name';

describe('normalizePackageName', () => {
  test('lower-cases and turns runs of - _ . into one -', () => {
    expect(normalizePackageName('Typing_Extensions')).toBe('typing-extensions');
    expect(normalizePackageName('zope.interface')).toBe('zope-interface');
    expect(normalizePackageName('Foo.-_Bar')).toBe('foo-bar');
    expect(normalizePackageName('PyYAML')).toBe('pyyaml');
  });

  const word = fc.stringMatching(/^[a-z0-9]{1,6}$/);
  const separator = fc.stringMatching(/^[-_.]{1,3}$/);
  const spelling = fc
    .tuple(
      fc.array(word, { minLength: 1, maxLength: 4 }),
      fc.array(separator, { minLength: 3, maxLength: 3 }),
      fc.array(fc.boolean(), { minLength: 30, maxLength: 30 }),
    )
    .map(([words, separators, upper]) => {
      const raw = words.map((w, i) => (i === 0 ? w : `${separators[i % separators.length]}${w}`)).join('');
      return {
        canonical: words.join('-'),
        written: [...raw].map((c, i) => (upper[i % upper.length] ? c.toUpperCase() : c)).join(''),
      };
    });

  test('any spelling of a name normalizes to the same canonical form (property)', () => {
    fc.assert(
      fc.property(spelling, ({ canonical, written }) => {
        expect(normalizePackageName(written)).toBe(canonical);
        expect(isValidPackageName(written)).toBe(true);
      }),
    );
  });

  test('is idempotent (property)', () => {
    fc.assert(
      fc.property(
        fc.string(),
        (name) => normalizePackageName(normalizePackageName(name)) === normalizePackageName(name),
      ),
    );
  });
});

describe('isValidPackageName', () => {
  test('rejects names that start or end with a separator or hold other characters', () => {
    expect(isValidPackageName('-foo')).toBe(false);
    expect(isValidPackageName('foo_')).toBe(false);
    expect(isValidPackageName('foo bar')).toBe(false);
    expect(isValidPackageName('a')).toBe(true);
  });
});
