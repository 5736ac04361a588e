/**
 * Who a grant is for: a Databricks group, user or service principal (by application id).
 * Construct with {@link Principal.group}, {@link Principal.user} or {@link Principal.servicePrincipal}.
 */
export class Principal {
  /** A workspace or account group, by display name. */
  static group(name: string): Principal {
    return new Principal('group', name);
  }

  /** A user, by user name (e-mail). */
  static user(userName: string): Principal {
    return new Principal('user', userName);
  }

  /** A service principal, by application id (a UUID). */
  static servicePrincipal(applicationId: string): Principal {
    return new Principal('servicePrincipal', applicationId);
  }

  private constructor(
    public readonly kind: 'group' | 'user' | 'servicePrincipal',
    public readonly name: string,
  ) {
    if (name.trim() === '') throw new Error(`A ${kind} principal needs a non-empty name.`);
  }

  /** A key that is equal for the same principal. */
  get key(): string {
    return `${this.kind}:${this.name}`;
  }

  /** The field of databricks_permissions' access_control block that names this principal. */
  get permissionsField(): 'group_name' | 'user_name' | 'service_principal_name' {
    return this.kind === 'group'
      ? 'group_name'
      : this.kind === 'user'
        ? 'user_name'
        : 'service_principal_name';
  }

  toString(): string {
    return `${this.kind} ${this.name}`;
  }
}
