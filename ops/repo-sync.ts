import { StackContext } from './stack-context';

/** What a sync did. */
export interface SyncResult {
  readonly repoId: string;
  readonly branch?: string;
  readonly before: string;
  readonly after: string;
  /** The planned commit the folder is pinned to (the stack's `repo_commit`); undefined when not pinned. */
  readonly pinned?: string;
}

/** The Git folder as the Repos API describes it. */
export interface RepoInfo {
  readonly id: number;
  readonly branch?: string;
  readonly head_commit_id?: string;
}

/** The Git folder of a deployed environment: its id, ref and pinned commit from the stack's outputs. */
export interface DeployedRepo {
  readonly repoId: string;
  readonly ref: { readonly branch?: string; readonly tag?: string };
  /** The planned commit (`repo_commit` output), when the stack pins one. */
  readonly pinned?: string;
}

/** Reads the Git folder's id, ref and pinned commit from a deployed environment's outputs. */
export function deployedRepo(ctx: Pick<StackContext, 'environment' | 'outputs'>): DeployedRepo {
  const repoId = String(ctx.outputs.repo_id ?? '');
  if (!repoId) throw new Error(`The ${ctx.environment} stack has no repo_id output.`);
  const ref = (ctx.outputs.git_ref ?? {}) as { branch?: string; tag?: string };
  const pinned = typeof ctx.outputs.repo_commit === 'string' && ctx.outputs.repo_commit !== '';
  return { repoId, ref, ...(pinned ? { pinned: ctx.outputs.repo_commit as string } : {}) };
}

/** The Git folder is not at the commit that was planned: pulling would run unreviewed code. */
export class PinnedCommitError extends Error {
  constructor(environment: string, repoId: string, pinned: string, actual: string) {
    super(
      `The ${environment} Git folder (repo ${repoId}) is at ${actual || 'no commit'}, not at the planned ` +
        `commit ${pinned} (stack output repo_commit). Its ref moved after the plan, or the folder was moved ` +
        "outside a deploy; sync does not pull, because the ref's head was never reviewed. Deploy the commit " +
        `to run (npm run deploy -- ${environment} from a clean checkout of it): Terraform moves the folder and ` +
        'checks it reached that commit.',
    );
    this.name = 'PinnedCommitError';
  }
}

/**
 * Brings the environment's Git folder to what the deploy means it to run.
 *
 * - Pinned to a planned commit (the stack's `repo_commit`): the folder must be at that commit. It is
 *   left alone when it is (a pull would move it to whatever the branch's head is now, which nobody
 *   reviewed); otherwise {@link PinnedCommitError}.
 * - On a branch, not pinned: pulls it to the head of its branch. Terraform's databricks_repo only
 *   switches refs; it never pulls new commits on the same branch (terraform-provider-databricks
 *   issues 2480 and 1249), so after a deploy the folder could run stale code. The Repos API's update
 *   with the same branch pulls.
 * - On a tag: already exact, left alone.
 */
export async function syncRepoMount(
  ctx: Pick<StackContext, 'environment' | 'outputs' | 'client'>,
): Promise<SyncResult> {
  const { repoId, ref, pinned } = deployedRepo(ctx);
  const before = await ctx.client.get<RepoInfo>(`/api/2.0/repos/${repoId}`);
  const head = before.head_commit_id ?? '';
  if (pinned !== undefined) {
    if (head !== pinned) throw new PinnedCommitError(ctx.environment, repoId, pinned, head);
    return { repoId, ...(ref.branch ? { branch: ref.branch } : {}), before: head, after: head, pinned };
  }
  if (!ref.branch) return { repoId, before: head, after: head };
  await ctx.client.send('PATCH', `/api/2.0/repos/${repoId}`, { branch: ref.branch });
  const after = await ctx.client.get<RepoInfo>(`/api/2.0/repos/${repoId}`);
  return { repoId, branch: ref.branch, before: head, after: after.head_commit_id ?? '' };
}
