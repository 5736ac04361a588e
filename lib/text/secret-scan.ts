import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * The synth-time secret scan: every synthesized stack JSON is searched for values that look like
 * credentials (tokens, keys, passwords) before the output is moved into place. A finding fails the
 * synth; messages name the stack, the JSON path and the construct, never the value (it is masked).
 *
 * The detectors here are also what policy rule DBX-S1 uses on spark_conf, env vars and parameters.
 */

/** A credential-looking substring of a text. */
export interface TextSecret {
  /** What it looks like, e.g. `Databricks token`. */
  readonly kind: string;
  /** Where it starts in the text. */
  readonly index: number;
  /** The matched text (keep it in memory; print only {@link TextSecret.masked}). */
  readonly value: string;
  /** A printable stand-in: the pattern's public prefix at most, and the length. */
  readonly masked: string;
}

interface Detector {
  readonly kind: string;
  readonly pattern: RegExp;
  /** Characters of the match that are a public marker (e.g. `dapi`), safe to print. */
  readonly visible: (match: string) => string;
  /** Index of the capture group holding the secret, when the match has context around it. */
  readonly group?: number;
  /** Further check on the captured secret. */
  readonly accept?: (secret: string) => boolean;
}

const prefix = (n: number) => (m: string) => m.slice(0, n);
const none = () => '';

/** A literal value, not a reference to a secret or to another Terraform value. */
export function isSecretReference(value: string): boolean {
  const refs = /\{\{secrets\/[^/{}\s]+\/[^/{}\s]+\}\}|\$\{[^}]*\}/g;
  if (!refs.test(value)) return false;
  // What is left around the references must not carry a credential of its own (e.g. "Bearer {{secrets/a/b}}").
  return !/[A-Za-z0-9+/_=-]{8,}/.test(value.replace(refs, ''));
}

/** A value someone could plausibly use as a password: not empty, not a flag or a plain number, not a reference. */
function isLiteralCredential(value: string): boolean {
  const v = value.trim().replace(/^["']|["']$/g, '');
  if (v === '' || /^(true|false|null|none|yes|no)$/i.test(v) || /^\d+$/.test(v)) return false;
  if (isSecretReference(v)) return false;
  // Code and placeholders, not values: dbutils.secrets.get(...), os.environ[...], $VAR, <password>, %(pwd)s, ***.
  if (
    /[()[\]]/.test(v) ||
    /^\$[A-Za-z_{]/.test(v) ||
    /^<[^>]*>$/.test(v) ||
    /^%\(/.test(v) ||
    /^\*+$/.test(v)
  ) {
    return false;
  }
  return true;
}

/** A bearer/basic credential: not a word of prose ("Basic authentication"), not a reference. */
const isHeaderCredential = (s: string) => /[0-9+/=._~-]/.test(s) && isLiteralCredential(s);

/** Setting names whose unquoted `name=value` (connection strings, query strings) is a credential. */
const SETTING_WITH_SECRET =
  /(?<![A-Za-z0-9_])(?:password|passwd|pwd|pass|passphrase|secret|client[_-]?secret|token|access[_-]?token|api[_-]?key|access[_-]?key|secret[_-]?key|account[_-]?key|shared[_-]?access[_-]?key|sig)\s*=\s*("[^"\n]*"|'[^'\n]*'|[^\s;&,"'<>]+)/gi;

const DETECTORS: readonly Detector[] = [
  { kind: 'Databricks token', pattern: /dapi[0-9a-f]{32}(?:-\d+)?/g, visible: prefix(4) },
  { kind: 'Databricks OAuth secret', pattern: /dose[0-9a-f]{32}/g, visible: prefix(4) },
  { kind: 'GitHub token', pattern: /(?:ghp|gho|ghu|ghs|ghr)_[A-Za-z0-9]{36,}/g, visible: prefix(4) },
  { kind: 'GitHub token', pattern: /github_pat_[A-Za-z0-9_]{36,}/g, visible: prefix(11) },
  { kind: 'AWS access key id', pattern: /(?:AKIA|ASIA)[A-Z0-9]{16}/g, visible: prefix(4) },
  {
    kind: 'AWS secret access key',
    pattern: /aws.{0,20}secret.{0,20}?["']?\s*[=:]\s*["']?([A-Za-z0-9/+]{40})(?![A-Za-z0-9/+])/gi,
    group: 1,
    visible: none,
  },
  {
    kind: 'private key',
    // The whole block (to its END line, else to the end of the text): the header alone is public.
    pattern:
      /-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----(?:[\s\S]*?-----END (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----|[\s\S]*$)/g,
    visible: (m) => /^-----BEGIN [A-Z0-9 ]*-----/.exec(m)?.[0] ?? '',
  },
  {
    kind: 'Slack webhook',
    pattern: /https:\/\/hooks\.slack\.com\/(?:services|workflows|triggers)\/[A-Za-z0-9_/-]{8,}/g,
    visible: prefix('https://hooks.slack.com/'.length),
  },
  { kind: 'Slack token', pattern: /xox[abposre]-[A-Za-z0-9-]{10,}/g, visible: prefix(5) },
  {
    kind: 'JSON web token',
    // At a word start, or anywhere when the payload is a JSON object too (`eyJ…\.eyJ…`): a token
    // pasted straight after other text (`ingest_orderseyJ…`) is still one.
    pattern: /(?:\b|(?=eyJ[A-Za-z0-9_-]{5,}\.eyJ))eyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*/g,
    visible: prefix(3),
  },
  {
    kind: 'Azure SAS signature',
    pattern: /[?&;]sig=([A-Za-z0-9%+/=_-]{10,})/gi,
    group: 1,
    visible: none,
  },
  {
    kind: 'HTTP authorization credential',
    pattern: /(?:Bearer|Basic)\s+([A-Za-z0-9._~+/=-]{8,})/gi,
    group: 1,
    visible: none,
    accept: isHeaderCredential,
  },
  {
    kind: 'password setting',
    pattern: SETTING_WITH_SECRET,
    group: 1,
    visible: none,
    accept: isLiteralCredential,
  },
  {
    kind: 'credentials in a URL',
    pattern: /[a-z][a-z0-9+.-]*:\/\/[^\s:@/"']+:([^\s@/"']+)@/gi,
    group: 1,
    visible: none,
    accept: (s) => !isSecretReference(s),
  },
  {
    kind: 'literal value of a secret-named setting',
    pattern: /(?<![A-Za-z0-9_])([A-Za-z_][A-Za-z0-9_.-]*)["']?\s*[:=]\s*("[^"\n]{4,}"|'[^'\n]{4,}')/g,
    group: 2,
    visible: none,
  },
];

/**
 * Long random-looking runs (upper and lower case letters and digits, switching class often, high
 * Shannon entropy): unknown kinds of keys. Used by {@link redactSecrets} only, since cdk.tf.json
 * legitimately holds digests and ids the synth scan must not refuse.
 */
const RANDOM_RUN = /[A-Za-z0-9+/=_-]{24,}/g;

function looksHighEntropy(run: string): boolean {
  const alnum = run.replace(/[^A-Za-z0-9]/g, '');
  if (alnum.length < 24 || !/[a-z]/.test(alnum) || !/[A-Z]/.test(alnum) || !/[0-9]/.test(alnum)) {
    return false;
  }
  const cls = (c: string) => (/[a-z]/.test(c) ? 0 : /[A-Z]/.test(c) ? 1 : 2);
  let switches = 0;
  for (let i = 1; i < alnum.length; i++) if (cls(alnum[i]) !== cls(alnum[i - 1])) switches++;
  const counts = new Map<string, number>();
  for (const c of alnum) counts.set(c, (counts.get(c) ?? 0) + 1);
  let entropy = 0;
  for (const n of counts.values()) entropy -= (n / alnum.length) * Math.log2(n / alnum.length);
  return switches / (alnum.length - 1) >= 0.4 && entropy >= 3.5;
}

/** AWS secret keys are unremarkable base64: they are only suspicious next to an access key id. */
const AWS_SECRET_BESIDE_KEY_ID = /(?<![A-Za-z0-9/+])[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+=])/g;
const looksRandom = (s: string) => /[a-z]/.test(s) && /[A-Z]/.test(s) && /[0-9]/.test(s);

function masked(value: string, visible: string): string {
  return `${visible}…(${value.length} chars, masked)`;
}

/** The words of a setting name: `spark.hadoop.fs.s3a.secretKey` → spark, hadoop, fs, s3a, secret, key. */
function words(key: string): string[] {
  return key
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

const SECRET_WORDS = new Set([
  'password',
  'passwd',
  'passphrase',
  'secret',
  'token',
  'apikey',
  'credential',
  'credentials',
]);
const KEY_QUALIFIERS = new Set([
  'api',
  'access',
  'account',
  'secret',
  'private',
  'sas',
  'signing',
  'encryption',
  'master',
  'storage',
  'client',
]);
/** Words that make a secret-sounding name describe something else (a scope name, a URL, a lifetime...). */
const NOT_A_VALUE = new Set([
  'scope',
  'name',
  'names',
  'id',
  'ids',
  'path',
  'file',
  'dir',
  'url',
  'uri',
  'endpoint',
  'type',
  'ttl',
  'expiry',
  'expires',
  'lifetime',
  'length',
  'enabled',
  'disabled',
  'redaction',
  'count',
]);

/** Fragments that make a name secret-sounding wherever they occur in it, in any case: `DBPassword`, `myApiKey`. */
const SECRET_FRAGMENTS = [
  'password',
  'passwd',
  'passphrase',
  'pwd',
  'secret',
  'apikey',
  'accesskey',
  'privatekey',
  'accountkey',
  'sharedaccesskey',
  'connectionstring',
  'credential',
  'accesstoken',
  'authtoken',
  'bearer',
  'authorization',
];
/** Words that are not a password though they end in `pass`. */
const PASS_WORDS = new Set(['bypass', 'compass', 'overpass', 'underpass', 'surpass', 'trespass']);

/**
 * Whether a setting's name says it holds a credential, in any case and spelling: password, pass,
 * pwd, secret, token, api key, `fs.azure.account.key...`, `aws_secret_access_key`, `DBPassword`,
 * `APIKEY`, ... but not `secret_scope`, `token_url` or `tokenizer`.
 */
export function isSecretKey(key: string): boolean {
  const w = words(key);
  if (w.some((x) => NOT_A_VALUE.has(x))) return false;
  if (w.some((x) => SECRET_WORDS.has(x) || x === 'tokens' || x === 'sig' || x === 'pw')) return true;
  if (w.some((x) => x.endsWith('pass') && !PASS_WORDS.has(x))) return true;
  const joined = w.join('');
  if (SECRET_FRAGMENTS.some((f) => joined.includes(f))) return true;
  return w.some((x, i) => (x === 'key' || x === 'keys') && i > 0 && KEY_QUALIFIERS.has(w[i - 1]));
}

/**
 * Every credential-looking substring of a text (tokens, keys, password settings, secret-named
 * assignments); with `randomRuns`, also long random-looking runs of unknown kinds.
 */
export function findSecretsInText(text: string, options: { randomRuns?: boolean } = {}): TextSecret[] {
  const found: TextSecret[] = [];
  // Detectors run most specific first; a later match overlapping an earlier one adds nothing.
  const add = (kind: string, index: number, value: string, visible: string) => {
    const end = index + value.length;
    if (found.some((f) => index < f.index + f.value.length && f.index < end)) return;
    found.push({ kind, index, value, masked: masked(value, visible) });
  };
  for (const d of DETECTORS) {
    for (const m of text.matchAll(d.pattern)) {
      const raw = d.group ? m[d.group] : m[0];
      if (raw === undefined) continue;
      const quoted = /^(["'])(.*)\1$/s.exec(raw);
      const secret = quoted ? quoted[2] : raw;
      if (d.kind === 'literal value of a secret-named setting') {
        if (!isSecretKey(m[1]) || !isLiteralCredential(secret)) continue;
      } else if (d.accept && !d.accept(secret)) continue;
      const index = (m.index ?? 0) + (d.group ? m[0].lastIndexOf(raw) : 0) + (quoted ? 1 : 0);
      add(d.kind, index, secret, d.visible(secret));
    }
  }
  if (found.some((f) => f.kind === 'AWS access key id')) {
    for (const m of text.matchAll(AWS_SECRET_BESIDE_KEY_ID)) {
      if (looksRandom(m[0])) add('AWS secret access key', m.index ?? 0, m[0], '');
    }
  }
  if (options.randomRuns) {
    for (const m of text.matchAll(RANDOM_RUN)) {
      const index = m.index ?? 0;
      if (looksHighEntropy(m[0])) add('random-looking key', index, m[0], '');
    }
  }
  return found.sort((a, b) => a.index - b.index);
}

/**
 * `text` with every credential-looking substring (and every long random-looking run) replaced by
 * its mask: the one redaction for every message that quotes a value (config, requirements, synth,
 * policy, deploy, rollback, status) and for output echoed from other tools (git, terraform).
 */
export function redactSecrets(text: string): string {
  let out = '';
  let at = 0;
  for (const s of findSecretsInText(text, { randomRuns: true })) {
    const end = s.index + s.value.length;
    if (end <= at) continue;
    out += s.index >= at ? text.slice(at, s.index) + s.masked : '';
    at = end;
  }
  return out + text.slice(at);
}

/**
 * Why a setting (`key: value` of spark_conf, env vars, parameters) holds a plaintext secret, or
 * `undefined` when it does not: its value looks like a credential, or its name says it is one and
 * the value is a literal rather than a `{{secrets/<scope>/<key>}}` reference.
 */
export function plaintextSecretIn(key: string, value: unknown): { kind: string; masked: string } | undefined {
  if (typeof value !== 'string') return undefined;
  const inValue = findSecretsInText(value)[0];
  if (inValue) return { kind: inValue.kind, masked: inValue.masked };
  return literalOfSecretName(key, value);
}

/** A literal `value` of a setting whose name says it holds a credential (the value itself looks like none). */
function literalOfSecretName(key: string, value: string): { kind: string; masked: string } | undefined {
  if (!isSecretKey(key) || !isLiteralCredential(value)) return undefined;
  return { kind: 'literal value of a secret-named setting', masked: masked(value, '') };
}

/** One credential-looking value in a synthesized stack. */
export interface SecretFinding {
  /** Stack (environment) name. */
  readonly stack: string;
  /** The stack file, relative to the output folder: `stacks/<stack>/cdk.tf.json`. */
  readonly file: string;
  /** JSON path of the value, e.g. `resource.databricks_job.Jobs_x_1A2B.task[0].notebook_task.base_parameters.token`. */
  readonly jsonPath: string;
  /** Construct path of the resource holding it, when known (`prod/Jobs/ingest-orders/Resource`). */
  readonly constructPath?: string;
  readonly kind: string;
  /** The value masked: never the value itself. */
  readonly masked: string;
  /** Where the value came from, when known: the config file and field (`config/prod.yaml: workflows.x.token`). */
  readonly origin?: string;
}

/**
 * Finds where a secret value found in the stack `stack` came from (e.g. the config file and field
 * that hold it), when known.
 */
export type SecretOrigin = (value: string, stack?: string) => string | undefined;

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_-]*$/;
/** `at.key`, `at[0]` or `at["odd key"]`; a key that holds a secret is shown masked. */
function join(at: string, key: string | number): string {
  if (typeof key === 'number') return `${at}[${key}]`;
  const shown = redactSecrets(key);
  if (shown !== key || !IDENTIFIER.test(key)) return `${at}[${JSON.stringify(shown)}]`;
  return at ? `${at}.${key}` : key;
}

/**
 * A JSON path, spelled only when a finding needs it: spelling one redacts each of its keys, which
 * would cost more than the scan itself if done for every value of a large stack.
 */
type JsonPath = () => string;

/** The path of `key` under `at`, spelled (once) on first use. */
function child(at: JsonPath, key: string | number): JsonPath {
  let spelled: string | undefined;
  return () => (spelled ??= join(at(), key));
}

/**
 * `text` with every letter-and-digit run of `secret` (4 characters or more) masked: a secret that
 * became part of a name on its way (a construct id `Acl-group-ghp-FAKE…` made from a principal
 * `ghp_FAKE…`) keeps those runs though its punctuation changed.
 */
function withoutFragmentsOf(secret: string, text: string): string {
  const runs = [...new Set(secret.match(/[A-Za-z0-9]{4,}/g) ?? [])].sort((a, b) => b.length - a.length);
  return runs.reduce((out, run) => out.split(run).join('…'), text);
}

/** Keys that hold the value of a setting named elsewhere: by a `name` sibling, else by the parent key. */
const VALUE_KEYS = new Set(['value', 'default', 'defaultValue']);

/**
 * The setting name a value is judged by: its own key, except for `value`/`default` fields, which
 * take the `name` beside them (job parameters) or the key above them (cluster policy definitions).
 */
function settingName(obj: Record<string, unknown>, key: string, parentKey: string | number): string | number {
  if (!VALUE_KEYS.has(key)) return key;
  return typeof obj.name === 'string' ? obj.name : parentKey;
}

/** Keys whose (base64) value is file content: decoded and scanned as text. */
const BASE64_CONTENT_KEYS = new Set(['content_base64']);

/**
 * Scans one synthesized stack document (the parsed cdk.tf.json): every string value with the text
 * detectors, every secret-named key for a literal value, base64 content decoded, and strings that
 * hold JSON (e.g. cluster policy definitions) parsed and scanned in turn.
 */
export function scanStackJson(
  doc: unknown,
  where: { stack: string; file: string },
  originOf: SecretOrigin = () => undefined,
): SecretFinding[] {
  const findings: SecretFinding[] = [];
  const add = (
    jsonPath: string,
    constructPath: string | undefined,
    found: { kind: string; masked: string },
    value: string,
  ) => {
    const origin = originOf(value, where.stack);
    const hide = (text: string) => withoutFragmentsOf(value, text);
    findings.push({
      ...where,
      jsonPath: hide(jsonPath),
      ...(constructPath ? { constructPath: hide(constructPath) } : {}),
      kind: found.kind,
      masked: found.masked,
      ...(origin ? { origin: hide(origin) } : {}),
    });
  };
  // A stack repeats its keys and many of its values (one job's fields are every job's): each
  // distinct text is searched once.
  const seen = new Map<string, TextSecret[]>();
  const secretsIn = (text: string): TextSecret[] => {
    let found = seen.get(text);
    if (!found) {
      found = findSecretsInText(text);
      seen.set(text, found);
    }
    return found;
  };

  const scanString = (key: string | number, value: string, at: JsonPath, construct: string | undefined) => {
    if (typeof key === 'string' && BASE64_CONTENT_KEYS.has(key)) {
      const decoded = Buffer.from(value, 'base64').toString('utf8');
      for (const s of findSecretsInText(decoded)) {
        const line = decoded.slice(0, s.index).split('\n').length;
        add(`${at()} (decoded, line ${line})`, construct, s, s.value);
      }
      return;
    }
    const trimmed = value.trim();
    if ((trimmed.startsWith('{') || trimmed.startsWith('[')) && trimmed.length > 1) {
      try {
        const parsed: unknown = JSON.parse(trimmed);
        walk(parsed, () => `${at()} (JSON)`, construct);
        return;
      } catch {
        // not JSON: scanned as text below
      }
    }
    const inText = secretsIn(value);
    // The secret itself is looked up (a config field holds it, the output may hold it inside a path).
    for (const s of inText) add(at(), construct, s, s.value);
    if (inText.length === 0 && typeof key === 'string') {
      const named = literalOfSecretName(key, value);
      if (named) add(at(), construct, named, value);
    }
  };

  const walk = (node: unknown, at: JsonPath, construct: string | undefined, key: string | number = '') => {
    if (typeof node === 'string') return scanString(key, node, at, construct);
    if (Array.isArray(node)) {
      node.forEach((item, i) => walk(item, child(at, i), construct, key));
      return;
    }
    if (node === null || typeof node !== 'object') return;
    const obj = node as Record<string, unknown>;
    const meta = (obj['//'] as { metadata?: { path?: unknown } } | undefined)?.metadata?.path;
    const here = typeof meta === 'string' ? meta : construct;
    for (const [k, v] of Object.entries(obj)) {
      const atKey = child(at, k);
      // A key is text too: a token pasted as a parameter or variable name.
      for (const s of secretsIn(k)) add(`${atKey()} (key)`, here, s, k);
      walk(v, atKey, here, settingName(obj, k, key));
    }
  };

  walk(doc, () => '', undefined);
  return findings;
}

/** The stack files of a synthesized output folder, from its manifest (else `stacks/<name>/cdk.tf.json`). */
function stackFiles(outdir: string): Array<{ stack: string; file: string }> {
  const manifestFile = path.join(outdir, 'manifest.json');
  if (fs.existsSync(manifestFile)) {
    const manifest = JSON.parse(fs.readFileSync(manifestFile, 'utf8')) as {
      stacks?: Record<string, { synthesizedStackPath?: string }>;
    };
    return Object.entries(manifest.stacks ?? {})
      .filter(([, s]) => s.synthesizedStackPath)
      .map(([stack, s]) => ({ stack, file: s.synthesizedStackPath! }));
  }
  const stacks = path.join(outdir, 'stacks');
  if (!fs.existsSync(stacks)) return [];
  return fs
    .readdirSync(stacks)
    .filter((s) => fs.existsSync(path.join(stacks, s, 'cdk.tf.json')))
    .map((stack) => ({ stack, file: path.join('stacks', stack, 'cdk.tf.json') }));
}

/** Scans every stack of a synthesized output folder (e.g. the temporary outdir before it is moved into place). */
export function scanSynthOutput(outdir: string, originOf?: SecretOrigin): SecretFinding[] {
  // A stack whose synth stopped on a policy violation has no file: the violation is reported instead.
  const written = stackFiles(outdir).filter(({ file }) => fs.existsSync(path.join(outdir, file)));
  return written.flatMap(({ stack, file }) =>
    scanStackJson(
      JSON.parse(fs.readFileSync(path.join(outdir, file), 'utf8')),
      { stack, file: file.split(path.sep).join('/') },
      originOf,
    ),
  );
}

/**
 * One line per finding, with the value masked: where it landed (stack file, JSON path, construct),
 * then the config file and field it came from, when known.
 */
export function formatSecretFinding(f: SecretFinding): string {
  const landed = `${f.file}: ${f.jsonPath}${f.constructPath ? ` (construct ${f.constructPath})` : ''}`;
  // Redacted as a whole: the origin names a config field, and a secret pasted as a key is its name.
  return redactSecrets(`${landed}: ${f.kind} ${f.masked}${f.origin ? ` (from ${f.origin})` : ''}`);
}

/** Thrown when the synthesized output holds secret-looking values; the message lists them, masked. */
export class SecretScanError extends Error {
  constructor(readonly findings: readonly SecretFinding[]) {
    super(
      `Secret scan failed: ${findings.length} secret-looking value(s) in the synthesized stacks; nothing was written.\n` +
        findings.map((f) => `  ${formatSecretFinding(f)}`).join('\n') +
        "\nPut secrets in the environment's secret scope and reference them as {{secrets/<scope>/<key>}}; never in config or code.",
    );
    this.name = 'SecretScanError';
  }
}

/** Scans `outdir` and throws a {@link SecretScanError} when anything secret-looking is found. */
export function assertNoSecrets(outdir: string, originOf?: SecretOrigin): void {
  const findings = scanSynthOutput(outdir, originOf);
  if (findings.length > 0) throw new SecretScanError(findings);
}
