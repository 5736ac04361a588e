import { Token } from 'cdktf';
import { SecretAcl } from '@cdktf/provider-databricks/lib/secret-acl';
import { SecretScope as ScopeResource } from '@cdktf/provider-databricks/lib/secret-scope';
import { Construct } from 'constructs';
import { contentDigest } from './content-digest';
import { IGrantable } from './grantable';
import { Principal } from './principal';
import { protect } from './protection';
import { SECRET_ACL_LEVELS, SecretAclLevel } from './vocabulary';

/** Props of {@link SecretScope}. */
export interface SecretScopeProps {
  /** Scope name, unique in the workspace, e.g. `simple-project-prod`. */
  readonly scopeName: string;
  /**
   * Guard the scope against destroy (plan guard and Terraform `prevent_destroy`): deleting a
   * scope deletes every secret in it, and secret values are not in code to recreate them.
   * @default false
   */
  readonly protected?: boolean;
}

/**
 * A Databricks-backed secret scope (`databricks_secret_scope`) for one environment, with one
 * `databricks_secret_acl` per principal. Secret values are never set from code: operators put
 * them with `databricks secrets put-secret`, and jobs read them with `dbutils.secrets.get()` or
 * `{{secrets/<scope>/<key>}}` references.
 */
export class SecretScope extends Construct implements IGrantable<SecretAclLevel> {
  readonly scopeName: string;
  readonly resource: ScopeResource;
  private readonly acls = new Map<string, { acl: SecretAcl; principal: Principal; level: SecretAclLevel }>();

  constructor(scope: Construct, id: string, props: SecretScopeProps) {
    super(scope, id);
    if (!Token.isUnresolved(props.scopeName) && !/^[A-Za-z0-9_.-]{1,128}$/.test(props.scopeName)) {
      throw new Error(
        `${this.node.path}: scope name must be 1-128 letters, digits, '_', '-' or '.', found ${JSON.stringify(props.scopeName)}`,
      );
    }
    this.scopeName = props.scopeName;
    this.resource = new ScopeResource(this, 'Resource', { name: props.scopeName });
    if (props.protected) protect(this.resource, { preventDestroy: true });
  }

  /** A `{{secrets/<scope>/<key>}}` reference for spark_conf, env vars or job parameters. */
  reference(key: string): string {
    return `{{secrets/${this.scopeName}/${key}}}`;
  }

  /** Lets a principal read secrets. */
  grantRead(principal: Principal): void {
    this.grant(principal, 'READ');
  }

  /** Lets a principal read and write secrets. */
  grantWrite(principal: Principal): void {
    this.grant(principal, 'WRITE');
  }

  /** Lets a principal read, write and manage ACLs of the scope. */
  grantManage(principal: Principal): void {
    this.grant(principal, 'MANAGE');
  }

  /** Grants a level; a principal granted twice keeps the stronger level. */
  grant(principal: Principal, level: SecretAclLevel): void {
    const existing = this.acls.get(principal.key);
    if (existing) {
      if (SECRET_ACL_LEVELS.indexOf(level) > SECRET_ACL_LEVELS.indexOf(existing.level)) {
        existing.acl.permission = level;
        existing.level = level;
      }
      return;
    }
    // Readable and unique: names differing only in punctuation get different ids.
    const id = `Acl-${principal.kind}-${principal.name.replace(/[^A-Za-z0-9]+/g, '-')}-${contentDigest(principal.key).slice(0, 6)}`;
    const acl = new SecretAcl(this, id, {
      scope: this.resource.name,
      principal: principal.name,
      permission: level,
    });
    this.acls.set(principal.key, { acl, principal, level });
  }

  /** Principals and their levels, sorted. */
  get grants(): ReadonlyArray<{ principal: Principal; level: SecretAclLevel }> {
    return [...this.acls.values()]
      .map(({ principal, level }) => ({ principal, level }))
      .sort((a, b) => a.principal.key.localeCompare(b.principal.key));
  }
}
