/**
 * Jest runs TypeScript through @swc/jest: it strips types without checking them
 * (type-checking is `npm run typecheck`, tsc --noEmit), which keeps the suite fast.
 * @type {import('jest').Config}
 */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test', '<rootDir>/emulator'],
  testMatch: ['**/*.test.ts'],
  transform: {
    '^.+\\.ts$': [
      '@swc/jest',
      { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs' } },
    ],
  },
  setupFilesAfterEnv: ['<rootDir>/test/setup.ts'],
  testTimeout: 30000,
  // Jest's default is one worker on a 2-core machine; two keep both cores busy while tests wait
  // on terraform and child processes (unit + integration: 93 s -> 74 s here).
  maxWorkers: 2,
  // Longest suites first, also on a fresh clone with no timing cache (test/sequencer.js).
  testSequencer: '<rootDir>/test/sequencer.js',
};
