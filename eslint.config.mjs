import tseslint from 'typescript-eslint';

// The package index loads ~250 resource modules (28 MB of JS): always import from deep paths.
const providerIndex = {
  name: '@cdktf/provider-databricks',
  message: "Import from the deep path instead, e.g. '@cdktf/provider-databricks/lib/job'.",
};

/**
 * The layers, lowest first: each may import only the layers below it
 * (bin → ops → app → stacks → lib; main.ts is the program's entry and sits beside app).
 * docs/ARCHITECTURE.md draws them; test/unit/architecture.test.ts checks the folder graph has no cycle.
 */
const LAYERS = [
  { name: 'lib', files: ['lib/**/*.ts'], above: ['stacks', 'app', 'ops', 'bin', 'main'] },
  { name: 'stacks', files: ['stacks/**/*.ts'], above: ['app', 'ops', 'bin', 'main'] },
  { name: 'app', files: ['app/**/*.ts', 'main.ts'], above: ['ops', 'bin'] },
  { name: 'ops', files: ['ops/**/*.ts'], above: ['bin', 'main'] },
];

function layerRule({ name, files, above }) {
  const upward = above.map((layer) => ({
    group: layer === 'main' ? ['**/main', '**/main.ts'] : [`**/${layer}/**`, `../${layer}`, `../../${layer}`],
    message: `${name}/ must not import ${layer === 'main' ? 'main.ts' : `${layer}/`}: dependencies point bin → ops → app → stacks → lib (docs/ARCHITECTURE.md).`,
  }));
  const processes =
    name === 'lib'
      ? [
          { name: 'node:child_process', message: 'lib/ is a construct library: it runs no processes.' },
          { name: 'child_process', message: 'lib/ is a construct library: it runs no processes.' },
        ]
      : [];
  return {
    files,
    rules: {
      'no-restricted-imports': ['error', { paths: [providerIndex, ...processes], patterns: upward }],
    },
  };
}

export default tseslint.config(
  {
    ignores: [
      'node_modules/**',
      'cdktf.out/**',
      'cdktf.out.*/**',
      '.tools/**',
      'coverage/**',
      'bench/out/**',
    ],
  },
  ...tseslint.configs.recommended,
  {
    rules: {
      'no-restricted-imports': ['error', { paths: [providerIndex] }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  ...LAYERS.map(layerRule),
  {
    // Plain CommonJS launchers (they run before any TypeScript loader exists).
    files: ['bin/**/*.js'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
