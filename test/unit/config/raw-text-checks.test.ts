import fc from 'fast-check';
import type { z } from 'zod';
import { loadConfig } from '../../../app/config/load-config';
import { rawTextProblems } from '../../../app/config/raw-text-checks';
import { environmentFileSchema, projectFileSchema } from '../../../app/config/schema';
import { OBJECT_INTERNAL_NAMES } from '../../../lib/vocabulary';
import { configErrorOf, copyDefaultConfig, editYaml, issueLines, YamlObject } from '../../helpers/config-dir';

/** A step of a path to a map-shaped field: a key, the first list entry, or any key of a map. */
type Step = string | 0 | '*';

/** Paths to every map-shaped field (a record, with free keys) of a zod schema, found by walking it. */
function mapFields(schema: z.ZodType, at: Step[] = []): Step[][] {
  const def = (schema as unknown as { _zod: { def: Record<string, unknown> & { type: string } } })._zod.def;
  const inner = (s: unknown, steps: Step[] = at) => mapFields(s as z.ZodType, steps);
  switch (def.type) {
    case 'object':
      return Object.entries(def.shape as Record<string, z.ZodType>).flatMap(([k, s]) => inner(s, [...at, k]));
    case 'record':
      return [at, ...inner(def.valueType, [...at, '*'])];
    case 'array':
      return inner(def.element, [...at, 0]);
    case 'optional':
    case 'default':
    case 'nullable':
    case 'prefault':
      return inner(def.innerType);
    case 'pipe':
      return inner(def.in);
    case 'union':
      return (def.options as z.ZodType[]).flatMap((o) => inner(o));
    default:
      return [];
  }
}

const PROJECT_MAPS = mapFields(projectFileSchema);
const ENVIRONMENT_MAPS = mapFields(environmentFileSchema);

/** Sets `doc` at `at` to a map holding `key`, creating what is missing; '*' becomes `anyKey`. */
function plant(doc: YamlObject, at: readonly Step[], key: string, anyKey: string): string {
  let node: YamlObject = doc;
  const shown: string[] = [];
  for (const step of at) {
    const k = step === '*' ? anyKey : step;
    shown.push(typeof k === 'number' ? `[${k}]` : `${shown.length ? '.' : ''}${k}`);
    if (node[k] === null || typeof node[k] !== 'object') node[k] = {};
    node = node[k];
  }
  // defineProperty: a plain assignment of `__proto__` would set the prototype instead of a key.
  Object.defineProperty(node, key, { value: 'x', enumerable: true, configurable: true, writable: true });
  return `${shown.join('')}.${key}`;
}

describe('rawTextProblems', () => {
  it('reports a key that is an object internal and removes it, leaving the others', () => {
    const data = JSON.parse('{"tags": {"__proto__": "x", "constructor": "y", "team": "z"}}');
    expect(rawTextProblems(data).map((p) => p.path)).toEqual(['tags.__proto__', 'tags.constructor']);
    expect(Object.keys(data.tags)).toEqual(['team']);
  });

  it('reports control characters and the replacement character in values and keys, by position', () => {
    expect(rawTextProblems({ a: ['ok', 'x\u0000y'], 'k\u001b': 'v', b: 'caf\ufffd' })).toEqual([
      { path: 'a[1]', message: expect.stringContaining('found U+0000 at character 2') },
      { path: 'k\\u001b', message: expect.stringMatching(/^key: .*found U\+001B at character 2/) },
      { path: 'b', message: expect.stringContaining('found one at character 4') },
    ]);
  });

  it('accepts tabs and line breaks in multi-line text, and ordinary names that merely look similar', () => {
    expect(rawTextProblems({ description: 'line one\n\tline two\r\n', ToString: 'x', proto: 'y' })).toEqual(
      [],
    );
  });
});

describe('map-shaped fields of the config', () => {
  it('are all found by walking the schemas', () => {
    expect(PROJECT_MAPS).toEqual(
      expect.arrayContaining([
        ['project', 'tags'],
        ['workflows', 0, 'parameters'],
        ['requirements', 'containerImages'],
      ]),
    );
    expect(ENVIRONMENT_MAPS).toEqual(
      expect.arrayContaining([['access'], ['workflows'], ['workflows', '*', 'parameters']]),
    );
  });

  it('fails when any of them has a key that is a JavaScript object internal, reported at that key and nowhere else', () => {
    const field = fc.oneof(
      fc.record({ file: fc.constant('project.yaml'), at: fc.constantFrom(...PROJECT_MAPS) }),
      fc.record({
        file: fc.constantFrom('dev.yaml', 'staging.yaml', 'prod.yaml'),
        at: fc.constantFrom(...ENVIRONMENT_MAPS),
      }),
    );
    fc.assert(
      fc.property(field, fc.constantFrom(...OBJECT_INTERNAL_NAMES), ({ file, at }, key) => {
        const dir = copyDefaultConfig();
        let where = '';
        editYaml(dir, file, (doc) => (where = plant(doc, at, key, 'ingest-orders')));
        const lines = issueLines(
          configErrorOf(() => loadConfig(dir)),
          dir,
        );
        expect(lines).toEqual([
          expect.stringMatching(
            new RegExp(
              `^${file}: ${escape(where)}: expected a key that is not a JavaScript object internal .*found ${escape(JSON.stringify(key))}; rename it$`,
            ),
          ),
        ]);
      }),
      { numRuns: 40 },
    );
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
