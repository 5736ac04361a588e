import { TerraformResource, TerraformStack } from 'cdktf';
import { IConstruct } from 'constructs';
import { ruleById, RULES } from './rule-catalog';
import { MIN_REASON_LENGTH } from './suppression-schema';
import { findSecretsInText, redactSecrets } from '../text/secret-scan';

export { MIN_REASON_LENGTH };

const METADATA_TYPE = 'dbx:policy:suppression';

/** One accepted exception to a rule, on a construct and everything below it. */
export interface PolicySuppression {
  /** The rule id, e.g. `DBX-J4`. */
  readonly rule: string;
  /** Why the exception is acceptable (at least {@link MIN_REASON_LENGTH} characters). */
  readonly reason: string;
  /** Where it was declared: `code` (PolicySuppressions.add) or the config file that holds it. */
  readonly source: string;
}

/** A suppression with the construct it was declared on. */
export interface DeclaredSuppression extends PolicySuppression {
  /** Stack (environment) name. */
  readonly stack: string;
  /** Construct path relative to the stack, e.g. `Jobs/ingest-orders`. */
  readonly path: string;
}

const stacksWithSuppressions = new WeakSet<TerraformStack>();

/** A construct's path relative to its stack (`Clusters/shared/Resource`). */
export function pathInStack(construct: IConstruct): string {
  const stack = TerraformStack.of(construct);
  return construct.node.path.slice(stack.node.path.length + 1);
}

function declaredOn(construct: IConstruct): PolicySuppression[] {
  return construct.node.metadata
    .filter((m) => m.type === METADATA_TYPE)
    .map((m) => m.data as PolicySuppression);
}

/**
 * Explicit, reasoned exceptions to policy rules (cdk-nag's suppressions): a suppression names a
 * construct, a rule id and a written reason; it covers the construct and every construct below
 * it, is written into the synthesized resources as `"//": {"policy_suppressions": [...]}`, and is
 * listed by `npm run policy -- report`.
 *
 * @example
 * PolicySuppressions.add(stack.workflowJobs.get('backfill')!, 'DBX-J4', 'Backfill runs one partition per run, 20 in parallel by design.');
 */
export class PolicySuppressions {
  /**
   * Suppresses `ruleId` on `construct` and its children.
   * @throws when the rule id is unknown or the reason is shorter than {@link MIN_REASON_LENGTH}
   */
  static add(construct: IConstruct, ruleId: string, reason: string, source = 'code'): void {
    const problem = suppressionProblem(ruleId, reason);
    if (problem) throw new Error(`${construct.node.path}: cannot suppress ${ruleId}: ${problem}`);
    construct.node.addMetadata(METADATA_TYPE, { rule: ruleId, reason: reason.trim(), source });
    stacksWithSuppressions.add(TerraformStack.of(construct));
  }

  /** The suppressions that apply to a construct: its own and its ancestors', nearest first. */
  static of(construct: IConstruct): Array<PolicySuppression & { path: string }> {
    if (!stacksWithSuppressions.has(TerraformStack.of(construct))) return [];
    const out: Array<PolicySuppression & { path: string }> = [];
    for (const scope of [...construct.node.scopes].reverse()) {
      if (TerraformStack.isStack(scope)) break;
      for (const s of declaredOn(scope)) out.push({ ...s, path: pathInStack(scope) });
    }
    return out;
  }

  /** The suppression of `ruleId` that applies to a construct, if any. */
  static find(construct: IConstruct, ruleId: string): (PolicySuppression & { path: string }) | undefined {
    return PolicySuppressions.of(construct).find((s) => s.rule === ruleId);
  }

  /** Every suppression declared in the tree below `scope` (an App or a stack), in tree order. */
  static list(scope: IConstruct): DeclaredSuppression[] {
    return scope.node.findAll().flatMap((c) => {
      const own = declaredOn(c);
      if (own.length === 0) return [];
      const stack = TerraformStack.of(c);
      return own.map((s) => ({ stack: stack.node.id, path: pathInStack(c), ...s }));
    });
  }

  /**
   * Writes the suppressions that apply to a resource into its synthesized JSON
   * (`"//": {"policy_suppressions": [{rule, reason, path, source}]}`) for reviewers of the output.
   */
  static record(resource: TerraformResource): void {
    const applying = PolicySuppressions.of(resource);
    if (applying.length === 0) return;
    resource.addOverride(
      '//.policy_suppressions',
      applying.map(({ rule, reason, path, source }) => ({ rule, reason, path, source })),
    );
  }
}

/** Why a suppression of `ruleId` with `reason` is refused, or undefined when it is acceptable. */
export function suppressionProblem(ruleId: string, reason: string): string | undefined {
  if (!ruleById(ruleId)) {
    return `unknown rule ${JSON.stringify(ruleId)}; expected one of ${RULES.map((r) => r.id).join(', ')}`;
  }
  if (typeof reason !== 'string' || reason.trim().length < MIN_REASON_LENGTH) {
    return `the reason must say why in at least ${MIN_REASON_LENGTH} characters, found ${redactSecrets(JSON.stringify(reason ?? ''))}`;
  }
  // A reason is printed by \`npm run policy -- report\` and written into the synthesized resources.
  const secret = findSecretsInText(reason, { randomRuns: true })[0];
  if (secret) {
    return `the reason must say why in words, found a ${secret.kind} in it (${secret.masked}); remove it, and rotate it if it is real`;
  }
  return undefined;
}
