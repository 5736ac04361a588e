import { Token } from 'cdktf';
import { Directory } from '@cdktf/provider-databricks/lib/directory';
import { Notebook } from '@cdktf/provider-databricks/lib/notebook';
import { WorkspaceFile } from '@cdktf/provider-databricks/lib/workspace-file';
import { Construct } from 'constructs';
import { ObjectPermissions, PermissionLevel } from './object-permissions';
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
 */
export class WorkspaceFolder extends Construct {
  /** Absolute workspace path of the folder. */
  readonly path: string;
  readonly resource: Directory;
  private readonly permissions: ObjectPermissions<'directory'>;

  constructor(scope: Construct, id: string, props: WorkspaceFolderProps) {
    super(scope, id);
    if (
      !/^\/(Shared|Users|Workspace)(\/[^/\s][^/]*)+$/.test(props.path) ||
      props.path.split('/').includes('..')
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
    return new WorkspaceFile(scope, id, {
      path: this.childPath(props.name),
      contentBase64: Buffer.from(props.content, 'utf8').toString('base64'),
      dependsOn: [this.resource],
    });
  }

  /**
   * Uploads a Python notebook in Databricks source format (`databricks_notebook`) into this folder.
   * @param scope the construct owning the notebook
   */
  addNotebook(scope: Construct, id: string, props: FolderFileProps): Notebook {
    return new Notebook(scope, id, {
      path: this.childPath(props.name),
      language: 'PYTHON',
      contentBase64: Buffer.from(props.content, 'utf8').toString('base64'),
      dependsOn: [this.resource],
    });
  }

  /** Grants a level on the folder (CAN_READ, CAN_RUN, CAN_EDIT, CAN_MANAGE); files inherit it. */
  grant(principal: Principal, level: PermissionLevel<'directory'>): void {
    this.permissions.grant(principal, level);
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
