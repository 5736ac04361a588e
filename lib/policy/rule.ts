import { TerraformResource } from 'cdktf';
import { PolicyContext } from './policy-context';
import { StackIndex } from './stack-index';

/**
 * Which environments a rule holds in: every one (`all`, the baseline pack), staging and prod
 * (`staging/prod`), or prod alone (`prod`); the last two make the prod pack.
 */
export type RuleScope = 'all' | 'staging/prod' | 'prod';

/** A rule found the resource compliant. */
export interface Compliant {
  readonly status: 'compliant';
}
/** The rule does not apply to the resource (e.g. an autotermination rule on a job without clusters). */
export interface NotApplicable {
  readonly status: 'not-applicable';
}
/** One problem a rule found in a resource. */
export interface Finding {
  /** What is wrong, and where in the resource. */
  readonly message: string;
  /**
   * The setting it is about (a key of the stack's recorded `SettingOrigins`, e.g. `autotermination_minutes`), so that the
   * report names the config field that produced it. @default - the resource as a whole
   */
  readonly setting?: string;
}

/** The rule found problems: each finding says what is wrong, where in the resource, and which setting. */
export interface NonCompliant {
  readonly status: 'non-compliant';
  readonly findings: readonly Finding[];
}
/** What a rule returns for one resource. */
export type RuleResult = Compliant | NotApplicable | NonCompliant;

/** The rule found the resource compliant. */
export const COMPLIANT: Compliant = { status: 'compliant' };
/** The rule does not apply to the resource. */
export const NOT_APPLICABLE: NotApplicable = { status: 'not-applicable' };
/**
 * The resource breaks the rule; pass one finding per problem (compliant when there are none). A plain
 * string is a finding about the resource as a whole.
 */
export function nonCompliant(findings: ReadonlyArray<string | Finding>): RuleResult {
  return findings.length === 0
    ? COMPLIANT
    : {
        status: 'non-compliant',
        findings: findings.map((f) => (typeof f === 'string' ? { message: f } : f)),
      };
}

/** What a rule sees of one resource. */
export interface RuleInput {
  readonly resource: TerraformResource;
  /** The Terraform resource type, e.g. `databricks_cluster`. */
  readonly type: string;
  /**
   * The resource's configuration as synthesized: snake_case keys, references as
   * `${type.id.attr}` strings, lazy values resolved.
   */
  readonly config: Readonly<Record<string, unknown>>;
  /** The environment the stack deploys. */
  readonly context: PolicyContext;
  /** Facts about the whole stack (its policies, pinned environments, uploaded notebooks), computed once. */
  readonly index: StackIndex;
}

/**
 * One policy rule, in its own file under `lib/policy/rules/`: a stable id (`DBX-C1`: C clusters, D data,
 * J jobs, P permissions, S secrets, T tags), a one-line description, how to fix a violation, the
 * environments it holds in, and the resource types it looks at.
 */
export interface PolicyRule {
  /** Stable id, e.g. `DBX-C1`; suppressions and docs refer to it. */
  readonly id: string;
  /** One line: what must hold. */
  readonly description: string;
  /** How to fix a violation. */
  readonly fix: string;
  readonly scope: RuleScope;
  /** Terraform resource types the rule evaluates; the packs skip every other resource. */
  readonly resourceTypes: readonly string[];
  /** Evaluates one resource of one of {@link PolicyRule.resourceTypes}. */
  evaluate(input: RuleInput): RuleResult;
}
