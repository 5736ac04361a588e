import { Lazy } from 'cdktf';
import { Permissions, PermissionsConfig } from '@cdktf/provider-databricks/lib/permissions';
import { Construct } from 'constructs';
import { Principal } from './principal';
import { PERMISSION_LEVELS, PermissionLevel, PermissionObjectKind } from './vocabulary';

export { PERMISSION_LEVELS } from './vocabulary';
export type { PermissionLevel, PermissionObjectKind } from './vocabulary';

/** The databricks_permissions attribute that names the object, per kind. */
const OBJECT_FIELD: Record<PermissionObjectKind, keyof PermissionsConfig> = {
  repo: 'repoId',
  directory: 'directoryId',
  cluster: 'clusterId',
  clusterPolicy: 'clusterPolicyId',
  job: 'jobId',
  sqlWarehouse: 'sqlEndpointId',
};

export interface ObjectPermissionsProps<K extends PermissionObjectKind> {
  /** What kind of object the permissions are for; decides the allowed levels. */
  readonly kind: K;
  /** Id of the object (usually a token of the owning resource). */
  readonly objectId: string;
}

/**
 * Every grant on one Databricks object, emitted as exactly one `databricks_permissions` resource.
 *
 * `databricks_permissions` is authoritative for its object: two of them for one object would
 * overwrite each other on every apply. So grants are collected here, merged per principal
 * (the strongest level wins) and rendered lazily at synth time, after every construct had its say.
 * An object with no grant at all is a synth error: say who may use it.
 */
export class ObjectPermissions<K extends PermissionObjectKind> extends Construct {
  private readonly grants = new Map<string, { principal: Principal; level: PermissionLevel<K> }>();
  private readonly kind: K;

  constructor(scope: Construct, id: string, props: ObjectPermissionsProps<K>) {
    super(scope, id);
    this.kind = props.kind;
    new Permissions(this, 'Resource', {
      [OBJECT_FIELD[props.kind]]: props.objectId,
      accessControl: Lazy.anyValue({ produce: () => this.accessControl() }),
    });
    this.node.addValidation({
      validate: () =>
        this.grants.size === 0
          ? [`${this.node.path}: no grant was made on this ${props.kind}; grant at least one principal`]
          : [],
    });
  }

  /**
   * Grants `level` to `principal`. Granting the same principal twice keeps the stronger level.
   */
  grant(principal: Principal, level: PermissionLevel<K>): void {
    const levels = PERMISSION_LEVELS[this.kind] as readonly string[];
    if (!levels.includes(level)) {
      throw new Error(
        `${this.node.path}: ${level} is not a permission level of a ${this.kind}; expected one of ${levels.join(', ')}`,
      );
    }
    const existing = this.grants.get(principal.key);
    if (!existing || levels.indexOf(level) > levels.indexOf(existing.level)) {
      this.grants.set(principal.key, { principal, level });
    }
  }

  /** The merged grants, sorted by principal so the output is stable. */
  get entries(): ReadonlyArray<{ principal: Principal; level: PermissionLevel<K> }> {
    return [...this.grants.values()].sort((a, b) => a.principal.key.localeCompare(b.principal.key));
  }

  private accessControl() {
    return this.entries.map((g) => ({
      [g.principal.permissionsField]: g.principal.name,
      permission_level: g.level,
    }));
  }
}
