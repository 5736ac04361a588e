import { Token } from 'cdktf';
import * as fs from 'node:fs';
import { Notebook } from '@cdktf/provider-databricks/lib/notebook';
import { Construct } from 'constructs';
import { NotebookJob, NotebookJobProps } from './notebook-job';
import { IGrantable } from './grantable';
import { Principal } from './principal';
import { PermissionLevel } from './object-permissions';
import { protect } from './protection';
import { WorkspaceFolder } from './workspace-folder';
import { STORAGE_URL } from './vocabulary';

/**
 * Checks a DR storage location: an `s3://`, `gs://` or `abfss://` URL.
 * @param where construct path, for the message
 */
export function assertStorageUrl(where: string, location: string): void {
  if (!Token.isUnresolved(location) && !STORAGE_URL.test(location)) {
    throw new Error(`${where}: location must be an s3://, gs:// or abfss:// URL, found ${location}`);
  }
}

/**
 * The text of a notebook source file the program passes in.
 * @param where construct path, for the message
 * @throws Error naming the construct, the file and the fix when it cannot be read
 */
export function readNotebookFile(where: string, file: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'unknown error';
    throw new Error(
      `${where}: notebookFile ${file} cannot be read (${code}); pass the path of the notebook's .py source`,
    );
  }
}

/** Props of {@link AssetNotebookJob}. */
export interface AssetNotebookJobProps extends Omit<NotebookJobProps, 'tasks'> {
  /** Where the notebook is uploaded (under `ops/`). */
  readonly folder: WorkspaceFolder;
  /**
   * Path of the notebook's source file on this machine (Databricks `.py` source format), read at
   * synth time and uploaded as `<folder>/ops/<name>`; a plain path, never a token. The program
   * passes the notebook it ships for the job (this repository's are in `assets/notebooks/`).
   */
  readonly notebookFile: string;
  /**
   * Guard the job against destroy in the plan's destroy guard (no `prevent_destroy`: a rollback
   * may legitimately redefine it).
   * @default false
   */
  readonly protected?: boolean;
}

/**
 * A job that runs a notebook shipped with the program ({@link AssetNotebookJobProps.notebookFile}),
 * uploaded into the environment's folder: the base of the DR and security jobs, which belong to the
 * platform, not to the project's repository.
 */
export abstract class AssetNotebookJob extends Construct implements IGrantable<PermissionLevel<'job'>> {
  readonly job: NotebookJob;
  readonly notebook: Notebook;
  readonly jobId: string;

  protected constructor(
    scope: Construct,
    id: string,
    asset: string,
    parameters: Record<string, string>,
    props: AssetNotebookJobProps,
  ) {
    super(scope, id);
    const { notebookFile, ...jobProps } = props;
    this.notebook = props.folder.addNotebook(this, 'Notebook', {
      name: `ops/${asset}`,
      content: readNotebookFile(this.node.path, notebookFile),
    });
    this.job = new NotebookJob(this, 'Job', {
      ...jobProps,
      tasks: [{ taskKey: asset, notebookPath: this.notebook.path, parameters }],
    });
    if (props.protected) protect(this.job.resource);
    this.jobId = this.job.jobId;
  }

  /** Grants CAN_VIEW, CAN_MANAGE_RUN or CAN_MANAGE on the job. */
  grant(principal: Principal, level: PermissionLevel<'job'>): void {
    this.job.grant(principal, level);
  }

  /** Lets a principal see the job and its runs (CAN_VIEW). */
  grantView(principal: Principal): void {
    this.grant(principal, 'CAN_VIEW');
  }

  /** Lets a principal trigger and cancel runs (CAN_MANAGE_RUN). */
  grantRun(principal: Principal): void {
    this.grant(principal, 'CAN_MANAGE_RUN');
  }

  /** Lets a principal change and delete the job (CAN_MANAGE). */
  grantManage(principal: Principal): void {
    this.grant(principal, 'CAN_MANAGE');
  }
}
