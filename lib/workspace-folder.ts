import { Token } from 'cdktf';
import { Directory } from '@cdktf/provider-databricks/lib/directory';
import { Notebook } from '@cdktf/provider-databricks/lib/notebook';
import { WorkspaceFile } from '@cdktf/provider-databricks/lib/workspace-file';
import { Construct } from 'constructs';
import { ObjectPermissions, PermissionLevel } from './object-permissions';
import { IGrantable } from './grantable';
import { Principal } from './principal';

/** Props of {@link WorkspaceFolder}. */
export interface WorkspaceFolderProps {
  /** Absolute workspace path, e.g. `/Shared/simple-project/dev`. */
  readonly path: string;
}

/** A file to upload into a {@link WorkspaceFolder}. */
export interface FolderFileProps {
  /** Path below the folder, e.g. `pinned/standard-1a2b3c/requirements.txt`. */
  readonly name: string;
  /** The file's content (text). */
  readonly content: string;
}

/**
 * The environment's own workspace directory (`databricks_directory`) for everything the stack
 * uploads: init scripts, locks, ops notebooks. Files and notebooks are uploaded from content, not
 * from a local path, so the synthesized stack does not depend on where it was synthesized.
 * Each path is uploaded once, however many constructs ask for it.
 */
export class WorkspaceFolder extends Construct implements IGrantable<PermissionLevel<'directory'>> {
  /** Absolute workspace path of the folder. */
  readonly path: string;
  readonly resource: Directory;
  private readonly permissions: ObjectPermissions<'directory'>;
  private readonly uploads = new Map<string, { content: string; resource: WorkspaceFile | Notebook }>();

  constructor(scope: Construct, id: string, props: WorkspaceFolderProps) {
    super(scope, id);
    if (
      !Token.isUnresolved(props.path) &&
      (!/^\/(Shared|Users|Workspace)(\/[^/\s][^/]*)+$/.test(props.path) ||
        props.path.split('/').includes('..'))
    ) {
      throw new Error(
        `${this.node.path}: path must be an absolute workspace path under /Shared, /Users or /Workspace without "..", found ${JSON.stringify(props.path)}`,
      );
    }
    this.path = props.path;
    this.resource = new Directory(this, 'Resource', { path: props.path, deleteRecursive: true });
    this.permissions = new ObjectPermissions(this, 'Permissions', {
      kind: 'directory',
      objectId: Token.asString(this.resource.objectId),
    });
  }

  /**
   * Uploads a file (`databricks_workspace_file`) into this folder.
   * @param scope the construct owning the file (so its id reads as part of the owner)
   */
  addFile(scope: Construct, id: string, props: FolderFileProps): WorkspaceFile {
    return this.upload(props, WorkspaceFile, () => new WorkspaceFile(scope, id, this.uploadConfig(props)));
  }

  /**
   * Uploads a Python notebook in Databricks source format (`databricks_notebook`) into this folder.
   * @param scope the construct owning the notebook
   */
  addNotebook(scope: Construct, id: string, props: FolderFileProps): Notebook {
    return this.upload(
      props,
      Notebook,
      () => new Notebook(scope, id, { ...this.uploadConfig(props), language: 'PYTHON' }),
    );
  }

  /** Grants a level on the folder (CAN_READ, CAN_RUN, CAN_EDIT, CAN_MANAGE); files inherit it. */
  grant(principal: Principal, level: PermissionLevel<'directory'>): void {
    this.permissions.grant(principal, level);
  }

  /** Lets a principal read the folder's files (CAN_READ). */
  grantRead(principal: Principal): void {
    this.grant(principal, 'CAN_READ');
  }

  /** Lets a principal change the folder and its permissions (CAN_MANAGE). */
  grantManage(principal: Principal): void {
    this.grant(principal, 'CAN_MANAGE');
  }

  /**
   * One resource per path: two uploads to one path would overwrite each other on every apply.
   * Uploading the same content to a path again returns the first upload (its owner keeps it);
   * different content is an error.
   */
  private upload<T extends WorkspaceFile | Notebook>(
    props: FolderFileProps,
    kind: new (...args: never[]) => T,
    create: () => T,
  ): T {
    const existing = this.uploads.get(props.name);
    if (existing) {
      if (existing.content !== props.content || !(existing.resource instanceof kind)) {
        throw new Error(`${this.node.path}: ${props.name} is uploaded twice with different content or kind`);
      }
      return existing.resource as T;
    }
    const resource = create();
    this.uploads.set(props.name, { content: props.content, resource });
    return resource;
  }

  private uploadConfig(props: FolderFileProps) {
    return {
      path: this.childPath(props.name),
      contentBase64: Buffer.from(props.content, 'utf8').toString('base64'),
      dependsOn: [this.resource],
    };
  }

  private childPath(name: string): string {
    if (name.startsWith('/') || name.split('/').some((p) => p === '' || p === '.' || p === '..')) {
      throw new Error(
        `${this.node.path}: file name must be relative and stay in the folder, found ${JSON.stringify(name)}`,
      );
    }
    return `${this.path}/${name}`;
  }
}
