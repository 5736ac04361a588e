/**
 * cdktf records a full stack trace (with `Error.stackTraceLimit` raised to the maximum) for every
 * token it creates — several per resource attribute object, thousands per stack — only to print
 * it if that token later fails to resolve. Profiling synth showed this as the largest single cost
 * (about a third of a 100-jobs-per-environment synth). This turns the capture off unless
 * `DEVOPS_TOKEN_STACK_TRACES=1` asks for it while debugging a resolution error.
 *
 * It replaces the export of cdktf's private `stack-trace` module, which its callers read at call
 * time (`(0, stack_trace_1.captureStackTrace)()`); if a cdktf upgrade changes that, the override
 * simply has no effect (synth stays correct, only slower).
 */
export function disableTokenStackTraces(env: NodeJS.ProcessEnv = process.env): boolean {
  if (env.DEVOPS_TOKEN_STACK_TRACES === '1') return false;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const mod = require('cdktf/lib/tokens/private/stack-trace') as { captureStackTrace: () => string[] };
    mod.captureStackTrace = () => [];
    return true;
  } catch {
    return false;
  }
}
