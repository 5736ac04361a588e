import { applyConfigSuppressions } from '../../../app/policy/suppression-config';
import { suppressionsSchema } from '../../../lib/policy/suppression-schema';
import { PolicySuppressions } from '../../../lib/policy/policy-suppressions';
import { policyKit } from './policy-kit';

describe('suppressions from an environment file', () => {
  it('applies an entry to the construct at its path, relative to the stack, recording the file', () => {
    const kit = policyKit('prod');
    kit.job('Backfill');
    const issues = applyConfigSuppressions(
      kit.stack,
      [{ path: 'Backfill', rule: 'DBX-J4', reason: 'Backfill runs one partition per run, 20 in parallel.' }],
      'config/prod.yaml',
    );
    expect(issues).toEqual([]);
    expect(PolicySuppressions.list(kit.stack)).toEqual([
      expect.objectContaining({
        stack: 'prod',
        path: 'Backfill',
        rule: 'DBX-J4',
        source: 'config/prod.yaml',
      }),
    ]);
  });

  it('fails when a path matches no construct, naming the file and entry', () => {
    const kit = policyKit('prod');
    kit.job('Backfill');
    expect(
      applyConfigSuppressions(
        kit.stack,
        [
          {
            path: 'Jobs/nope',
            rule: 'DBX-J4',
            reason: 'Backfill runs one partition per run, 20 in parallel.',
          },
        ],
        'config/prod.yaml',
      ),
    ).toEqual([
      {
        file: 'config/prod.yaml',
        path: 'suppressions[0].path',
        message: expect.stringMatching(
          /^expected the path of a construct in the prod stack, relative to it \(top level: .*Backfill.*\), found "Jobs\/nope"$/,
        ),
      },
    ]);
  });

  it('fails when an entry names an unknown rule', () => {
    const kit = policyKit('prod');
    expect(
      applyConfigSuppressions(
        kit.stack,
        [{ path: 'Policy', rule: 'DBX-Z1', reason: 'A reason that is long enough to pass.' }],
        'config/prod.yaml',
      ),
    ).toEqual([
      {
        file: 'config/prod.yaml',
        path: 'suppressions[0]',
        message: expect.stringContaining('unknown rule "DBX-Z1"'),
      },
    ]);
  });

  it('has a schema for the environment file: path, rule id and a reason of at least 20 characters', () => {
    expect(suppressionsSchema.parse(undefined)).toEqual([]);
    expect(
      suppressionsSchema.safeParse([{ path: 'Jobs/x', rule: 'DBX-J4', reason: 'too short' }]).success,
    ).toBe(false);
    expect(
      suppressionsSchema.safeParse([{ path: 'Jobs/x', rule: 'J4', reason: 'x'.repeat(30) }]).success,
    ).toBe(false);
  });
});
