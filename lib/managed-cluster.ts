import { Cluster } from '@cdktf/provider-databricks/lib/cluster';
import { Token } from 'cdktf';
import { Construct } from 'constructs';
import { ClusterPolicy } from './cluster-policy';
import { ClusterSize, pinnedClusterSpec } from './cluster-size';
import { ObjectPermissions, PermissionLevel } from './object-permissions';
import { IGrantable } from './grantable';
import { Principal } from './principal';
import { IDENTITY_TAG } from './vocabulary';

/** Props of {@link ManagedCluster}. */
export interface ManagedClusterProps extends ClusterSize {
  /** Cluster name, unique in the workspace, e.g. `simple-project-dev-shared`. */
  readonly clusterName: string;
  /** The environment's policy for the cluster's flavor; it brings runtime and init script. */
  readonly policy: ClusterPolicy;
  /**
   * Idle minutes before the cluster stops; at least 10, at most what the policy allows.
   * @default 30
   */
  readonly autoterminationMinutes?: number;
  /**
   * Tags (project, environment, cost centre, ...). The policy's required tags must be among them.
   * @default {}
   */
  readonly tags?: Readonly<Record<string, string>>;
  /**
   * The user or service principal the dedicated (`SINGLE_USER`) cluster is assigned to: only it
   * can attach, and the init script runs as it (so it needs read access to the pinned files).
   */
  readonly singleUser: Principal;
}

/**
 * An all-purpose cluster (`databricks_cluster`) that runs the pinned environment of its flavor:
 * runtime and enforcing init script come from the policy's {@link PinnedEnvironment}, the cluster
 * is created under that policy, autoterminates, carries the project's tags, and has permissions.
 */
export class ManagedCluster extends Construct implements IGrantable<PermissionLevel<'cluster'>> {
  readonly clusterId: string;
  readonly clusterName: string;
  readonly policy: ClusterPolicy;
  readonly resource: Cluster;
  private readonly permissions: ObjectPermissions<'cluster'>;

  constructor(scope: Construct, id: string, props: ManagedClusterProps) {
    super(scope, id);
    const autoterminate = props.autoterminationMinutes ?? 30;
    const policyMax = props.policy.maxAutoterminationMinutes;
    if (
      !Token.isUnresolved(autoterminate) &&
      !Token.isUnresolved(policyMax) &&
      (!Number.isInteger(autoterminate) || autoterminate < 10 || autoterminate > policyMax)
    ) {
      throw new Error(
        `${this.node.path}: autoterminationMinutes must be a whole number from 10 to ${policyMax} (the policy's bound), found ${autoterminate}`,
      );
    }
    this.clusterName = props.clusterName;
    this.policy = props.policy;
    const env = props.policy.pinnedEnvironment;
    this.resource = new Cluster(this, 'Resource', {
      // A starting cluster runs its init script (which reads the lock): both must be uploaded first, or the
      // cluster terminates with INIT_SCRIPT_FAILURE. The path is a plain string, so say so explicitly.
      dependsOn: [env.initScriptFile, env.lockFile],
      clusterName: props.clusterName,
      autoterminationMinutes: autoterminate,
      ...pinnedClusterSpec(
        this.node.path,
        props.policy,
        props,
        {
          ...(props.tags ?? {}),
          // The identity of the cluster (see IDENTITY_TAG); the child id 'Resource' is fixed API.
          [IDENTITY_TAG]: `${this.node.path}/Resource`,
        },
        props.singleUser,
      ),
    });
    this.clusterId = this.resource.id;
    this.permissions = new ObjectPermissions(this, 'Permissions', {
      kind: 'cluster',
      objectId: this.clusterId,
    });
  }

  /** Grants CAN_ATTACH_TO, CAN_RESTART or CAN_MANAGE on the cluster. */
  grant(principal: Principal, level: PermissionLevel<'cluster'>): void {
    this.permissions.grant(principal, level);
  }

  /** Lets a principal attach notebooks to the cluster (CAN_ATTACH_TO). */
  grantAttach(principal: Principal): void {
    this.grant(principal, 'CAN_ATTACH_TO');
  }

  /** Lets a principal attach, start and restart the cluster (CAN_RESTART). */
  grantRestart(principal: Principal): void {
    this.grant(principal, 'CAN_RESTART');
  }

  /** Lets a principal change and delete the cluster (CAN_MANAGE). */
  grantManage(principal: Principal): void {
    this.grant(principal, 'CAN_MANAGE');
  }
}
