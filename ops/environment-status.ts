import { deployedRepo, RepoInfo } from './repo-sync';
import { StackContext } from './stack-context';

/** What a deployed environment runs (`npm run status`). */
export interface EnvironmentStatus {
  readonly environment: string;
  readonly host: string;
  /** Commit of this program that deployed it (`<sha>-dirty`: from uncommitted changes, dev only). */
  readonly deployed_git_sha: unknown;
  readonly deployed_git_ref: unknown;
  readonly repo_mount_path: unknown;
  /** Branch or tag the Git folder tracks. */
  readonly repo_ref?: string;
  /** The planned commit the Git folder is pinned to; null when the stack pins none. */
  readonly repo_planned_commit: string | null;
  /** The commit the workspace's Git folder is at now (Repos API). */
  readonly repo_commit: string | null;
  /** Whether the folder is at the planned commit; null when nothing is pinned. */
  readonly repo_at_planned_commit: boolean | null;
  readonly smoke_job_id: unknown;
}

/**
 * Reads what a deployed environment runs: the deployment record and ids from its state's outputs,
 * and the commit its Git folder is at from the workspace, beside the commit that was planned.
 */
export async function environmentStatus(
  ctx: Pick<StackContext, 'environment' | 'host' | 'outputs' | 'client'>,
): Promise<EnvironmentStatus> {
  const { outputs } = ctx;
  const { repoId, ref, pinned } = deployedRepo(ctx);
  const repo = await ctx.client.get<RepoInfo>(`/api/2.0/repos/${repoId}`);
  const commit = repo.head_commit_id || null;
  return {
    environment: ctx.environment,
    host: ctx.host,
    deployed_git_sha: outputs.deployed_git_sha,
    deployed_git_ref: outputs.deployed_git_ref,
    repo_mount_path: outputs.repo_mount_path,
    repo_ref: ref.branch ?? ref.tag,
    repo_planned_commit: pinned ?? null,
    repo_commit: commit,
    repo_at_planned_commit: pinned === undefined ? null : commit === pinned,
    smoke_job_id: outputs.smoke_job_id,
  };
}
