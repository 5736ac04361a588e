/** npm run smoke -- <env>: triggers the environment's smoke job and waits for the result. */
import { environmentArg, parseCli, PROJECT_ROOT, runCli } from './cli';
import { runSmokeJob } from '../ops/smoke-run';
import { stackContext } from '../ops/stack-context';

const USAGE = `Usage: npm run smoke -- <env> [--timeout-seconds N] [--poll-millis N]

Reads the smoke job id from the deployed stack's outputs, triggers a run, polls until it ends.
Exit codes: 0 SUCCESS, 1 the run failed (its state message is printed) or an error, 2 usage.`;

runCli(USAGE, async () => {
  const { values, positionals } = parseCli(
    process.argv.slice(2),
    { 'timeout-seconds': { type: 'string' }, 'poll-millis': { type: 'string' } },
    USAGE,
  );
  const environment = environmentArg(positionals);
  const result = await runSmokeJob(stackContext(PROJECT_ROOT, environment), {
    timeoutSeconds: values['timeout-seconds'] ? Number(values['timeout-seconds']) : undefined,
    pollMillis: values['poll-millis'] ? Number(values['poll-millis']) : undefined,
    log: (line) => console.error(line),
  });
  if (result.succeeded) {
    console.log(`${environment}: smoke run ${result.runId} succeeded`);
    return 0;
  }
  console.error(
    `${environment}: smoke run ${result.runId} ended ${result.lifeCycleState}/${result.resultState ?? 'no result'}: ${result.stateMessage ?? ''}`,
  );
  return 1;
});
