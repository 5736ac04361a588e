import { quoteValue } from '../text/quote-value';
import { formatMarker, Marker, parseMarker } from './markers';
import { isValidPackageName, normalizePackageName } from './package-name';
import { formatSpecifiers, parseSpecifierSet, VersionSpecifier } from './pep440';

/** One requirement (PEP 508 plus pip's `--hash` option), e.g. `Pandas[performance]>=2.2,<3 ; python_version >= "3.10"`. */
export interface Requirement {
  /** The project name as written. */
  readonly name: string;
  /** The PEP 503 normalized name: the identity of the package. */
  readonly key: string;
  /** Requested extras, normalized and sorted. */
  readonly extras: ReadonlyArray<string>;
  /** Version clauses; empty for "any version" and for URL requirements. */
  readonly specifiers: ReadonlyArray<VersionSpecifier>;
  /** The URL of a direct reference (`name @ https://…`). */
  readonly url?: string;
  /** The environment marker after `;`. */
  readonly marker?: Marker;
  /** `--hash` values, as `algorithm:hex`. */
  readonly hashes: ReadonlyArray<string>;
}

/** What one logical line of a requirements file holds. */
export type LineContent =
  | { readonly kind: 'requirement'; readonly requirement: Requirement }
  | { readonly kind: 'include'; readonly constraint: boolean; readonly path: string }
  | { readonly kind: 'editable'; readonly target: string }
  | { readonly kind: 'option'; readonly option: string; readonly value?: string };

/** The result of parsing a line: its content, or why it could not be parsed (`<what>. <fix>`). */
export type ParsedLine =
  { readonly ok: true; readonly content: LineContent } | { readonly ok: false; readonly error: string };

/** Options pip accepts on a line of their own, with whether they take a value. */
const GLOBAL_OPTIONS: ReadonlyMap<string, boolean> = new Map([
  ['-i', true],
  ['--index-url', true],
  ['--extra-index-url', true],
  ['-f', true],
  ['--find-links', true],
  ['--trusted-host', true],
  ['--no-binary', true],
  ['--only-binary', true],
  ['--use-feature', true],
  ['--no-index', false],
  ['--pre', false],
  ['--prefer-binary', false],
  ['--require-hashes', false],
]);

const HASH_LENGTHS: ReadonlyMap<string, number> = new Map([
  ['sha256', 64],
  ['sha384', 96],
  ['sha512', 128],
]);

/** Splits `--opt=value` / `--opt value` / `-o value` into name and value. */
function splitOption(text: string): { option: string; value: string } {
  const match = /^(-[A-Za-z]|--[A-Za-z0-9-]+)(?:=|\s+)?(.*)$/s.exec(text.trim());
  return match === null ? { option: text.trim(), value: '' } : { option: match[1], value: match[2].trim() };
}

function fail(error: string): ParsedLine {
  return { ok: false, error };
}

/**
 * Parses one logical line of a requirements file (continuations joined, comment removed, not blank).
 * Supports what pip-compile reads and writes: requirements, `-r`/`-c` includes, `-e`, index and binary
 * options, and `--hash` on requirements.
 */
export function parseRequirementLine(text: string): ParsedLine {
  const trimmed = text.trim();
  if (trimmed.startsWith('-')) {
    return parseOptionLine(trimmed);
  }
  // pip splits a requirement from its options at the first whitespace-separated token that starts with "-".
  const optionStart = /\s-/.exec(trimmed);
  const requirementText = optionStart === null ? trimmed : trimmed.slice(0, optionStart.index);
  const optionText = optionStart === null ? '' : trimmed.slice(optionStart.index).trim();
  const hashes = parseRequirementOptions(optionText);
  if (typeof hashes === 'string') {
    return fail(hashes);
  }
  const requirement = parseRequirement(requirementText);
  if (typeof requirement === 'string') {
    return fail(requirement);
  }
  return { ok: true, content: { kind: 'requirement', requirement: { ...requirement, hashes } } };
}

function parseOptionLine(text: string): ParsedLine {
  const { option, value } = splitOption(text);
  if (option === '-r' || option === '--requirement' || option === '-c' || option === '--constraint') {
    if (value === '') {
      return fail(`"${option}" needs a file name. Write e.g. "${option} other.in"`);
    }
    return {
      ok: true,
      content: {
        kind: 'include',
        constraint: option.startsWith('-c') || option === '--constraint',
        path: value,
      },
    };
  }
  if (option === '-e' || option === '--editable') {
    return { ok: true, content: { kind: 'editable', target: value } };
  }
  const takesValue = GLOBAL_OPTIONS.get(option);
  if (takesValue === undefined) {
    return fail(
      `unknown option ${quoteValue(option, 40)}. Use a requirement or one of -r, -c, -e, ${[...GLOBAL_OPTIONS.keys()].join(', ')}`,
    );
  }
  if (takesValue && value === '') {
    return fail(`"${option}" needs a value`);
  }
  if (!takesValue && value !== '') {
    return fail(`"${option}" takes no value, found ${quoteValue(value, 40)}. Remove it`);
  }
  return { ok: true, content: { kind: 'option', option, value: takesValue ? value : undefined } };
}

/** The `--hash` values of a requirement, or an error message. */
function parseRequirementOptions(text: string): string[] | string {
  const hashes: string[] = [];
  const tokens = text.split(/\s+/).filter((t) => t !== '');
  for (let i = 0; i < tokens.length; i += 1) {
    let token = tokens[i];
    if (token === '--hash') {
      i += 1;
      token = `--hash=${tokens[i] ?? ''}`;
    }
    if (!token.startsWith('--hash=')) {
      return `unsupported option ${quoteValue(token, 40)} on a requirement; only --hash=sha256:<hex> is allowed. Remove it`;
    }
    const value = token.slice('--hash='.length);
    const [algorithm, hex = ''] = value.split(':');
    const length = HASH_LENGTHS.get(algorithm);
    if (length === undefined || !new RegExp(`^[0-9a-f]{${length}}$`, 'i').test(hex)) {
      return `${quoteValue(`--hash=${value}`, 40)} is not a hash such as sha256:<64 hex digits>. Copy the hash pip-compile --generate-hashes wrote`;
    }
    hashes.push(`${algorithm}:${hex.toLowerCase()}`);
  }
  return hashes;
}

/** Parses the PEP 508 part of a line; returns an error message when it is not one. */
function parseRequirement(text: string): Omit<Requirement, 'hashes'> | string {
  const head = /^([A-Za-z0-9][A-Za-z0-9._-]*)\s*(?:\[([^\]]*)\])?\s*(.*)$/s.exec(text);
  if (head === null) {
    return `${quoteValue(text, 60)} is not a requirement such as name==1.2. A URL or path needs a name: name @ <url>`;
  }
  const [, name, extrasText, rest] = head;
  if (!isValidPackageName(name)) {
    return `${quoteValue(name, 60)} is not a valid package name. Names start and end with a letter or digit`;
  }
  const extras: string[] = [];
  if (extrasText !== undefined) {
    for (const extra of extrasText.split(',').map((e) => e.trim())) {
      if (!isValidPackageName(extra)) {
        return `${quoteValue(`[${extrasText}]`, 60)} is not a valid list of extras. Write e.g. ${name}[extra1,extra2]`;
      }
      extras.push(normalizePackageName(extra));
    }
  }
  let specifierText = rest;
  let url: string | undefined;
  let markerText: string | undefined;
  if (rest.startsWith('@')) {
    const urlMatch = /^@\s*(\S+)\s*(?:;(.*))?$/s.exec(rest);
    if (urlMatch === null || urlMatch[1].endsWith(';')) {
      return `${quoteValue(text, 60)} is not a direct reference such as name @ https://host/name-1.0.whl ; marker. Put spaces around ";"`;
    }
    url = urlMatch[1];
    markerText = urlMatch[2];
    specifierText = '';
  } else {
    const semicolon = rest.indexOf(';');
    if (semicolon >= 0) {
      markerText = rest.slice(semicolon + 1);
      specifierText = rest.slice(0, semicolon);
    }
  }
  specifierText = specifierText.trim();
  if (specifierText.startsWith('(') && specifierText.endsWith(')')) {
    specifierText = specifierText.slice(1, -1).trim();
  }
  let specifiers: VersionSpecifier[] = [];
  if (specifierText !== '') {
    const parsed = parseSpecifierSet(specifierText);
    if (!parsed.ok) {
      return `${parsed.error}. Write e.g. ${name}==1.2.3 or ${name}>=1.2,<2`;
    }
    specifiers = parsed.specifiers;
  }
  let marker: Marker | undefined;
  if (markerText !== undefined) {
    try {
      marker = parseMarker(markerText);
    } catch (error) {
      return `invalid environment marker ${quoteValue(markerText.trim(), 60)}: ${(error as Error).message}. Write e.g. ; python_version >= "3.10"`;
    }
  }
  return {
    name,
    key: normalizePackageName(name),
    extras: [...new Set(extras)].sort(),
    specifiers,
    url,
    marker,
  };
}

/**
 * Prints a requirement canonically, as the combined file holds it: normalized name, sorted extras,
 * specifiers as written, canonical marker; hashes left out.
 * @example formatRequirement(parse('Pandas [Perf] >= 2.2')) === 'pandas[perf]>=2.2'
 */
export function formatRequirement(requirement: Omit<Requirement, 'hashes' | 'name'>): string {
  const extras = requirement.extras.length > 0 ? `[${requirement.extras.join(',')}]` : '';
  const target =
    requirement.url !== undefined ? ` @ ${requirement.url}` : formatSpecifiers(requirement.specifiers);
  const marker = requirement.marker !== undefined ? ` ; ${formatMarker(requirement.marker)}` : '';
  return `${requirement.key}${extras}${target}${marker}`;
}
