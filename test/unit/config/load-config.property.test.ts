import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { ConfigError } from '../../../app/config/config-error';
import { loadConfig } from '../../../app/config/load-config';
import { buildApp } from '../../../app/synth';
import { configArb, writeConfig } from '../../helpers/config-arbitraries';
import { copyDefaultConfig, readYaml, tempDir, writeYaml, YamlObject } from '../../helpers/config-dir';

/** Loads `dir`; returns "ok", or "config-error"; any other exception fails the property. */
function outcome(dir: string): 'ok' | 'config-error' {
  try {
    loadConfig(dir);
    return 'ok';
  } catch (e) {
    if (e instanceof ConfigError) return 'config-error';
    throw e;
  }
}

/** Every path to an object-or-array node of a parsed YAML document (including the root). */
function containerPaths(value: unknown, at: Array<string | number> = []): Array<Array<string | number>> {
  if (value === null || typeof value !== 'object') return [];
  const children = Array.isArray(value) ? value.map((v, i) => [i, v] as const) : Object.entries(value);
  return [at, ...children.flatMap(([k, v]) => containerPaths(v, [...at, k]))];
}

/** Every path to a leaf (scalar) of a parsed YAML document. */
function leafPaths(value: unknown, at: Array<string | number> = []): Array<Array<string | number>> {
  if (value === null || typeof value !== 'object') return [at];
  const children = Array.isArray(value) ? value.map((v, i) => [i, v] as const) : Object.entries(value);
  return children.flatMap(([k, v]) => leafPaths(v, [...at, k]));
}

function nodeAt(doc: unknown, at: ReadonlyArray<string | number>): Record<string | number, unknown> {
  return at.reduce<unknown>((node, key) => (node as Record<string | number, unknown>)[key], doc) as Record<
    string | number,
    unknown
  >;
}

const FILES = ['project.yaml', 'dev.yaml', 'staging.yaml', 'prod.yaml'];
const DEFAULT_DOCS: Record<string, YamlObject> = {};
beforeAll(() => {
  const dir = copyDefaultConfig();
  for (const f of FILES) DEFAULT_DOCS[f] = readYaml(dir, f);
});

/** A copy of the default config with `file` replaced by `doc`. */
function withFile(file: string, doc: unknown): string {
  const dir = copyDefaultConfig();
  writeYaml(dir, file, doc);
  return dir;
}

describe('random valid configs', () => {
  it('load, with every environment and workflow the files define', () => {
    fc.assert(
      fc.property(configArb, (config) => {
        const loaded = loadConfig(writeConfig(config));
        expect(loaded.environments.map((e) => e.name).sort()).toEqual(
          Object.keys(config.environments).sort(),
        );
        expect(loaded.workflows.map((w) => w.name)).toEqual(
          config.project.workflows.map((w: YamlObject) => w.name),
        );
      }),
      { numRuns: 40 },
    );
  });

  it('synthesize one stack per environment', () => {
    fc.assert(
      fc.property(configArb, (config) => {
        const loaded = loadConfig(writeConfig(config));
        const outdir = tempDir('devops-prop-out-');
        buildApp(loaded, { outdir }, outdir).synth();
        for (const env of loaded.environments) {
          const stack = JSON.parse(
            fs.readFileSync(path.join(outdir, 'stacks', env.name, 'cdk.tf.json'), 'utf8'),
          );
          // Workflows, smoke, backup, export, a scan per flavor (policy), and the SLO alert job where
          // observability is on and a destination hears its alerts.
          const alertJob =
            loaded.observability.enabled &&
            loaded.workflows.length > 0 &&
            loaded.notifications.slackDestinationId
              ? 1
              : 0;
          expect(Object.keys(stack.resource.databricks_job)).toHaveLength(
            loaded.workflows.length +
              3 +
              Object.keys(stack.resource.databricks_cluster_policy).length +
              alertJob,
          );
        }
        fs.rmSync(outdir, { recursive: true, force: true });
      }),
      { numRuns: 10 },
    );
  });
});

describe('random invalid configs fail with a ConfigError, never another exception', () => {
  const fileArb = fc.constantFrom(...FILES);

  it('a value of the wrong type anywhere', () => {
    fc.assert(
      fc.property(
        fileArb,
        fc.nat(),
        fc.constantFrom<unknown>({ a: 1 }, [1, 2], true, -7, 1e308, null),
        (file, pick, bad) => {
          const doc = structuredClone(DEFAULT_DOCS[file]);
          const leaves = leafPaths(doc).filter((p) => p.length > 0);
          const at = leaves[pick % leaves.length];
          const parent = nodeAt(doc, at.slice(0, -1));
          const current = parent[at[at.length - 1]];
          fc.pre(typeof current !== typeof bad || (bad === null) !== (current === null));
          parent[at[at.length - 1]] = bad;
          expect(outcome(withFile(file, doc))).toBe('config-error');
        },
      ),
      { numRuns: 60 },
    );
  });

  it('an unknown key in any mapping', () => {
    fc.assert(
      fc.property(fileArb, fc.nat(), fc.stringMatching(/^[A-Za-z][A-Za-z0-9_]{0,12}$/), (file, pick, key) => {
        const doc = structuredClone(DEFAULT_DOCS[file]);
        // Maps with free keys (tags, parameters, access, workflow overrides) take any key: skip them.
        const free = /(^|\.)(tags|parameters|access|workflows)$/;
        const maps = containerPaths(doc).filter(
          (p) =>
            !Array.isArray(nodeAt(doc, p)) && !free.test(p.filter((k) => typeof k === 'string').join('.')),
        );
        const at = maps[pick % maps.length];
        const node = nodeAt(doc, at);
        fc.pre(!(key in node));
        node[key] = 'surprise';
        expect(outcome(withFile(file, doc))).toBe('config-error');
      }),
      { numRuns: 60 },
    );
  });

  it('a number out of its range', () => {
    const numbers: Array<[string, Array<string | number>, number[]]> = [
      ['dev.yaml', ['maxConcurrentRuns'], [0, 101, -1, 1.5, 1e12]],
      ['dev.yaml', ['policy', 'maxWorkers'], [0, 1001, -5, 2.5]],
      ['dev.yaml', ['jobCluster', 'numWorkers'], [-1, 1001, 0.5]],
      ['prod.yaml', ['clusters', 0, 'autoterminationMinutes'], [9, 10_001, -30]],
      ['project.yaml', ['workflows', 0, 'timeoutSeconds'], [0, 7 * 24 * 3600 + 1, -1]],
      ['project.yaml', ['workflows', 0, 'maxRetries'], [-1, 11, 1.1]],
      ['project.yaml', ['smokeTests', 'timeoutSeconds'], [0, 24 * 3600 + 1]],
    ];
    fc.assert(
      fc.property(fc.constantFrom(...numbers), fc.nat(), ([file, at, bads], pick) => {
        const doc = structuredClone(DEFAULT_DOCS[file]);
        nodeAt(doc, at.slice(0, -1))[at[at.length - 1]] = bads[pick % bads.length];
        expect(outcome(withFile(file, doc))).toBe('config-error');
      }),
      { numRuns: 30 },
    );
  });

  it('a required key removed', () => {
    const required: Array<[string, Array<string | number>]> = [
      ...[
        'project',
        'git',
        'groups',
        'workflows',
        'smokeTests',
        'notifications',
        'backup',
        'unityCatalogExport',
      ].map((k): [string, Array<string | number>] => ['project.yaml', [k]]),
      ['project.yaml', ['project', 'name']],
      ['project.yaml', ['groups', 'admins']],
      ['project.yaml', ['workflows', 0, 'notebook']],
      ...['workspace', 'git', 'mount', 'jobNamePrefix', 'jobCluster', 'policy'].map(
        (k): [string, Array<string | number>] => ['staging.yaml', [k]],
      ),
      ['prod.yaml', ['jobCluster', 'nodeTypeId']],
      ['prod.yaml', ['policy', 'allowedNodeTypes']],
    ];
    fc.assert(
      fc.property(fc.constantFrom(...required), ([file, at]) => {
        const doc = structuredClone(DEFAULT_DOCS[file]);
        delete nodeAt(doc, at.slice(0, -1))[at[at.length - 1]];
        expect(outcome(withFile(file, doc))).toBe('config-error');
      }),
      { numRuns: 25 },
    );
  });

  it('random text as a config file', () => {
    fc.assert(
      fc.property(
        fileArb,
        fc.oneof(fc.string({ maxLength: 200 }), fc.string({ unit: 'binary', maxLength: 200 })),
        (file, text) => {
          const dir = copyDefaultConfig();
          fs.writeFileSync(path.join(dir, file), text);
          expect(outcome(dir)).toBe('config-error');
        },
      ),
      { numRuns: 60 },
    );
  });

  it('any JSON value anywhere either loads or fails with a ConfigError', () => {
    fc.assert(
      fc.property(fileArb, fc.nat(), fc.jsonValue({ maxDepth: 2 }), (file, pick, value) => {
        const doc = structuredClone(DEFAULT_DOCS[file]);
        const leaves = leafPaths(doc).filter((p) => p.length > 0);
        const at = leaves[pick % leaves.length];
        nodeAt(doc, at.slice(0, -1))[at[at.length - 1]] = value;
        expect(['ok', 'config-error']).toContain(outcome(withFile(file, doc)));
      }),
      { numRuns: 60 },
    );
  });
});
