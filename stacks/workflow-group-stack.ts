import { TerraformOutput, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import type { WorkflowJob } from '../lib/workflow-job';
import { ProtectedAddresses, protectKinds } from './kind-protection';
import { groupStackName } from './partition-layout';
import { PROTECTED_RESOURCES_OUTPUT } from './protected-kinds';
import { configureBackend, configureProvider, StackFoundationProps } from './stack-foundation';
import type { WorkspaceStack } from './workspace-stack';
import type { WorkflowSpec } from './workspace-spec';

/** Props of {@link WorkflowGroupStack}. */
export interface WorkflowGroupStackProps extends StackFoundationProps {
  /** The environment's core stack: its Git folder, policies and clusters are what the jobs use. */
  readonly core: WorkspaceStack;
  /** The workflow group (`workflows[].group`). */
  readonly group: string;
  /** The group's workflows. */
  readonly workflows: readonly WorkflowSpec[];
  /** Addresses whose protection this synth lifts (see {@link WorkspaceStackProps.allowDestroy}). @default [] */
  readonly allowDestroy?: readonly string[];
  /** This stack's entry of the protected-resources ledger. @default {} */
  readonly formerlyProtected?: ProtectedAddresses;
}

/**
 * One workflow group of a partitioned environment as a stack of its own, `<env>-jobs-<group>`
 * (see stacks/partition-layout.ts): the group's jobs and their permissions, built by the core stack
 * exactly as it builds its own (same construct ids under `Jobs`), with the environment's provider and
 * a state of its own beside the environment's. A change to one job changes only its group's stack.
 */
export class WorkflowGroupStack extends TerraformStack {
  /** The group's jobs by workflow name. */
  readonly workflowJobs: ReadonlyMap<string, WorkflowJob>;
  private readonly protectedAddresses: ProtectedAddresses = {};
  private readonly kinds: WorkflowGroupStackProps['environment']['protected'];

  constructor(scope: Construct, id: string, props: WorkflowGroupStackProps) {
    super(scope, id);
    const expected = groupStackName(props.environment.name, props.group);
    if (id !== expected) {
      throw new Error(
        `${this.node.path}: the stack of workflow group ${props.group} must be named ${expected}`,
      );
    }
    configureProvider(this, props);
    configureBackend(this, props, id);
    // Declared, not only inferred: the guardrails count the core's policies and pinned environments as this stack's.
    this.addDependency(props.core);
    this.workflowJobs = props.core.addWorkflowJobsTo(this, props.workflows);
    this.kinds = props.environment.protected.filter((k) => k === 'jobs');
    if (this.kinds.length > 0) {
      this.protectedAddresses = protectKinds(this, {
        kinds: this.kinds,
        allowDestroy: props.allowDestroy,
        formerlyProtected: props.formerlyProtected,
      });
      new TerraformOutput(this, PROTECTED_RESOURCES_OUTPUT, {
        value: this.protectedAddresses,
        description: 'Protected resources by kind (the destroy guard reads it from the state)',
      });
    }
    new TerraformOutput(this, 'job_ids', {
      value: Object.fromEntries([...this.workflowJobs].map(([k, j]) => [k, j.jobId])),
      description: `Workflow jobs of group ${props.group} by name`,
    });
  }

  /** The protected resources' addresses per kind (only `jobs` lives here). */
  get protectedResources(): ProtectedAddresses {
    return this.protectedAddresses;
  }

  /** The kinds this stack protects: `jobs` when the environment protects jobs. */
  get protectedKinds(): WorkflowGroupStackProps['environment']['protected'] {
    return this.kinds;
  }
}
