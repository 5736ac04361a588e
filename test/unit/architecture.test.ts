import * as fs from 'node:fs';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';

/**
 * The tree is the architecture: bin → ops → app → stacks → lib, each layer importing only the
 * layers below it (docs/ARCHITECTURE.md). eslint enforces it per import; these tests check the
 * whole graph, and that the lint rule really fires.
 */
const ROOT = path.resolve(__dirname, '..', '..');
const LAYERS = ['lib', 'stacks', 'app', 'ops', 'bin'] as const;
const rank = (layer: string) => (layer === 'main' ? LAYERS.indexOf('app') : LAYERS.indexOf(layer as never));

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((e) => {
    const rel = path.join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(rel);
    return e.name.endsWith('.ts') ? [rel] : [];
  });
}

/**
 * A module folder: a layer, or a folder directly inside one with everything below it
 * (`lib/policy/rules/x.ts` belongs to `lib/policy`).
 */
const moduleOf = (file: string) => {
  const parts = path.dirname(file).split(path.sep);
  return parts.slice(0, 2).join('/');
};

/**
 * Module-level import edges: `lib/policy` → `lib`, ... (relative imports only). A layer's
 * `index.ts` (lib/index.ts, the library's public API) re-exports the layer's folders by design: it is
 * the entry point for importers, not a dependency of the layer, so its re-exports are no edges.
 */
function folderEdges(): Array<{ from: string; to: string; file: string }> {
  const barrels = new Set(LAYERS.map((l) => path.join(l, 'index.ts')));
  const files = [...LAYERS.flatMap((l) => sourceFiles(l)), 'main.ts'].filter((f) => !barrels.has(f));
  return files.flatMap((file) => {
    const text = fs.readFileSync(path.join(ROOT, file), 'utf8');
    const specs = [...text.matchAll(/\bfrom\s+'(\.{1,2}\/[^']+)'/g)].map((m) => m[1]);
    return specs.map((spec) => ({
      from: moduleOf(file),
      to: moduleOf(path.normalize(path.join(path.dirname(file), spec))),
      file,
    }));
  });
}

const layerOf = (folder: string) => (folder === '.' ? 'main' : folder.split('/')[0]);

describe('architecture', () => {
  const edges = folderEdges();

  it('reads a real import graph (sanity: the stack imports the library)', () => {
    expect(edges.some((e) => e.from === 'stacks' && e.to === 'lib')).toBe(true);
  });

  it('has no import from a lower layer to a higher one', () => {
    const upward = edges
      .filter((e) => rank(layerOf(e.to)) > rank(layerOf(e.from)))
      .map((e) => `${e.file} imports ${e.to}/`);
    expect(upward).toEqual([]);
  });

  it('has no cycle between module folders (a layer, or a folder inside one)', () => {
    const graph = new Map<string, Set<string>>();
    for (const e of edges) {
      if (e.from === e.to) continue;
      graph.set(e.from, (graph.get(e.from) ?? new Set()).add(e.to));
    }
    const cycles: string[] = [];
    const state = new Map<string, 'visiting' | 'done'>();
    const visit = (node: string, trail: string[]) => {
      if (state.get(node) === 'done') return;
      if (state.get(node) === 'visiting') {
        cycles.push([...trail.slice(trail.indexOf(node)), node].join(' → '));
        return;
      }
      state.set(node, 'visiting');
      for (const next of graph.get(node) ?? []) visit(next, [...trail, node]);
      state.set(node, 'done');
    };
    for (const node of graph.keys()) visit(node, []);
    expect(cycles).toEqual([]);
  });

  it("finds the program's own files in one place: lib/ takes files as props, the layers above use app/paths", () => {
    const finders = [...LAYERS.flatMap((l) => sourceFiles(l)), 'main.ts']
      .filter((f) => f !== path.join('app', 'paths', 'project-paths.ts'))
      .filter((f) => /\b__dirname\b/.test(fs.readFileSync(path.join(ROOT, f), 'utf8')));
    expect(finders).toEqual([]);
  });

  describe('lint', () => {
    // eslint's flat config is an ES module, which jest's module system cannot load: lint in a child.
    const lint = async (file: string, text: string): Promise<string[]> => {
      const eslint = path.join(ROOT, 'node_modules', 'eslint', 'bin', 'eslint.js');
      const run = spawnSync(
        process.execPath,
        [eslint, '--stdin', '--stdin-filename', file, '--format', 'json'],
        { cwd: ROOT, input: text, encoding: 'utf8' },
      );
      const [result] = JSON.parse(run.stdout) as Array<{ messages: Array<{ message: string }> }>;
      return result.messages.map((m) => m.message);
    };

    it('fails a library file that imports the program', async () => {
      const messages = await lint(
        'lib/new-construct.ts',
        "import { loadConfig } from '../app/config/load-config';\nexport const x = loadConfig;\n",
      );
      expect(messages.join('\n')).toContain('lib/ must not import app/');
    });

    it('fails a library file that runs processes', async () => {
      const messages = await lint(
        'lib/policy/new-rule.ts',
        "import { execFileSync } from 'node:child_process';\nexport const x = execFileSync;\n",
      );
      expect(messages.join('\n')).toContain('lib/ is a construct library: it runs no processes.');
    });

    it('fails the stack when it imports the operations, and the program when it imports bin', async () => {
      const stack = await lint(
        'stacks/x.ts',
        "import { deploy } from '../ops/deploy-flow';\nexport const x = deploy;\n",
      );
      expect(stack.join('\n')).toContain('stacks/ must not import ops/');
      const program = await lint(
        'app/x.ts',
        "import { usage } from '../bin/cli';\nexport const x = usage;\n",
      );
      expect(program.join('\n')).toContain('app/ must not import bin/');
    });

    it('lets the operations import the program and the library', async () => {
      const messages = await lint(
        'ops/x.ts',
        "import { loadConfig } from '../app/config/load-config';\nimport { Principal } from '../lib/principal';\nexport const x = [loadConfig, Principal];\n",
      );
      expect(messages).toEqual([]);
    });
  });
});
