/**
 * Longest suites first, so that neither jest worker sits alone on a long e2e suite at the end of a run.
 * Jest's own sequencer orders by the durations it cached on an earlier run; on a fresh clone (CI) it
 * has none and falls back to file size, which starts the e2e suites (2-3 minutes each) last. Here a
 * suite without a cached duration is estimated by its tier (e2e, then integration, then unit), file
 * size breaking ties; failed suites still run first.
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const Sequencer = require('@jest/test-sequencer').default;

/** Rough seconds per suite of each tier on the 2-core CI machine (the CI log's per-suite times). */
const TIER_SECONDS = [
  ['/test/e2e/', 90],
  ['/test/integration/', 20],
];

class LongestFirstSequencer extends Sequencer {
  sort(tests) {
    const estimate = (test) => {
      const known = this.time(test);
      if (known != null) return known / 1000;
      const tier = TIER_SECONDS.find(([folder]) => test.path.includes(folder));
      const size = test.context.hasteFS.getSize(test.path) ?? 0;
      return (tier ? tier[1] : 1) + size / 1e6;
    };
    const failed = (test) => (this.hasFailed(test) ? 1 : 0);
    return [...tests].sort((a, b) => failed(b) - failed(a) || estimate(b) - estimate(a));
  }
}

module.exports = LongestFirstSequencer;
