import { applyPlanned, assertDestroyGuard, planEnvironment } from './deploy-flow';
import { configPartitions, deployPartitioned, skippedLine, synthPartitioned } from './partitioned-flow';
import { syncRepoMount } from './repo-sync';
import { stackContext } from './stack-context';

/** Options of {@link deployEnvironment}. */
export interface DeployOptions {
  /** The project holding `.tools/`. */
  readonly toolchainRoot: string;
  /** The program to synthesize (the project, or a rollback worktree). */
  readonly programDir: string;
  readonly environment: string;
  /** Addresses of protected resources the plan may destroy. @default [] */
  readonly allowDestroy?: readonly string[];
  /** Sync the Git folder after apply. @default true */
  readonly sync?: boolean;
  /** Asks before applying; throws when the answer is no (the command decides how to ask). */
  readonly confirm: (action: string) => Promise<void>;
  /** Where the plan summary goes. */
  readonly print: (text: string) => void;
  /** Where progress goes. */
  readonly log: (line: string) => void;
  /** A partitioned environment: plan every stack, unchanged or not. @default false */
  readonly allStacks?: boolean;
}

/**
 * `npm run deploy`'s sequence: synthesize, plan, print the summary, check the destroy guard, apply the
 * saved plan after confirmation, then sync the Git folder (a folder pinned to the planned commit must
 * be at it; an unpinned branch is pulled to its head). Returns the Git folder's commit after sync.
 * A partitioned environment deploys stack by stack, skipping the unchanged ones (ops/partitioned-flow.ts).
 */
export async function deployEnvironment(options: DeployOptions): Promise<string | undefined> {
  const { environment } = options;
  if (configPartitions(environment)) {
    const flow = {
      toolchainRoot: options.toolchainRoot,
      programDir: options.programDir,
      environment,
      allowDestroy: [...(options.allowDestroy ?? [])],
      allStacks: options.allStacks,
      confirm: options.confirm,
      print: options.print,
      log: options.log,
    };
    const result = await deployPartitioned(flow, synthPartitioned(flow)!);
    for (const d of result.skipped) options.log(skippedLine(d));
  } else {
    await deploySingleStack(options);
  }
  if (options.sync === false) return undefined;
  const sync = await syncRepoMount(stackContext(options.programDir, environment));
  options.log(
    sync.pinned
      ? `Git folder at the planned commit ${sync.pinned}`
      : sync.branch
        ? `Git folder on ${sync.branch} at ${sync.after}`
        : `Git folder on a tag at ${sync.after}`,
  );
  return sync.pinned ?? sync.after;
}

/** Plan, summary, destroy guard and apply of an environment's one stack. */
async function deploySingleStack(options: DeployOptions): Promise<void> {
  const planned = planEnvironment({
    toolchainRoot: options.toolchainRoot,
    programDir: options.programDir,
    environment: options.environment,
    allowDestroy: [...(options.allowDestroy ?? [])],
  });
  options.print(planned.markdown);
  assertDestroyGuard(planned);
  if (planned.summary.hasChanges) {
    await options.confirm(`apply this plan to ${options.environment}`);
    await applyPlanned(planned);
  }
}
