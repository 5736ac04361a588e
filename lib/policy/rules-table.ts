import { packOf, RULES, scopeText } from './rule-catalog';

const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

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

/** The Markdown list of every rule with its fix, for docs/guardrails.md. */
export function renderRuleFixes(): string {
  return RULES.map((r) => `- **\`${r.id}\`** — ${r.fix}`).join('\n') + '\n';
}
