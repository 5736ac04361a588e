import { renderPlanSummaryMarkdown } from '../../ops/plan-summary/render-markdown';
import { PlanSummary, summarizePlan } from '../../ops/plan-summary/summarize-plan';
import { loadScenario, PLAN_SCENARIOS } from '../fixtures/plans/load-scenario';

const summaryOf = (name: (typeof PLAN_SCENARIOS)[number], allowDestroy: string[] = []) => {
  const { plan, stackConfig } = loadScenario(name);
  return summarizePlan({ environment: 'prod', plan, stackConfig, allowDestroy });
};

describe('renderPlanSummaryMarkdown', () => {
  test.each(PLAN_SCENARIOS)('renders the recorded %s plan as its summary.md and summary.json', (name) => {
    const { markdown, json } = loadScenario(name);
    const summary = summaryOf(name);
    expect(renderPlanSummaryMarkdown(summary)).toBe(markdown);
    expect(JSON.parse(JSON.stringify(summary))).toEqual(json);
  });

  test('a plan without changes renders the "no changes" form', () => {
    expect(renderPlanSummaryMarkdown(summaryOf('no-changes'))).toBe(
      '## Plan for `prod`\n\n**No changes.** The workspace matches the configuration.\n',
    );
  });

  test('a preview planned without refresh says so, with when the last full refresh ran and its age', () => {
    const summary: PlanSummary = {
      ...summaryOf('no-changes'),
      refresh: { refreshed: false, lastFullRefresh: '2026-11-29T04:00:12.345Z', ageMinutes: 312 },
    };
    expect(renderPlanSummaryMarkdown(summary)).toBe(
      '## Plan for `prod`\n\n> [!NOTE]\n> Planned without refresh; last full refresh 2026-11-29 04:00 UTC ' +
        '(5 h 12 min ago). Changes made in the workspace since then are not shown; a deploy always refreshes.\n\n' +
        '**No changes.** The configuration matches the state as of the last full refresh.\n',
    );
  });

  test('a preview that refreshed all the same says why; a plain plan says nothing about refresh', () => {
    const refused: PlanSummary = {
      ...summaryOf('changes'),
      refresh: { refreshed: true, previewRefused: 'no full refresh is recorded for this state' },
    };
    expect(renderPlanSummaryMarkdown(refused)).toContain(
      '## Plan for `prod`\n\nPlanned with a full refresh: no full refresh is recorded for this state.\n\n',
    );
    expect(renderPlanSummaryMarkdown(summaryOf('changes'))).not.toMatch(/refresh/i);
  });

  test('deletes and replaces get a caution block that names each blocked resource', () => {
    const md = renderPlanSummaryMarkdown(summaryOf('changes'));
    expect(md).toContain('> [!CAUTION]');
    expect(md).toContain(
      '> - **replace** `databricks_repo.Repos_Main_Repo_1A2B3C4D` (`prod/Repos/Main/Repo`) — protected (kind repoMount): **blocked by the destroy guard**',
    );
    expect(md).toContain('rerun with `--allow-destroy <address>`');
  });

  test('an allowed destroy is shown as allowed, not blocked', () => {
    const md = renderPlanSummaryMarkdown(summaryOf('changes', ['databricks_repo.Repos_Main_Repo_1A2B3C4D']));
    expect(md).toContain('protected (kind repoMount): allowed by `--allow-destroy`');
  });

  test('groups rows by resource type, in address order', () => {
    const md = renderPlanSummaryMarkdown(summaryOf('changes'));
    const headings = md.split('\n').filter((l) => l.startsWith('#### '));
    expect(headings).toEqual([
      '#### `databricks_cluster` (1)',
      '#### `databricks_directory` (1)',
      '#### `databricks_job` (4)',
      '#### `databricks_repo` (1)',
      '#### `databricks_secret` (1)',
    ]);
  });

  test('long plans collapse into a details block; short ones do not', () => {
    expect(renderPlanSummaryMarkdown(summaryOf('create'))).not.toContain(
      'changed resources (click to expand)',
    );
    const collapsed = renderPlanSummaryMarkdown(summaryOf('create'), { collapseAfterRows: 5 });
    expect(collapsed).toContain('<details>\n<summary>8 changed resources (click to expand)</summary>');
    expect(collapsed.indexOf('**8 to create')).toBeLessThan(collapsed.indexOf('<details>'));
  });

  test('never prints a sensitive value', () => {
    const md = renderPlanSummaryMarkdown(summaryOf('changes'));
    expect(md).toContain('`string_value`: `(sensitive)` → `(sensitive)`');
    expect(md).not.toContain('fake-secret-value');
  });

  test('renders one section per environment, in the order given', () => {
    const dev: PlanSummary = { ...summaryOf('no-changes'), environment: 'dev' };
    const md = renderPlanSummaryMarkdown([dev, summaryOf('changes')]);
    expect(md.split('\n').filter((l) => l.startsWith('## '))).toEqual([
      '## Plan for `dev`',
      '## Plan for `prod`',
    ]);
  });

  test('escapes pipes in values so the table keeps its columns', () => {
    const summary = summaryOf('changes');
    const withPipe: PlanSummary = {
      ...summary,
      resources: [
        {
          ...summary.resources[0],
          changedAttributes: [{ path: 'name', before: '"a|b"', after: '"c"', forcesReplacement: false }],
        },
      ],
    };
    expect(renderPlanSummaryMarkdown(withPipe)).toContain('`"a\\|b"`');
  });
});
