import { MIN_REASON_LENGTH, PolicySuppressions } from '../../../lib/policy/policy-suppressions';
import { jobMaxConcurrentRuns } from '../../../lib/policy/rules/job-max-concurrent-runs';
import { requiredTags } from '../../../lib/policy/rules/required-tags';
import { onlyResource, synthWithMetadata } from '../../helpers/synthesized';
import { FAKE, policyKit } from './policy-kit';

const REASON = 'Backfill runs one partition per run, 20 in parallel by design.';

describe('PolicySuppressions', () => {
  it('silences a rule on a construct and everything below it', () => {
    const kit = policyKit('dev');
    const job = kit.job('Backfill', { maxConcurrentRuns: 20 });
    PolicySuppressions.add(job, 'DBX-J4', REASON);
    expect(kit.violations(jobMaxConcurrentRuns)).toEqual([]);
  });

  it('silences only the rule it names', () => {
    const kit = policyKit('dev');
    const job = kit.job('Backfill', { maxConcurrentRuns: 20 });
    job.resource.addOverride('tags', undefined);
    PolicySuppressions.add(job, 'DBX-J4', REASON);
    expect(kit.violations(jobMaxConcurrentRuns, requiredTags).map((v) => v.message)).toEqual([
      expect.stringMatching(/^DBX-T1: the job lacks tag/),
    ]);
  });

  it('writes the suppression into the synthesized resource for reviewers', () => {
    const kit = policyKit('dev');
    const job = kit.job('Backfill', { maxConcurrentRuns: 20 });
    PolicySuppressions.add(job, 'DBX-J4', REASON);
    kit.violations(jobMaxConcurrentRuns);
    const json = synthWithMetadata(kit.stack);
    expect(onlyResource(json, 'databricks_job')['//']).toMatchObject({
      policy_suppressions: [{ rule: 'DBX-J4', reason: REASON, path: 'Backfill', source: 'code' }],
    });
  });

  it('lists every suppression with its stack and path', () => {
    const kit = policyKit('dev');
    PolicySuppressions.add(kit.job('Backfill'), 'DBX-J4', REASON);
    PolicySuppressions.add(
      kit.cluster(),
      'DBX-C1',
      'Shared demo cluster is stopped by a scheduled job.',
      'config/dev.yaml',
    );
    expect(PolicySuppressions.list(kit.stack)).toEqual([
      { stack: 'dev', path: 'Backfill', rule: 'DBX-J4', reason: REASON, source: 'code' },
      {
        stack: 'dev',
        path: 'Cluster',
        rule: 'DBX-C1',
        reason: 'Shared demo cluster is stopped by a scheduled job.',
        source: 'config/dev.yaml',
      },
    ]);
  });

  it('fails when the rule id is unknown', () => {
    const kit = policyKit('dev');
    expect(() => PolicySuppressions.add(kit.job(), 'DBX-X9', REASON)).toThrow(
      /dev\/Job: cannot suppress DBX-X9: unknown rule "DBX-X9"; expected one of DBX-C1, DBX-C2/,
    );
  });

  it(`fails when the reason is shorter than ${MIN_REASON_LENGTH} characters`, () => {
    const kit = policyKit('dev');
    expect(() => PolicySuppressions.add(kit.job(), 'DBX-J4', 'needed')).toThrow(
      `the reason must say why in at least ${MIN_REASON_LENGTH} characters, found "needed"`,
    );
  });

  it('fails when the reason holds a secret (it is printed by the report and written into the output), never echoing it', () => {
    const kit = policyKit('dev');
    const token = FAKE.databricksToken;
    let message = '';
    try {
      PolicySuppressions.add(kit.job(), 'DBX-J4', `Runs in parallel, ask ops with ${token} for why.`);
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toMatch(
      /cannot suppress DBX-J4: the reason must say why in words, found a Databricks token in it \(dapi…/,
    );
    expect(message).not.toContain(token.slice(4));
  });
});
