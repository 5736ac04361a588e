import { packOf, RULES, scopeText } from './rule-catalog';

/** Rule text as Markdown: `{{secrets/...}}` as code, other `<placeholders>` escaped so they are not read as HTML. */
function markdown(text: string): string {
  return text
    .split(/(\{\{[^}]*\}\})/)
    .map((part, i) => (i % 2 === 1 ? `\`${part}\`` : part.replace(/</g, '\\<')))
    .join('');
}

const cell = (text: string) => markdown(text).replace(/\|/g, '\\|').replace(/\n/g, ' ');

/**
 * The Markdown table of every policy rule (id, pack, where it applies, what it checks), for the
 * README's Guardrails section and docs/guardrails.md; a test keeps both in sync with the code.
 */
export function renderRulesTable(): string {
  const rows = RULES.map(
    (r) => `| \`${r.id}\` | ${packOf(r)} | ${scopeText(r.scope)} | ${cell(r.description)} |`,
  );
  return (
    ['| rule | pack | applies in | what must hold |', '| --- | --- | --- | --- |', ...rows].join('\n') + '\n'
  );
}

/** Start and end markers of the generated rules block in docs/guardrails.md (and the README). */
export const RULES_BLOCK = {
  start: '<!-- policy-rules:start -->',
  end: '<!-- policy-rules:end -->',
} as const;

/**
 * The rule reference of docs/guardrails.md: the table, then per rule its description, pack,
 * where it applies, the resource types it reads, the fix and a suppression example.
 */
export function renderRuleReference(): string {
  const sections = RULES.map((r) =>
    [
      `### ${r.id}`,
      '',
      markdown(r.description),
      '',
      `- pack: ${packOf(r)} (applies in ${scopeText(r.scope)})`,
      `- checks: ${r.resourceTypes.map((t) => `\`${t}\``).join(', ')}`,
      `- fix: ${markdown(r.fix)}`,
      `- suppress: \`{ path: <construct path>, rule: ${r.id}, reason: <why, 20+ characters> }\``,
    ].join('\n'),
  );
  return `${renderRulesTable()}\n${sections.join('\n\n')}\n`;
}

/**
 * `text` with the block between {@link RULES_BLOCK}'s markers replaced by the current
 * {@link renderRuleReference} (unformatted: run prettier over the result).
 * @throws when the markers are missing
 */
export function replaceRulesBlock(text: string, render: () => string = renderRuleReference): string {
  const a = text.indexOf(RULES_BLOCK.start);
  const b = text.indexOf(RULES_BLOCK.end);
  if (a < 0 || b < a) throw new Error(`expected ${RULES_BLOCK.start} ... ${RULES_BLOCK.end} in the document`);
  return `${text.slice(0, a + RULES_BLOCK.start.length)}\n\n${render()}\n${text.slice(b)}`;
}
