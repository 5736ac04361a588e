import { AnnotationMetadataEntryType, Aspects, TerraformStack } from 'cdktf';
import { IConstruct } from 'constructs';
import { redactSecrets, SecretFinding, SecretScanError } from '../../lib/text/secret-scan';
import { ConfigIssue } from '../config/config-error';
import { EnvironmentConfig, ProjectConfig } from '../config/load-config';
import { policyContextFromConfig } from './policy-context-from-config';
import { packsFor } from '../../lib/policy/policy-pack';
import { applyConfigSuppressions, configuredSuppressions } from './suppression-config';

/**
 * Puts an environment's stack (every stack of a partitioned one) under policy: adds the packs for the environment (baseline; prod
 * pack in staging and prod) as Aspects, and applies the suppressions of its config file.
 * @returns config issues of the suppressions (unknown rule, short reason, path matching nothing)
 */
export function applyGuardrails(
  stacks: TerraformStack | readonly TerraformStack[],
  project: ProjectConfig,
  env: EnvironmentConfig,
): ConfigIssue[] {
  for (const stack of Array.isArray(stacks) ? stacks : [stacks]) {
    for (const pack of packsFor(policyContextFromConfig(project, env))) Aspects.of(stack).add(pack);
  }
  return applyConfigSuppressions(stacks, configuredSuppressions(env), env.file);
}

/** An error annotation: a policy violation, or any other construct's `Annotations.addError`. */
export interface AnnotatedError {
  /** Full construct path, e.g. `prod/Clusters/shared/Resource`. */
  readonly path: string;
  readonly message: string;
}

/** Every error annotation in the tree below `scope`, in tree order. */
export function errorAnnotations(scope: IConstruct): AnnotatedError[] {
  return scope.node
    .findAll()
    .flatMap((c) =>
      c.node.metadata
        .filter((m) => m.type === AnnotationMetadataEntryType.ERROR)
        .map((m) => ({ path: c.node.path, message: String(m.data) })),
    );
}

/**
 * Thrown by synthesis when constructs carry error annotations (policy violations): lists all of them,
 * each led by the config file and field that produced it (see lib/policy/setting-origin.ts), the
 * construct path last.
 */
export class PolicyViolationError extends Error {
  constructor(
    readonly errors: readonly AnnotatedError[],
    /** Secret-scan findings of the same synth, listed too so that a violation never hides them. */
    readonly secrets: readonly SecretFinding[] = [],
  ) {
    super(
      redactSecrets(
        `Policy check failed with ${errors.length} error(s); nothing was written.\n` +
          errors.map((e) => `  ${e.message} (construct ${e.path})`).join('\n') +
          (secrets.length > 0 ? `\n${new SecretScanError(secrets).message}` : ''),
      ),
    );
    this.name = 'PolicyViolationError';
  }
}
