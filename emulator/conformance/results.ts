import type { ConformancePackage, ConformanceTest } from './catalog';

/** How one acceptance test ended. */
export type Outcome = 'pass' | 'skip' | 'fail';

/** The outcome of one test, with the reason when it did not pass. */
export interface TestResult {
  readonly outcome: Outcome;
  readonly seconds: number;
  /** The skip message, or the first error the test reported. */
  readonly reason?: string;
}

interface TestEvent {
  readonly Action?: string;
  readonly Test?: string;
  readonly Output?: string;
  readonly Elapsed?: number;
}

/** The `Error: ...` or `Skipped: ...` line that explains an outcome, from a test's own output. */
function reasonOf(lines: readonly string[], outcome: Outcome): string | undefined {
  if (outcome === 'pass') return undefined;
  // The test's own log lines (`    init.go:279: ...`, `    job_test.go:12: ...`), not the provider's debug log.
  const own = lines.filter((line) => /^ {4}\S+\.go:\d+: /.test(line) || /^ {8}/.test(line));
  const error = own.map((line) => /\bError: (.+)/.exec(line)?.[1]).find((text) => text !== undefined);
  const first = own.map((line) => /^ {4}\S+\.go:\d+: (.+)/.exec(line)?.[1]).filter((t) => t !== undefined);
  const text = error ?? (outcome === 'skip' ? first.at(-1) : first.find((t) => !/^aws$/.test(t!)));
  return text?.trim().replace(/\s+/g, ' ').slice(0, 160);
}

/**
 * Reads the `go tool test2json` stream of one test binary: each test's outcome, time and reason. A test that
 * was started but never ended (the binary was killed or timed out) is a failure.
 */
export function parseTestEvents(stream: string): Map<string, TestResult> {
  const output = new Map<string, string[]>();
  const results = new Map<string, TestResult>();
  for (const line of stream.split('\n')) {
    if (!line.startsWith('{')) continue;
    let event: TestEvent;
    try {
      event = JSON.parse(line) as TestEvent;
    } catch {
      continue;
    }
    const name = event.Test;
    if (!name || name.includes('/')) continue;
    if (event.Action === 'run') output.set(name, []);
    if (event.Action === 'output') output.get(name)?.push((event.Output ?? '').replace(/\n$/, ''));
    if (event.Action === 'pass' || event.Action === 'skip' || event.Action === 'fail') {
      const outcome: Outcome = event.Action;
      results.set(name, {
        outcome,
        seconds: event.Elapsed ?? 0,
        reason: reasonOf(output.get(name) ?? [], outcome),
      });
    }
  }
  for (const name of output.keys()) {
    if (!results.has(name)) results.set(name, { outcome: 'fail', seconds: 0, reason: 'did not finish' });
  }
  return results;
}

/** A test of the catalog with its result (none when it was not run). */
export interface ReportRow {
  readonly pkg: ConformancePackage;
  readonly test: ConformanceTest;
  readonly result?: TestResult;
}

const cell = (text: string): string => text.replace(/\|/g, '\\|');

/** The README's table: every test, its outcome and, for a failure, whether the stacks use what it exercises. */
export function markdownTable(rows: readonly ReportRow[]): string {
  const lines = [
    '| Package | Test | Family | Result | Stacks use it | Reason |',
    '| --- | --- | --- | --- | --- | --- |',
  ];
  for (const { pkg, test, result } of rows) {
    const outcome = result?.outcome ?? 'not run';
    const uses = test.usedByStacks ? 'yes' : 'no (out of scope)';
    lines.push(
      `| ${pkg.dir} | ${test.name}${test.ci ? ' (CI)' : ''} | ${test.family} | ${outcome} | ${uses} | ${cell(result?.reason ?? test.notRun ?? '')} |`,
    );
  }
  const count = (outcome: string) =>
    rows.filter((row) => (row.result?.outcome ?? 'not run') === outcome).length;
  lines.push(
    '',
    `${rows.length} tests: ${count('pass')} pass, ${count('skip')} skip, ${count('fail')} fail, ${count('not run')} not run.`,
  );
  return lines.join('\n');
}

export const TABLE_START = '<!-- conformance-table:start (npm run test:conformance -- --write-readme) -->';
export const TABLE_END = '<!-- conformance-table:end -->';

/** Replaces the text between the table markers of a README. @throws when the markers are missing */
export function replaceTable(readme: string, table: string): string {
  const start = readme.indexOf(TABLE_START);
  const end = readme.indexOf(TABLE_END);
  if (start < 0 || end < start) {
    throw new Error(
      `emulator/README.md lacks the markers ${TABLE_START} ... ${TABLE_END}; add them where the table goes.`,
    );
  }
  return `${readme.slice(0, start + TABLE_START.length)}\n\n${table}\n\n${readme.slice(end)}`;
}

/** Failures of tests the stacks use: each is an emulator bug. */
export function inScopeFailures(rows: readonly ReportRow[]): ReportRow[] {
  return rows.filter((row) => row.test.usedByStacks && row.result?.outcome === 'fail');
}
