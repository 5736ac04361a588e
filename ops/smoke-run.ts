import { StackContext } from './stack-context';
import { sleep } from './workspace-client';

/** How a smoke run ended. */
export interface SmokeResult {
  readonly runId: number;
  readonly lifeCycleState: string;
  readonly resultState?: string;
  readonly stateMessage?: string;
  readonly runPageUrl?: string;
  readonly succeeded: boolean;
}

interface RunState {
  run_id: number;
  run_page_url?: string;
  state: { life_cycle_state: string; result_state?: string; state_message?: string };
}

const FINAL = new Set(['TERMINATED', 'SKIPPED', 'INTERNAL_ERROR']);

/** Options of {@link runSmokeJob}. */
export interface SmokeOptions {
  /** @default 3600 */
  readonly timeoutSeconds?: number;
  /** @default 2000 */
  readonly pollMillis?: number;
  readonly log?: (line: string) => void;
}

/**
 * Triggers the environment's smoke job (id from the stack outputs) and waits for it to end.
 * Succeeds only on result state SUCCESS.
 */
export async function runSmokeJob(ctx: StackContext, options: SmokeOptions = {}): Promise<SmokeResult> {
  const jobId = Number(ctx.outputs.smoke_job_id);
  if (!Number.isFinite(jobId)) throw new Error(`The ${ctx.environment} stack has no smoke_job_id output.`);
  const log = options.log ?? (() => undefined);
  const { run_id: runId } = await ctx.client.send<{ run_id: number }>('POST', '/api/2.2/jobs/run-now', {
    job_id: jobId,
  });
  log(`smoke job ${jobId}: run ${runId} started`);
  const deadline = Date.now() + (options.timeoutSeconds ?? 3600) * 1000;
  let last = '';
  for (;;) {
    const run = await ctx.client.get<RunState>('/api/2.2/jobs/runs/get', { run_id: runId });
    const s = run.state;
    if (s.life_cycle_state !== last) log(`run ${runId}: ${s.life_cycle_state}`);
    last = s.life_cycle_state;
    if (FINAL.has(s.life_cycle_state)) {
      return {
        runId,
        lifeCycleState: s.life_cycle_state,
        resultState: s.result_state,
        stateMessage: s.state_message,
        runPageUrl: run.run_page_url,
        succeeded: s.result_state === 'SUCCESS',
      };
    }
    if (Date.now() > deadline) {
      throw new Error(
        `smoke run ${runId} did not finish within ${options.timeoutSeconds ?? 3600} s (last state ${s.life_cycle_state})`,
      );
    }
    await sleep(options.pollMillis ?? 2000);
  }
}
