/**
 * Names people read to tell environments apart (job-name prefixes, tags, descriptions) must not
 * hide characters or look like another name. Two tools: {@link hiddenCharacters} finds what must be
 * refused outright (invisible, control and bidi characters), and {@link lookalikeSkeleton} maps a
 * string to a form in which two names that look the same are equal (NFKC, case folding, and a
 * folding of the confusables that matter for Latin names, after Unicode TS #39).
 */

/**
 * Control (Cc), format (Cf: zero-width characters, bidi overrides and isolates, soft hyphen), line
 * and paragraph separators, private-use and unassigned code points, spaces other than U+0020, and
 * the letters and marks that render as nothing (Hangul fillers, braille blank, combining grapheme
 * joiner, variation selectors).
 */
const HIDDEN =
  /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Co}\p{Cn}\p{Cs}]|(?! )\p{Zs}|[\u034f\u115f\u1160\u17b4\u17b5\u2800\u3164\uffa0\ufe00-\ufe0f]|\udb40[\udd00-\uddef]/gu;

/** Every hidden character of `text`, as `U+200B` codes in order of appearance (empty when there are none). */
export function hiddenCharacters(text: string): string[] {
  return [...text.matchAll(HIDDEN)].map(
    (m) => `U+${m[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`,
  );
}

/**
 * Why a name shown to people is unsafe: the hidden characters it holds, with the fix; undefined
 * when it has none.
 */
export function hiddenCharacterProblem(text: string): string | undefined {
  const hidden = hiddenCharacters(text);
  if (hidden.length === 0) return undefined;
  return `text without invisible, control or bidi characters (found ${[...new Set(hidden)].join(', ')}); retype it with visible characters and plain spaces`;
}

/** Cyrillic and Greek letters (lowercase) that render like Latin ones, and dash and quote variants. */
const CONFUSABLES: Readonly<Record<string, string>> = {
  а: 'a',
  в: 'b',
  е: 'e',
  ё: 'e',
  һ: 'h',
  і: 'l',
  ї: 'l',
  ј: 'j',
  к: 'k',
  м: 'm',
  н: 'h',
  о: 'o',
  р: 'p',
  с: 'c',
  т: 't',
  у: 'y',
  х: 'x',
  ѕ: 's',
  ԁ: 'd',
  ԛ: 'q',
  ԝ: 'w',
  ӏ: 'l',
  ɡ: 'g',
  ı: 'l',
  α: 'a',
  β: 'b',
  ε: 'e',
  η: 'n',
  ι: 'l',
  κ: 'k',
  ν: 'v',
  ο: 'o',
  ρ: 'p',
  τ: 't',
  υ: 'u',
  χ: 'x',
  γ: 'y',
  ω: 'w',
  μ: 'u',
  '‐': '-',
  '‑': '-',
  '‒': '-',
  '–': '-',
  '—': '-',
  '―': '-',
  '−': '-',
  '﹘': '-',
  '⁃': '-',
  '‘': "'",
  '’': "'",
  '‚': "'",
  '′': "'",
  '“': '"',
  '”': '"',
  '„': '"',
  '″': '"',
  '1': 'l',
  '|': 'l',
  '0': 'o',
  i: 'l',
};

/**
 * A form of `text` in which look-alikes are equal: NFKC (full-width and styled letters become plain
 * ones), lowercase, accents dropped, confusable letters, digits and dashes folded (`i`, `l`, `1` and `|` alike), hidden characters
 * removed, `rn` read as `m`, runs of spaces as one. Compare skeletons, never show them.
 */
export function lookalikeSkeleton(text: string): string {
  const folded = text
    .normalize('NFKC')
    .toLowerCase()
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(HIDDEN, (c) => (/\p{Zs}/u.test(c) ? ' ' : ''));
  return [...folded]
    .map((c) => CONFUSABLES[c] ?? c)
    .join('')
    .replace(/rn/g, 'm')
    .replace(/\s+/g, ' ');
}
