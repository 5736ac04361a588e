import { StackContext } from './stack-context';

/** What a sync did. */
export interface SyncResult {
  readonly repoId: string;
  readonly branch?: string;
  readonly before: string;
  readonly after: string;
}

interface RepoInfo {
  id: number;
  branch?: string;
  head_commit_id?: string;
}

/**
 * Pulls the environment's Git folder to the head of its branch. Terraform's databricks_repo only
 * switches refs; it never pulls new commits on the same branch (terraform-provider-databricks
 * issues 2480 and 1249), so after a deploy the folder could run stale code. The Repos API's update
 * with the same branch pulls. A folder on a tag is already exact and is left alone.
 */
export async function syncRepoMount(ctx: StackContext): Promise<SyncResult> {
  const repoId = String(ctx.outputs.repo_id ?? '');
  const ref = (ctx.outputs.git_ref ?? {}) as { branch?: string; tag?: string };
  if (!repoId) throw new Error(`The ${ctx.environment} stack has no repo_id output.`);
  const before = await ctx.client.get<RepoInfo>(`/api/2.0/repos/${repoId}`);
  if (!ref.branch) {
    return { repoId, before: before.head_commit_id ?? '', after: before.head_commit_id ?? '' };
  }
  await ctx.client.send('PATCH', `/api/2.0/repos/${repoId}`, { branch: ref.branch });
  const after = await ctx.client.get<RepoInfo>(`/api/2.0/repos/${repoId}`);
  return {
    repoId,
    branch: ref.branch,
    before: before.head_commit_id ?? '',
    after: after.head_commit_id ?? '',
  };
}
