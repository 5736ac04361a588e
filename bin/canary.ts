/**
 * npm run canary -- <env> --ref <branch> [--workflow <name>]... [--no-promote] [--yes]
 *
 * Runs each canary workflow of the environment on the candidate branch first (a canary Git folder, a
 * sample of the input, canary write targets), judges the runs, and either promotes (the normal deploy
 * of the environment) or stops with the reasons, the environment untouched.
 */
import { loadConfig } from '../app/config/load-config';
import { redactSecrets } from '../lib/text/secret-scan';
import { CanaryOutcome, CanaryWorkflow, runCanary } from '../ops/canary';
import { deployEnvironment } from '../ops/deploy-environment';
import { stackContext } from '../ops/stack-context';
import { environmentArg, parseCli, PROJECT_ROOT, requireConfirmation, runCli, UsageError } from './cli';

const USAGE = `Usage: npm run canary -- <env> --ref <branch> [--workflow <name>]... [--no-promote] [--yes]
                       [--timeout-seconds N] [--poll-millis N]

For every workflow marked canary in config/project.yaml (or those named by --workflow): checks out
<branch> in a canary Git folder beside the environment's (<repo_mount_path>-canary), runs a one-off
copy of the workflow's job on it with the sample fraction and canary write targets, and judges the
run: it must succeed (data-quality task included) and take at most maxDurationRatio x the median of
the workflow's recent successful runs. The canary job and folder are always removed again.
All canaries pass: promotes with the normal deploy of <env> (npm run deploy), which needs <branch>
to be the branch the environment tracks (git.branch in config/<env>.yaml); then checks the
environment's Git folder runs the commit the canary tested. One fails: stops, <env> untouched.

Exit codes: 0 passed (and promoted), 1 a canary failed or an error, 2 usage,
3 destroy guard tripped, 4 not promoted: no --yes and no terminal to confirm on.`;

runCli(USAGE, async () => {
  const { values, positionals } = parseCli(
    process.argv.slice(2),
    {
      ref: { type: 'string' },
      workflow: { type: 'string', multiple: true },
      'no-promote': { type: 'boolean' },
      yes: { type: 'boolean' },
      'timeout-seconds': { type: 'string' },
      'poll-millis': { type: 'string' },
    },
    USAGE,
  );
  const environment = environmentArg(positionals);
  const ref = values.ref;
  if (!ref) throw new UsageError('--ref <branch> is required: the candidate branch the canary runs');
  const config = loadConfig();
  const env = config.environments.find((e) => e.name === environment);
  if (!env) throw new UsageError(`no environment ${environment} in the config`);
  const promote = !values['no-promote'];
  if (promote && env.git.branch !== ref) {
    throw new UsageError(
      `${environment} tracks ${env.git.branch ? `branch ${env.git.branch}` : `tag ${env.git.tag}`} (git in ${env.file}), so promoting would not ship ${ref}. Point ${environment} at ${ref} first (a pull request), or pass --no-promote to only test it.`,
    );
  }
  const names = values.workflow ?? config.workflows.filter((w) => w.canary).map((w) => w.name);
  if (names.length === 0)
    throw new UsageError('no workflow is marked canary (workflows[].canary in project.yaml)');
  const ctx = stackContext(PROJECT_ROOT, environment);
  const jobIds = ctx.outputs.job_ids as Record<string, string>;
  const outcomes: CanaryOutcome[] = [];
  for (const name of names) {
    const w = config.workflows.find((x) => x.name === name);
    if (!w) throw new UsageError(`--workflow ${name}: no such workflow in project.yaml`);
    const targetParameters = env.values.workflowTargets[name] ?? [];
    const workflow: CanaryWorkflow = {
      name,
      jobId: Number(jobIds[name]),
      parameters: env.values.workflowParameters[name] ?? {},
      targetParameters,
      forbiddenTargets: config.environments.flatMap((e) =>
        (e.values.workflowTargets[name] ?? []).map((k) => e.values.workflowParameters[name]?.[k] ?? ''),
      ),
      spec: w.canary ?? {
        sampleFraction: 0.1,
        sampleParameter: 'sample_fraction',
        targets: {},
        maxDurationRatio: 1.5,
      },
    };
    const outcome = await runCanary(ctx, workflow, {
      git: { url: config.git.url, provider: config.git.provider },
      ref,
      timeoutSeconds: values['timeout-seconds'] ? Number(values['timeout-seconds']) : undefined,
      pollMillis: values['poll-millis'] ? Number(values['poll-millis']) : undefined,
      log: (line) => console.error(line),
    });
    outcomes.push(outcome);
    const { verdict, run } = outcome;
    // The run's state message comes from the workspace: it may quote anything the notebook printed.
    console.log(
      redactSecrets(
        verdict.passed
          ? `canary ${name} on ${ref} (${outcome.commit}) passed: run ${run.runId} ${run.resultState} in ${run.durationMillis} ms${verdict.baselineMillis !== undefined ? ` (median of recent runs ${verdict.baselineMillis} ms)` : ' (no recent runs to compare the duration with)'}`
          : `canary ${name} on ${ref} (${outcome.commit}) FAILED: ${verdict.reasons.join('; ')}${run.runPageUrl ? ` (${run.runPageUrl})` : ''}`,
      ),
    );
  }
  if (outcomes.some((o) => !o.verdict.passed)) {
    console.error(`Not promoted: ${environment} is untouched (the canary job and Git folder were removed).`);
    return 1;
  }
  if (!promote) return 0;
  const tested = outcomes[0].commit;
  const running = await deployEnvironment({
    toolchainRoot: PROJECT_ROOT,
    programDir: PROJECT_ROOT,
    environment,
    confirm: (action) => requireConfirmation(action, values.yes === true),
    print: (text) => console.log(text),
    log: (line) => console.error(line),
  });
  if (running !== tested) {
    console.error(
      `Promoted, but ${environment}'s Git folder is at ${running}, not at ${tested} which the canary tested: ${ref} moved meanwhile. Run the canary again on the new head.`,
    );
    return 1;
  }
  console.log(`Promoted: ${environment} runs ${ref} at ${tested}, the commit the canary tested.`);
  return 0;
});
