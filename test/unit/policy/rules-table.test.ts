import * as path from 'node:path';
import { renderGuardrailsDoc } from '../../../ops/policy-cli';
import { RULES } from '../../../lib/policy/rule-catalog';
import {
  renderRuleReference,
  renderRulesTable,
  replaceRulesBlock,
  RULES_BLOCK,
} from '../../../lib/policy/rules-table';

const ROOT = path.resolve(__dirname, '..', '..', '..');

describe('rules table', () => {
  it('has one row per rule with its id, pack and where it applies', () => {
    const rows = renderRulesTable().trimEnd().split('\n').slice(2);
    expect(rows).toHaveLength(RULES.length);
    expect(rows[0]).toBe(
      '| `DBX-C1` | baseline | all environments | Every all-purpose cluster autoterminates (autotermination_minutes set and above 0). |',
    );
    expect(rows).toContainEqual(expect.stringMatching(/^\| `DBX-J1` \| prod \| staging\/prod \| /));
  });

  it('writes secret references as code, so Markdown does not swallow <scope> as HTML', () => {
    expect(renderRuleReference()).toContain('only `{{secrets/<scope>/<key>}}` references');
    expect(renderRuleReference()).toContain('put-secret \\<project>-\\<env> \\<key>');
  });

  it('is current in docs/guardrails.md (npm run policy -- docs)', () => {
    const { current, next } = renderGuardrailsDoc(ROOT);
    expect(current).toContain(RULES_BLOCK.start);
    expect(next).toBe(current);
  });

  it('fails when a document has no rules block', () => {
    expect(() => replaceRulesBlock('# no block here')).toThrow(
      'expected <!-- policy-rules:start --> ... <!-- policy-rules:end --> in the document',
    );
  });
});
