import { WorkspaceClient } from './workspace-client';

/** The array properties of a job's settings that jobs/get (API 2.2) returns 100 at a time. */
const PAGED_SETTINGS = ['tasks', 'job_clusters', 'parameters', 'environments'] as const;

/** A job as jobs/get returns it: id, settings and the fields beside them. */
export interface LiveJob {
  readonly job_id: number;
  readonly settings: Record<string, unknown>;
  readonly [field: string]: unknown;
}

interface JobPage extends LiveJob {
  readonly has_more?: boolean;
  readonly next_page_token?: string;
}

/**
 * Reads a whole job (`jobs/get`, API 2.2): a job with more than 100 tasks, job clusters, parameters
 * or environments comes in pages (`next_page_token`), whose arrays are appended here. A single call
 * would see only the first 100 (a clone or an export of a large job would lose the rest).
 */
export async function readJob(client: WorkspaceClient, jobId: number): Promise<LiveJob> {
  const first = await client.get<JobPage>('/api/2.2/jobs/get', { job_id: jobId });
  const settings: Record<string, unknown> = { ...first.settings };
  let token = first.next_page_token;
  while (token) {
    const page = await client.get<JobPage>('/api/2.2/jobs/get', { job_id: jobId, page_token: token });
    for (const field of PAGED_SETTINGS) {
      const more = page.settings?.[field];
      if (Array.isArray(more)) settings[field] = [...((settings[field] as unknown[]) ?? []), ...more];
    }
    token = page.has_more === false ? undefined : page.next_page_token;
  }
  const job: Record<string, unknown> = { ...first, settings };
  delete job.has_more;
  delete job.next_page_token;
  return job as LiveJob;
}
