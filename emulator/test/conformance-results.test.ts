import { CONFORMANCE_PACKAGES } from '../conformance/catalog';
import {
  inScopeFailures,
  markdownTable,
  parseTestEvents,
  replaceTable,
  TABLE_END,
  TABLE_START,
} from '../conformance/results';

const event = (fields: Record<string, unknown>): string => JSON.stringify(fields);

describe('parseTestEvents', () => {
  it('reads each top-level test’s outcome, time and reason from a test2json stream', () => {
    const stream = [
      event({ Action: 'run', Test: 'TestAccA' }),
      event({ Action: 'output', Test: 'TestAccA', Output: '2026 [DEBUG] Error: not this one\n' }),
      event({ Action: 'output', Test: 'TestAccA', Output: '    init.go:497: aws\n' }),
      event({
        Action: 'output',
        Test: 'TestAccA',
        Output: '    init.go:279: Step 1/2 error: exit status 1\n',
      }),
      event({ Action: 'output', Test: 'TestAccA', Output: '        Error: cannot create job: boom\n' }),
      event({ Action: 'fail', Test: 'TestAccA', Elapsed: 3.5 }),
      event({ Action: 'run', Test: 'TestAccB' }),
      event({ Action: 'output', Test: 'TestAccB', Output: '    init.go:12: Missing env TEST_X variable.\n' }),
      event({ Action: 'skip', Test: 'TestAccB', Elapsed: 0 }),
      event({ Action: 'run', Test: 'TestAccC' }),
      event({ Action: 'run', Test: 'TestAccC/sub' }),
      event({ Action: 'fail', Test: 'TestAccC/sub' }),
      event({ Action: 'pass', Test: 'TestAccC', Elapsed: 1 }),
      'not json',
      event({ Action: 'run', Test: 'TestAccD' }),
    ].join('\n');
    expect(Object.fromEntries(parseTestEvents(stream))).toEqual({
      TestAccA: { outcome: 'fail', seconds: 3.5, reason: 'cannot create job: boom' },
      TestAccB: { outcome: 'skip', seconds: 0, reason: 'Missing env TEST_X variable.' },
      TestAccC: { outcome: 'pass', seconds: 1, reason: undefined },
      TestAccD: { outcome: 'fail', seconds: 0, reason: 'did not finish' },
    });
  });
});

describe('the README table', () => {
  const pkg = CONFORMANCE_PACKAGES[0];
  const used = pkg.tests.find((t) => t.usedByStacks)!;
  const unused = pkg.tests.find((t) => !t.usedByStacks)!;
  const rows = [
    { pkg, test: used, result: { outcome: 'fail' as const, seconds: 1, reason: 'a | b' } },
    { pkg, test: unused, result: { outcome: 'fail' as const, seconds: 1, reason: 'x' } },
  ];

  it('lists every test with its outcome, whether the stacks use it and the reason, escaping pipes', () => {
    const table = markdownTable(rows);
    expect(table).toContain(`| jobs | ${used.name}`);
    expect(table).toContain('| fail | yes | a \\| b |');
    expect(table).toContain('| fail | no (out of scope) | x |');
    expect(table).toContain('2 tests: 0 pass, 0 skip, 2 fail, 0 not run.');
  });

  it('counts only failures of tests the stacks use as emulator bugs', () => {
    expect(inScopeFailures(rows).map((row) => row.test.name)).toEqual([used.name]);
  });

  it('replaces the text between the markers and keeps the rest', () => {
    const readme = `intro\n${TABLE_START}\nold\n${TABLE_END}\nafter\n`;
    expect(replaceTable(readme, 'new')).toBe(`intro\n${TABLE_START}\n\nnew\n\n${TABLE_END}\nafter\n`);
  });

  it('fails when the README lacks the markers, naming them', () => {
    expect(() => replaceTable('no markers', 'new')).toThrow(/emulator\/README\.md lacks the markers/);
  });
});

describe('the catalog', () => {
  it('names each test once and marks a CI subset of tests the stacks use', () => {
    const tests = CONFORMANCE_PACKAGES.flatMap((p) => p.tests);
    expect(new Set(tests.map((t) => t.name)).size).toBe(tests.length);
    const ci = tests.filter((t) => t.ci);
    expect(ci.length).toBeGreaterThan(0);
    expect(ci.every((t) => t.usedByStacks)).toBe(true);
  });
});
