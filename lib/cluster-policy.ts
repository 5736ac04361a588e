import { ClusterPolicy as PolicyResource } from '@cdktf/provider-databricks/lib/cluster-policy';
import { Token } from 'cdktf';
import { Construct } from 'constructs';
import { ObjectPermissions, PermissionLevel } from './object-permissions';
import { PinnedEnvironment } from './pinned-environment';
import { IGrantable } from './grantable';
import { Principal } from './principal';
import { ACCESS_MODES, AccessMode } from './vocabulary';

/** Props of {@link ClusterPolicy}. */
export interface ClusterPolicyProps {
  /** Policy name, unique in the workspace. */
  readonly policyName: string;
  /** The pinned environment every cluster under this policy must run. */
  readonly pinnedEnvironment: PinnedEnvironment;
  /** Node types clusters may use. */
  readonly allowedNodeTypes: readonly string[];
  /** Upper bound on workers (fixed size and autoscale maximum). */
  readonly maxWorkers: number;
  /**
   * Upper bound on autotermination of all-purpose clusters.
   * @default 120
   */
  readonly maxAutoterminationMinutes?: number;
  /** Tags every cluster must carry with exactly these values (project, environment, cost centre). */
  readonly requiredTags: Readonly<Record<string, string>>;
  /**
   * The access mode every cluster under the policy has (fixed by the policy).
   * @default 'SINGLE_USER' (dedicated: Unity Catalog, init scripts from workspace files)
   */
  readonly dataSecurityMode?: AccessMode;
}

/**
 * A cluster policy (`databricks_cluster_policy`) for one environment and flavor: it fixes the
 * runtime and the enforcing init script of the flavor, limits node types and workers, forces
 * autotermination and the required tags. Users who can create clusters can only create
 * clusters that satisfy it.
 */
export class ClusterPolicy extends Construct implements IGrantable<PermissionLevel<'clusterPolicy'>> {
  readonly policyId: string;
  /** The runtime every cluster under the policy runs (fixed), e.g. `15.4.x-scala2.12`. */
  readonly sparkVersion: string;
  /** Workspace paths of the init scripts every cluster runs (fixed), in order. */
  readonly initScripts: readonly string[];
  /** Node types clusters may use; the first is the default. */
  readonly allowedNodeTypes: readonly string[];
  /** Upper bound on workers (fixed size and autoscale maximum). */
  readonly maxWorkers: number;
  /** Upper bound on autotermination minutes (the lower bound is 10). */
  readonly maxAutoterminationMinutes: number;
  /** Tags every cluster must carry with exactly these values (`pinned_env` not included). */
  readonly requiredTags: Readonly<Record<string, string>>;
  /** The policy definition, as the JSON document sent to Databricks. */
  readonly definition: Readonly<Record<string, unknown>>;
  readonly pinnedEnvironment: PinnedEnvironment;
  /** The access mode the policy fixes (`data_security_mode`). */
  readonly dataSecurityMode: AccessMode;
  readonly resource: PolicyResource;
  private readonly permissions: ObjectPermissions<'clusterPolicy'>;

  constructor(scope: Construct, id: string, props: ClusterPolicyProps) {
    super(scope, id);
    const maxAuto = props.maxAutoterminationMinutes ?? 120;
    if (!Token.isUnresolved(props.allowedNodeTypes) && props.allowedNodeTypes.length === 0)
      throw new Error(`${this.node.path}: allowedNodeTypes must not be empty`);
    if (
      !Token.isUnresolved(props.maxWorkers) &&
      (!Number.isInteger(props.maxWorkers) || props.maxWorkers < 1)
    ) {
      throw new Error(`${this.node.path}: maxWorkers must be a whole number >= 1, found ${props.maxWorkers}`);
    }
    if (!Token.isUnresolved(maxAuto) && (!Number.isInteger(maxAuto) || maxAuto < 10)) {
      throw new Error(
        `${this.node.path}: maxAutoterminationMinutes must be a whole number >= 10, found ${maxAuto}`,
      );
    }
    const env = props.pinnedEnvironment;
    this.dataSecurityMode = props.dataSecurityMode ?? 'SINGLE_USER';
    if (!(ACCESS_MODES as readonly string[]).includes(this.dataSecurityMode)) {
      throw new Error(
        `${this.node.path}: dataSecurityMode must be one of ${ACCESS_MODES.join(', ')} (the modes whose init-script source the pinned environment supports), found ${this.dataSecurityMode}`,
      );
    }
    const definition: Record<string, unknown> = {
      spark_version: { type: 'fixed', value: env.sparkVersion },
      node_type_id: {
        type: 'allowlist',
        values: [...props.allowedNodeTypes],
        defaultValue: props.allowedNodeTypes[0],
      },
      num_workers: { type: 'range', maxValue: props.maxWorkers },
      'autoscale.max_workers': { type: 'range', maxValue: props.maxWorkers },
      autotermination_minutes: {
        type: 'range',
        minValue: 10,
        maxValue: maxAuto,
        defaultValue: Math.min(30, maxAuto),
      },
      'init_scripts.0.workspace.destination': { type: 'fixed', value: env.initScriptPath },
      'custom_tags.pinned_env': { type: 'fixed', value: env.digest },
      data_security_mode: { type: 'fixed', value: this.dataSecurityMode },
    };
    for (const [key, value] of Object.entries(props.requiredTags)) {
      definition[`custom_tags.${key}`] = { type: 'fixed', value };
    }
    if (env.containerImage) definition['docker_image.url'] = { type: 'fixed', value: env.containerImage.url };
    this.definition = definition;
    this.pinnedEnvironment = env;
    this.sparkVersion = env.sparkVersion;
    this.initScripts = [env.initScriptPath];
    this.allowedNodeTypes = props.allowedNodeTypes;
    this.maxWorkers = props.maxWorkers;
    this.maxAutoterminationMinutes = maxAuto;
    this.requiredTags = { ...props.requiredTags };
    this.resource = new PolicyResource(this, 'Resource', {
      name: props.policyName,
      definition: JSON.stringify(definition),
      description: `Pinned ${env.flavor} environment (${env.sparkVersion}); managed by Terraform, do not edit in the UI.`,
    });
    this.policyId = this.resource.id;
    this.permissions = new ObjectPermissions(this, 'Permissions', {
      kind: 'clusterPolicy',
      objectId: this.policyId,
    });
  }

  /** Lets a principal create clusters under this policy. */
  grant(principal: Principal, level: PermissionLevel<'clusterPolicy'> = 'CAN_USE'): void {
    this.permissions.grant(principal, level);
  }

  /** Lets a principal create clusters under this policy (CAN_USE). */
  grantUse(principal: Principal): void {
    this.grant(principal, 'CAN_USE');
  }
}
