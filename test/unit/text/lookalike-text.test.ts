import fc from 'fast-check';
import {
  hiddenCharacterProblem,
  hiddenCharacters,
  lookalikeSkeleton,
} from '../../../lib/text/lookalike-text';

const HIDDEN = [
  '\u200b',
  '\u200c',
  '\u200d',
  '\u2060',
  '\ufeff',
  '\u202e',
  '\u2066',
  '\u0007',
  '\u00ad',
  '\u00a0',
  '\u3164',
];

describe('hiddenCharacters', () => {
  it('finds nothing in plain names, dashes and accents included', () => {
    expect(hiddenCharacters('Prod – ingest')).toEqual([]);
    expect(hiddenCharacters('Équipe données')).toEqual([]);
  });

  it.each(HIDDEN)('fails when a name holds %j', (c) => {
    expect(hiddenCharacters(`Prod${c} – `)).toEqual([
      `U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`,
    ]);
  });

  it('says which characters and how to fix it', () => {
    expect(hiddenCharacterProblem('Stg\u202e – ')).toBe(
      'text without invisible, control or bidi characters (found U+202E); retype it with visible characters and plain spaces',
    );
    expect(hiddenCharacterProblem('Stg – ')).toBeUndefined();
  });

  it('finds a hidden character wherever it is inserted', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'grapheme-ascii', maxLength: 20 }),
        fc.nat(),
        fc.constantFrom(...HIDDEN),
        (s, at, c) => {
          const i = at % (s.length + 1);
          return hiddenCharacters(s.slice(0, i) + c + s.slice(i)).length === hiddenCharacters(s).length + 1;
        },
      ),
    );
  });
});

describe('lookalikeSkeleton', () => {
  it.each([
    ['Prod – ', 'Prod - '],
    ['Prod – ', '\u0420r\u043ed – '], // Cyrillic Р and о
    ['Prod – ', 'Ｐｒｏｄ – '], // full-width
    ['Prod – ', 'Pro\u200bd – '], // zero-width space
    ['Prod – ', 'prod — '],
    ['Staging', 'Stag1ng'],
    ['Modern', 'Modem'],
    ['Prod', 'Pród'],
  ])('folds %j and %j together', (a, b) => {
    expect(lookalikeSkeleton(a)).toBe(lookalikeSkeleton(b));
  });

  it.each([
    ['Dev – ', 'Stg – '],
    ['Prod – ', 'Prod2 – '],
  ])('keeps %j and %j apart', (a, b) => {
    expect(lookalikeSkeleton(a)).not.toBe(lookalikeSkeleton(b));
  });

  it('is idempotent', () => {
    fc.assert(
      fc.property(
        fc.string({ maxLength: 30 }),
        (s) => lookalikeSkeleton(lookalikeSkeleton(s)) === lookalikeSkeleton(s),
      ),
    );
  });

  it('ignores case and inserted zero-width characters', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme-ascii', maxLength: 20 }), fc.nat(), (s, at) => {
        const i = at % (s.length + 1);
        return (
          lookalikeSkeleton(s.toUpperCase().slice(0, i) + '\u200b' + s.toUpperCase().slice(i)) ===
          lookalikeSkeleton(s)
        );
      }),
    );
  });
});
