import { WorkspaceClient } from '../../ops/workspace-client';

/** A commit id of the fake remote: 40 hex digits derived from `n`. */
export const commitId = (n: number): string => n.toString(16).padStart(40, '0');

/**
 * One Git folder (repo id 7) behind a {@link WorkspaceClient}, as the Repos API serves it: GET
 * describes it, PATCH with its branch pulls the branch's head. `push()` moves the remote branch.
 */
export class FakeGitFolder {
  /** The commit the folder is at. */
  head = commitId(1);
  /** The head of the remote branch. */
  remoteHead = commitId(1);
  /** Requests made, as `METHOD path`. */
  readonly requests: string[] = [];
  readonly client: WorkspaceClient;

  constructor(readonly branch = 'release/1.3') {
    const fetchImpl = (async (url: string, init: RequestInit) => {
      const path = new URL(url).pathname;
      this.requests.push(`${init.method} ${path}`);
      if (path !== '/api/2.0/repos/7') return new Response('{"error_code":"NOT_FOUND"}', { status: 404 });
      if (init.method === 'PATCH') this.head = this.remoteHead;
      return new Response(JSON.stringify({ id: 7, branch: this.branch, head_commit_id: this.head }));
    }) as typeof fetch;
    this.client = new WorkspaceClient({
      host: 'https://dbc-1.cloud.databricks.com',
      env: { DATABRICKS_TOKEN: 'dapi-fake' },
      retries: 0,
      fetchImpl,
    });
  }

  /** Pushes a new commit to the remote branch (the folder does not see it until pulled). */
  push(n: number): string {
    this.remoteHead = commitId(n);
    return this.remoteHead;
  }

  /** The stack outputs of an environment whose folder this is, pinned to `pinned` ('' = not pinned). */
  outputs(pinned: string): Record<string, unknown> {
    return {
      repo_id: '7',
      git_ref: { branch: this.branch },
      repo_commit: pinned,
      repo_mount_path: '/Repos/x/y',
    };
  }
}
