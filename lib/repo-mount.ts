import { Token } from 'cdktf';
import { Repo } from '@cdktf/provider-databricks/lib/repo';
import { Construct } from 'constructs';
import { GitProvider, inferGitProvider } from './git-provider';
import { ObjectPermissions, PermissionLevel } from './object-permissions';
import { IGrantable } from './grantable';
import { Principal } from './principal';
import { protect } from './protection';

/** Props of {@link RepoMount}. */
export interface RepoMountProps {
  /** HTTPS URL of the Git repository. */
  readonly url: string;
  /**
   * Git provider.
   * @default - inferred from the URL host
   */
  readonly gitProvider?: GitProvider;
  /** Workspace path of the Git folder: `/Repos/<owner>/<name>` (exactly three segments). */
  readonly path: string;
  /** Branch to check out. Exactly one of `branch` and `tag`. */
  readonly branch?: string;
  /** Tag to check out. Exactly one of `branch` and `tag`. */
  readonly tag?: string;
  /**
   * Guard the Git folder against destroy (plan guard and Terraform `prevent_destroy`). A rollback
   * only switches its ref, which is an in-place update, so this never blocks a rollback.
   * @default false
   */
  readonly protected?: boolean;
  /**
   * The commit (40 hex digits) the Git folder must run after apply: the commit that was planned.
   * Terraform sets the folder's `commit_hash` to it, so a folder whose ref's head is elsewhere
   * shows as a change and apply moves it (the Repos API update pulls the ref's head); a
   * postcondition then fails the apply loudly when that head is not this commit (the branch moved
   * between plan and apply, or the commit was never pushed to the ref). Every way of applying the
   * stack (cdktf deploy, terraform apply of a saved plan, HCP Terraform) carries the check.
   * @default - no pin: the folder stays at whatever its ref's head was when Terraform last moved it
   */
  readonly commit?: string;
}

/**
 * A Databricks Git folder (`databricks_repo`) for one environment at one ref: the blueprint's
 * repo mount (`/Repos/.../simple-project-dev` on `main`, `-stg` on `release/x.y-RC`, prod on
 * `release/x.y`), with its permissions.
 */
export class RepoMount extends Construct implements IGrantable<PermissionLevel<'repo'>> {
  /** Id of the Git folder (a token). */
  readonly repoId: string;
  /** Workspace path of the Git folder, e.g. `/Repos/bot@acme.example/simple-project-dev`. */
  readonly mountPath: string;
  /** The ref checked out: `branch` or `tag`. */
  readonly ref: { readonly branch?: string; readonly tag?: string };
  /** The commit the Git folder is pinned to ({@link RepoMountProps.commit}); undefined when not pinned. */
  readonly commit?: string;
  readonly resource: Repo;
  private readonly permissions: ObjectPermissions<'repo'>;

  constructor(scope: Construct, id: string, props: RepoMountProps) {
    super(scope, id);
    const segments = props.path.split('/');
    if (
      !Token.isUnresolved(props.path) &&
      (segments.length !== 4 || segments[0] !== '' || segments[1] !== 'Repos' || !segments[2] || !segments[3])
    ) {
      throw new Error(
        `${this.node.path}: path must be /Repos/<owner>/<name> (exactly three segments), found ${JSON.stringify(props.path)}`,
      );
    }
    if ((props.branch === undefined) === (props.tag === undefined)) {
      throw new Error(`${this.node.path}: set exactly one of branch or tag`);
    }
    if (
      props.commit !== undefined &&
      !Token.isUnresolved(props.commit) &&
      !/^[0-9a-f]{40}$/.test(props.commit)
    ) {
      throw new Error(
        `${this.node.path}: commit must be a full 40-digit lowercase hex commit id, found ${JSON.stringify(props.commit)}`,
      );
    }
    this.mountPath = props.path;
    this.ref = props.branch !== undefined ? { branch: props.branch } : { tag: props.tag };
    this.commit = props.commit;
    this.resource = new Repo(this, 'Resource', {
      url: props.url,
      gitProvider: props.gitProvider ?? this.inferProvider(props.url),
      path: props.path,
      ...this.ref,
      ...(props.commit !== undefined ? { commitHash: props.commit } : {}),
      ...(props.commit !== undefined
        ? {
            lifecycle: {
              postcondition: [
                {
                  condition: `\${self.commit_hash == ${JSON.stringify(props.commit)}}`,
                  errorMessage:
                    `The Git folder ${props.path} is not at the planned commit ${props.commit}: ` +
                    `${this.ref.branch ? `branch ${this.ref.branch}` : `tag ${this.ref.tag}`} points elsewhere now ` +
                    '(it moved between plan and apply, or the commit was never pushed there). Nothing runs ' +
                    "unreviewed code silently: plan again from the ref's current head, or push the planned commit.",
                },
              ],
            },
          }
        : {}),
    });
    if (props.protected) protect(this.resource, { preventDestroy: true });
    this.repoId = this.resource.id;
    this.permissions = new ObjectPermissions(this, 'Permissions', { kind: 'repo', objectId: this.repoId });
  }

  private inferProvider(url: string): GitProvider {
    if (Token.isUnresolved(url)) {
      throw new Error(
        `${this.node.path}: the Git provider cannot be inferred from a URL known only at apply time; set gitProvider`,
      );
    }
    return inferGitProvider(url);
  }

  /**
   * The workspace path of a notebook inside this Git folder.
   * @param relativePath path from the repository root, e.g. `notebooks/workflows/ingest`
   * @throws when the path is absolute or escapes the folder
   */
  notebookPath(relativePath: string): string {
    const parts = relativePath.split('/');
    if (Token.isUnresolved(relativePath)) return `${this.mountPath}/${relativePath}`;
    if (relativePath.startsWith('/') || parts.some((p) => p === '..' || p === '.' || p === '')) {
      throw new Error(
        `${this.node.path}: notebook path must stay inside the Git folder (relative, no "..", "." or empty segments), found ${JSON.stringify(relativePath)}`,
      );
    }
    return `${this.mountPath}/${relativePath.replace(/\.(py|sql|scala|r|ipynb)$/i, '')}`;
  }

  /** Grants a permission level on the Git folder (CAN_READ, CAN_RUN, CAN_EDIT, CAN_MANAGE). */
  grant(principal: Principal, level: PermissionLevel<'repo'>): void {
    this.permissions.grant(principal, level);
  }

  /** Lets a principal read the Git folder's notebooks (CAN_READ). */
  grantRead(principal: Principal): void {
    this.grant(principal, 'CAN_READ');
  }

  /** Lets a principal run the Git folder's notebooks (CAN_RUN). */
  grantRun(principal: Principal): void {
    this.grant(principal, 'CAN_RUN');
  }

  /** Lets a principal pull, switch branches and delete the Git folder (CAN_MANAGE). */
  grantManage(principal: Principal): void {
    this.grant(principal, 'CAN_MANAGE');
  }
}
