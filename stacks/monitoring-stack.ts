import { TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import type { JobHealthMonitoring } from '../lib/job-health-monitoring';
import { monitoringStackName } from './partition-layout';
import { configureBackend, configureProvider, StackFoundationProps } from './stack-foundation';
import { observabilityOutput, WorkspaceStack } from './workspace-stack';

/** Props of {@link MonitoringStack}. */
export interface MonitoringStackProps extends StackFoundationProps {
  /** The environment's core stack, every group's jobs already added to it. */
  readonly core: WorkspaceStack;
}

/**
 * The job-health monitoring of a partitioned environment, `<env>-monitoring`: the warehouse,
 * dashboard, SLO queries and alerts and the alert job, built by the core stack as it builds its own
 * (construct id `Monitoring`), referring to the jobs of every group. It changes when a workflow or
 * its objectives do, not when a job's other settings do.
 */
export class MonitoringStack extends TerraformStack {
  readonly monitoring?: JobHealthMonitoring;

  constructor(scope: Construct, id: string, props: MonitoringStackProps) {
    super(scope, id);
    const expected = monitoringStackName(props.environment.name);
    if (id !== expected) throw new Error(`${this.node.path}: the monitoring stack must be named ${expected}`);
    configureProvider(this, props);
    configureBackend(this, props, id);
    // Declared, not only inferred: the guardrails count the core's policies and pinned environments as this stack's.
    this.addDependency(props.core);
    this.monitoring = props.core.addMonitoringTo(this);
    if (this.monitoring) observabilityOutput(this, this.monitoring);
  }
}
