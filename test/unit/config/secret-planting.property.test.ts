/**
 * Secrets planted anywhere never leak: a secret-shaped string put into any string field (or key) of
 * any config file is never printed by the loader or synth, never reaches an output file, and a
 * refused synth writes nothing.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { loadConfig } from '../../../app/config/load-config';
import { synthesize } from '../../../app/synth';
import { copyDefaultConfig, readYaml, tempDir, writeYaml, YamlObject } from '../../helpers/config-dir';
import { secretCore, SECRET_SHAPES } from '../../helpers/secret-shapes';

const FILES = ['project.yaml', 'dev.yaml', 'staging.yaml', 'prod.yaml'];

/** Every path to a string leaf, and every path to a mapping key, of a parsed YAML document. */
function stringPaths(
  value: unknown,
  at: Array<string | number> = [],
): Array<{ at: Array<string | number>; key: boolean }> {
  if (typeof value === 'string') return [{ at, key: false }];
  if (value === null || typeof value !== 'object') return [];
  if (Array.isArray(value)) return value.flatMap((v, i) => stringPaths(v, [...at, i]));
  return Object.entries(value).flatMap(([k, v]) => [
    { at: [...at, k], key: true },
    ...stringPaths(v, [...at, k]),
  ]);
}

/** `doc` with the secret written into the string at `at` (or into the key `at` names). */
function plant(
  doc: YamlObject,
  at: Array<string | number>,
  key: boolean,
  text: (old: string) => string,
): YamlObject {
  const copy = structuredClone(doc) as Record<string | number, unknown>;
  const parent = at
    .slice(0, -1)
    .reduce<Record<string | number, unknown>>((node, k) => node[k] as Record<string | number, unknown>, copy);
  const last = at[at.length - 1];
  if (key) {
    const entries = Object.entries(parent).map(([k, v]) => (k === last ? [text(k), v] : [k, v]));
    for (const k of Object.keys(parent)) delete parent[k];
    Object.assign(parent, Object.fromEntries(entries));
  } else {
    parent[last] = text(parent[last] as string);
  }
  return copy as YamlObject;
}

/** Every file below `dir`, read as text. */
function allText(dir: string): string {
  if (!fs.existsSync(dir)) return '';
  return (fs.readdirSync(dir, { recursive: true }) as string[])
    .map((f) => path.join(dir, f))
    .filter((f) => fs.statSync(f).isFile())
    .map((f) => fs.readFileSync(f, 'utf8'))
    .join('\n');
}

const DOCS: Record<string, YamlObject> = {};
const TARGETS: Array<{ file: string; at: Array<string | number>; key: boolean }> = [];
beforeAll(() => {
  const dir = copyDefaultConfig();
  for (const file of FILES) {
    DOCS[file] = readYaml(dir, file);
    for (const p of stringPaths(DOCS[file])) TARGETS.push({ file, ...p });
  }
});

const placement = fc.constantFrom(
  (secret: string) => () => secret,
  (secret: string) => (old: string) => `${old} ${secret}`,
  (secret: string) => (old: string) => `${old}${secret}`,
);

/** Plants, loads and (when the config loads) synthesizes; returns every message and the output text. */
function run(
  target: { file: string; at: Array<string | number>; key: boolean },
  text: (old: string) => string,
  synth: boolean,
) {
  const dir = copyDefaultConfig();
  writeYaml(dir, target.file, plant(DOCS[target.file], target.at, target.key, text));
  const outdir = path.join(tempDir(), 'cdktf.out');
  let message = '';
  try {
    const config = loadConfig(dir);
    if (synth) {
      const env = target.file === 'project.yaml' ? 'dev' : target.file.replace('.yaml', '');
      synthesize(config, { outdir, environments: [env] });
    }
  } catch (e) {
    message = e instanceof Error ? `${e.message}\n${e.stack ?? ''}` : String(e);
    // Every refusal writes nothing.
    expect(fs.existsSync(outdir)).toBe(false);
  }
  return { message, output: allText(outdir) };
}

describe('secrets planted into any config field', () => {
  it('are never echoed by the loader', () => {
    fc.assert(
      fc.property(
        fc.nat(),
        fc.constantFrom(...SECRET_SHAPES.map(([, s]) => s)),
        placement,
        (i, secret, place) => {
          const { message } = run(TARGETS[i % TARGETS.length], place(secret), false);
          return !message.includes(secretCore(secret));
        },
      ),
      { numRuns: 150 },
    );
  });

  it('never reach a message or an output file of synth', () => {
    fc.assert(
      fc.property(
        fc.nat(),
        fc.constantFrom(...SECRET_SHAPES.filter(([what]) => what !== 'a long random key').map(([, s]) => s)),
        placement,
        (i, secret, place) => {
          const { message, output } = run(TARGETS[i % TARGETS.length], place(secret), true);
          return !message.includes(secretCore(secret)) && !output.includes(secretCore(secret));
        },
      ),
      { numRuns: 12 },
    );
  });
});
