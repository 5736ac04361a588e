import { Principal } from '../../lib/principal';
import { AssetNotebookJobProps } from '../../lib/asset-notebook-job';
import { ConstructFixture, projectNotebook, REQUIRED_TAGS } from './construct-fixture';
import { resourcesOf, synthWithMetadata } from './synthesized';

/**
 * The props every ops job (backup, UC export, security scan) of a test shares.
 * @param notebookName the program's notebook the job runs (`assets/notebooks/<name>.py`)
 */
export function opsJobProps(
  f: ConstructFixture,
  jobName: string,
  notebookName: string,
): AssetNotebookJobProps {
  f.folder.grant(Principal.group('platform-admins'), 'CAN_MANAGE');
  return {
    jobName,
    folder: f.folder,
    notebookFile: projectNotebook(notebookName),
    compute: { jobCluster: { policy: f.policy(), nodeTypeId: 'i3.xlarge', numWorkers: 1 } },
    tags: { ...REQUIRED_TAGS },
  };
}

/** The synthesized ops job and its uploaded notebook (exactly one of each in the fixture). */
export function synthesizedOpsJob(f: ConstructFixture): {
  job: Record<string, unknown> & { task: Array<Record<string, unknown>> };
  notebook: Record<string, unknown>;
  notebookId: string;
} {
  const json = synthWithMetadata(f.stack);
  const jobs = Object.values(resourcesOf(json, 'databricks_job'));
  const notebooks = Object.entries(resourcesOf(json, 'databricks_notebook'));
  if (jobs.length !== 1 || notebooks.length !== 1) {
    throw new Error(`expected one job and one notebook, found ${jobs.length} and ${notebooks.length}`);
  }
  return {
    job: jobs[0] as Record<string, unknown> & { task: Array<Record<string, unknown>> },
    notebook: notebooks[0][1],
    notebookId: notebooks[0][0],
  };
}

/** The text of a base64 content attribute. */
export function decodeContent(resource: Record<string, unknown>): string {
  return Buffer.from(String(resource.content_base64), 'base64').toString('utf8');
}
