import { describeAge } from '../../lib/text/describe-age';
import { shortTextPair } from './changed-attributes';
import {
  DriftSummary,
  OutputChangeSummary,
  PlanRefresh,
  PlanSummary,
  ResourceAction,
  ResourceChangeSummary,
} from './summarize-plan';

/** Options of {@link renderPlanSummaryMarkdown}. */
export interface RenderMarkdownOptions {
  /**
   * Resource tables with more rows than this collapse into a `<details>` block.
   * @default 20
   */
  readonly collapseAfterRows?: number;
  /**
   * Changed attributes listed per resource before the rest is counted as "more".
   * @default 8
   */
  readonly maxAttributesPerResource?: number;
}

const ACTION_LABEL: Record<ResourceAction, string> = {
  create: 'create',
  update: 'update',
  replace: '**replace**',
  delete: '**delete**',
  forget: 'forget',
};

/**
 * Renders plan summaries as Markdown for a pull-request comment: per environment a heading, the
 * counts, a warning block for deletes and replaces (with the destroy guard's verdict), changed
 * resources grouped by type, and changed outputs. Everything is ordered by address, so the
 * comment of a later push diffs cleanly against the earlier one.
 */
export function renderPlanSummaryMarkdown(
  summaries: PlanSummary | readonly PlanSummary[],
  options: RenderMarkdownOptions = {},
): string {
  const list = Array.isArray(summaries) ? summaries : [summaries as PlanSummary];
  return list.map((s) => renderOne(s, options)).join('\n');
}

function renderOne(summary: PlanSummary, options: RenderMarkdownOptions): string {
  const { collapseAfterRows = 20, maxAttributesPerResource = 8 } = options;
  const lines: string[] = [`## Plan for \`${summary.environment}\``, '', ...refreshNote(summary.refresh)];
  if (!summary.hasChanges) {
    lines.push(
      summary.refresh?.refreshed === false
        ? '**No changes.** The configuration matches the state as of the last full refresh.'
        : '**No changes.** The workspace matches the configuration.',
      '',
    );
    return lines.join('\n');
  }
  const { create, update, replace, delete: del } = summary.counts;
  if (summary.resources.length === 0) lines.push('**No resource changes**; only outputs change.', '');
  else
    lines.push(`**${create} to create, ${update} to update, ${replace} to replace, ${del} to delete**`, '');
  lines.push(...destroyWarning(summary));

  if (summary.resources.length > 0) {
    const tables: string[] = [];
    const types = [...new Set(summary.resources.map((r) => r.type))].sort();
    for (const type of types) {
      const rows = summary.resources.filter((r) => r.type === type);
      tables.push(`#### ${code(type)} (${rows.length})`, '');
      tables.push('| Action | Address | Construct path | Attributes |', '| --- | --- | --- | --- |');
      for (const r of rows) tables.push(resourceRow(r, maxAttributesPerResource));
      tables.push('');
    }
    lines.push('### Changed resources', '');
    if (summary.resources.length > collapseAfterRows) {
      lines.push(
        '<details>',
        `<summary>${summary.resources.length} changed resources (click to expand)</summary>`,
        '',
        ...tables,
        '</details>',
        '',
      );
    } else {
      lines.push(...tables);
    }
  }
  if (summary.drift.length > 0) lines.push(...driftSection(summary.drift, maxAttributesPerResource));
  if (summary.outputs.length > 0) lines.push('### Output changes', '', ...outputTable(summary.outputs), '');
  return lines.join('\n');
}

function destroyWarning(summary: PlanSummary): string[] {
  const risky = summary.resources.filter((r) => r.action === 'delete' || r.action === 'replace');
  if (risky.length === 0) return [];
  const { blocked, allowed } = summary.destroyGuard;
  const verdict = (r: ResourceChangeSummary) =>
    !r.protectedBy
      ? ''
      : blocked.includes(r.address)
        ? ` — protected (${r.protectedBy}): **blocked by the destroy guard**`
        : allowed.includes(r.address)
          ? ` — protected (${r.protectedBy}): allowed by \`--allow-destroy\``
          : '';
  const lines = [
    '> [!CAUTION]',
    `> **This plan deletes or replaces ${plural(risky.length, 'resource')}.** A replace deletes the object and creates a new one (new id, history and permissions reset).`,
    '>',
    ...risky.map(
      (r) => `> - ${ACTION_LABEL[r.action]} ${code(r.address)} (${code(r.constructPath)})${verdict(r)}`,
    ),
  ];
  if (blocked.length > 0) {
    lines.push(
      '>',
      `> The destroy guard stops this plan: ${plural(blocked.length, 'protected resource')} would be deleted or replaced. ` +
        'If that is intended, rerun with `--allow-destroy <address>` for each.',
    );
  }
  return [...lines, ''];
}

function resourceRow(r: ResourceChangeSummary, maxAttributes: number): string {
  const path = r.inConfiguration ? code(r.constructPath) : `${code(r.constructPath)} (removed from the code)`;
  const key = r.keyAttributes.map((a) => `${a.name}: ${code(a.value)}`);
  const action = `${ACTION_LABEL[r.action]}${r.revertsDrift ? ' (reverts drift)' : ''}`;
  return `| ${action} | ${code(r.address)} | ${path} | ${[...key, ...attributeLines(r.changedAttributes, maxAttributes)].join('<br>')} |`;
}

function attributeLines(
  attributes: ResourceChangeSummary['changedAttributes'],
  maxAttributes: number,
): string[] {
  const shown = attributes.slice(0, maxAttributes).map((a) => {
    const mark = a.forcesReplacement ? ' (forces replacement)' : '';
    return `${code(a.path)}: ${code(a.before)} → ${code(a.after)}${mark}`;
  });
  const more = attributes.length - shown.length;
  if (more > 0) shown.push(`… and ${more} more`);
  return shown;
}

/** Says plainly when a plan did not refresh, and how old the workspace it compared against is. */
function refreshNote(refresh: PlanRefresh | undefined): string[] {
  if (!refresh) return [];
  if (refresh.refreshed) {
    return refresh.previewRefused ? [`Planned with a full refresh: ${refresh.previewRefused}.`, ''] : [];
  }
  const at = refresh.lastFullRefresh.replace('T', ' ').replace(/:\d\d(\.\d+)?Z$/, ' UTC');
  return [
    '> [!NOTE]',
    `> Planned without refresh; last full refresh ${at} (${describeAge(refresh.ageMinutes)}). Changes made in ` +
      'the workspace since then are not shown; a deploy always refreshes.',
    '',
  ];
}

function driftSection(drift: readonly DriftSummary[], maxAttributes: number): string[] {
  return [
    '### Changed outside Terraform (drift)',
    '',
    'The refresh found these objects changed in the workspace since the last apply; the changes above revert them.',
    '',
    '| Drift | Address | State → workspace |',
    '| --- | --- | --- |',
    ...drift.map(
      (d) =>
        `| ${d.action === 'delete' ? 'deleted in the workspace' : 'changed in the workspace'} | ${code(d.address)} | ${attributeLines(d.changedAttributes, maxAttributes).join('<br>')} |`,
    ),
    '',
  ];
}

/** Outputs in a table, values shortened where they differ; any value cut there is shown whole below. */
function outputTable(outputs: readonly OutputChangeSummary[]): string[] {
  const rows = outputs.map((o) => {
    const [before, after] = shortTextPair(o.before, o.after);
    return { o, before, after, cut: before !== o.before || after !== o.after };
  });
  const lines = [
    '| Output | Action | Before | After |',
    '| --- | --- | --- | --- |',
    ...rows.map(
      ({ o, before, after }) =>
        `| ${code(o.name)} | ${o.action} | ${before ? code(before) : ''} | ${after ? code(after) : ''} |`,
    ),
  ];
  const whole = rows.filter((r) => r.cut);
  if (whole.length === 0) return lines;
  lines.push('', '<details>', '<summary>Output values in full</summary>', '');
  for (const { o } of whole) {
    if (o.before) lines.push(`${code(o.name)} before:`, '', fence(o.before), '');
    if (o.after) lines.push(`${code(o.name)} after:`, '', fence(o.after), '');
  }
  lines.push('</details>');
  return lines;
}

/** A fenced code block that no backtick run in the text can close. */
function fence(text: string): string {
  const longest = Math.max(2, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const ticks = '`'.repeat(longest + 1);
  return `${ticks}json\n${text}\n${ticks}`;
}

/** A code span safe inside a table cell: pipes escaped, backticks fenced with double backticks. */
function code(text: string): string {
  const escaped = text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
  return escaped.includes('`') ? `\`\` ${escaped} \`\`` : `\`${escaped}\``;
}

function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
