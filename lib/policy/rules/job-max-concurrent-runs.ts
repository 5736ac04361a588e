import { COMPLIANT, nonCompliant, PolicyRule } from '../rule';

/** The most concurrent runs of one job the baseline allows without a suppression. */
export const MAX_CONCURRENT_RUNS = 5;

/** DBX-J4: a job cannot fan out into many parallel runs by accident. */
export const jobMaxConcurrentRuns: PolicyRule = {
  id: 'DBX-J4',
  description: `Jobs allow at most ${MAX_CONCURRENT_RUNS} concurrent runs (max_concurrent_runs).`,
  fix: `Lower maxConcurrentRuns (config: maxConcurrentRuns or workflows.<name>.maxConcurrentRuns) to ${MAX_CONCURRENT_RUNS} or less; suppress DBX-J4 with a reason for a job built to run in parallel.`,
  scope: 'all',
  resourceTypes: ['databricks_job'],
  evaluate({ config }) {
    const runs = config.max_concurrent_runs;
    // Unset means Databricks' default of 1.
    if (runs === undefined || (typeof runs === 'number' && runs <= MAX_CONCURRENT_RUNS)) return COMPLIANT;
    return nonCompliant([
      {
        message: `max_concurrent_runs is ${JSON.stringify(runs)}, expected at most ${MAX_CONCURRENT_RUNS}`,
        setting: 'max_concurrent_runs',
      },
    ]);
  },
};
