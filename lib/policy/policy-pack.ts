import { Annotations, IAspect, TerraformResource } from 'cdktf';
import { IConstruct } from 'constructs';
import { PolicyContext } from './policy-context';
import { pathInStack, PolicySuppressions } from './policy-suppressions';
import { Finding, PolicyRule, RuleScope } from './rule';
import { settingOrigin } from './setting-origin';
import { redactSecrets } from '../text/secret-scan';
import { RULES } from './rule-catalog';
import { resolvedConfig, StackIndex } from './stack-index';
import type { Tier } from '../vocabulary';

/** Whether a rule of `scope` holds in an environment of `tier`. */
export function ruleApplies(scope: RuleScope, tier: Tier): boolean {
  return scope === 'all' || tier === 'prod' || (scope === 'staging/prod' && tier === 'staging');
}

/**
 * The error message of a violation: the config file and field that produced it (when the stack
 * recorded one, see {@link settingOrigin}), rule id, finding, fix, and how to accept it instead;
 * secret-shaped text masked.
 */
export function violationMessage(rule: PolicyRule, finding: Finding | string, construct: IConstruct): string {
  const { message, setting } =
    typeof finding === 'string' ? { message: finding, setting: undefined } : finding;
  const origin = settingOrigin(construct, setting);
  // Redacted as a whole: a finding may quote a name or key of the config (a group, a parameter), and
  // the annotation is kept in cdktf's manifest and printed by whatever reports it.
  return redactSecrets(
    `${origin ? `${origin}: ` : ''}${rule.id}: ${message}. Fix: ${rule.fix} (Or suppress ${rule.id} on ${pathInStack(construct)} with a reason: docs/guardrails.md.)`,
  );
}

/**
 * A policy pack: a cdktf Aspect that evaluates its rules on every resource of the types they
 * name (other resources are skipped before anything is read) and adds an error annotation per
 * finding to the offending resource, unless a {@link PolicySuppressions suppression} covers it.
 * An error annotation fails `app.synth()` (and `npm run synth`), so nothing is written.
 */
export class PolicyPack implements IAspect {
  private readonly byType = new Map<string, PolicyRule[]>();

  /**
   * @param name pack name, for reports
   * @param rules the pack's rules; those whose scope excludes the context's environment are dropped
   */
  constructor(
    readonly name: string,
    rules: readonly PolicyRule[],
    readonly context: PolicyContext,
  ) {
    for (const rule of rules) {
      if (!ruleApplies(rule.scope, context.tier)) continue;
      for (const type of rule.resourceTypes) this.byType.set(type, [...(this.byType.get(type) ?? []), rule]);
    }
  }

  /** The rules this pack evaluates in its environment. */
  get rules(): PolicyRule[] {
    return [...new Set([...this.byType.values()].flat())];
  }

  visit(node: IConstruct): void {
    if (!(node instanceof TerraformResource)) return;
    PolicySuppressions.record(node);
    const rules = this.byType.get(node.terraformResourceType);
    if (!rules) return;
    const input = {
      resource: node,
      type: node.terraformResourceType,
      config: resolvedConfig(node),
      context: this.context,
      index: StackIndex.of(node),
    };
    for (const rule of rules) {
      const result = rule.evaluate(input);
      if (result.status !== 'non-compliant' || PolicySuppressions.find(node, rule.id)) continue;
      for (const finding of result.findings)
        Annotations.of(node).addError(violationMessage(rule, finding, node));
    }
  }
}

/** The baseline pack: rules that hold in every environment. */
export class BaselinePack extends PolicyPack {
  constructor(context: PolicyContext) {
    super(
      'baseline',
      RULES.filter((r) => r.scope === 'all'),
      context,
    );
  }
}

/** The stricter prod pack: prod-only rules, and the staging/prod rules (also applied to staging). */
export class ProdPack extends PolicyPack {
  constructor(context: PolicyContext) {
    super(
      'prod',
      RULES.filter((r) => r.scope !== 'all'),
      context,
    );
  }
}

/** The packs for an environment: the baseline everywhere, the prod pack in the staging and prod tiers. */
export function packsFor(context: PolicyContext): PolicyPack[] {
  return context.tier !== 'dev'
    ? [new BaselinePack(context), new ProdPack(context)]
    : [new BaselinePack(context)];
}
