/** npm run export-jobs -- <env>: the job definition store (live job JSON for Git, and drift from the stack). */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { environmentArg, parseCli, PROJECT_ROOT, projectPath, runCli } from './cli';
import { exportJobs, renderExportReport, StateResource } from '../ops/job-definitions';
import { stackContext } from '../ops/stack-context';

const USAGE = `Usage: npm run export-jobs -- <env> [--out DIR]

Reads every job of the deployed environment from the workspace (jobs/get) and writes its live
definition as JSON ({ job_id, settings }, keys sorted) to DIR/<job name>.json, a folder meant to be
committed to Git, then reports field by field where each live job differs from the stack. A job
deleted in the workspace keeps its last stored file; npm run deploy -- <env> recreates it.
Needs the synthesized stack (npm run synth) and the environment's state.

  --out DIR   the store @default jobs/<env>
Exit codes: 0 every live job matches the stack, 4 some job differs or was deleted, 1 error, 2 usage.`;

runCli(USAGE, async () => {
  const { values, positionals } = parseCli(process.argv.slice(2), { out: { type: 'string' } }, USAGE);
  const environment = environmentArg(positionals);
  const outDir = path.resolve(values.out ?? projectPath('jobs', environment));
  const ctx = stackContext(PROJECT_ROOT, environment);
  const result = await exportJobs({
    environment,
    stack: JSON.parse(fs.readFileSync(path.join(ctx.stackDir, 'cdk.tf.json'), 'utf8')),
    state: ctx.runner.stateResources<StateResource>(),
    client: ctx.client,
    outDir,
  });
  const shown = path.relative(process.cwd(), outDir);
  console.log(renderExportReport(environment, shown.startsWith('..') ? outDir : shown || '.', result));
  return result.jobs.some((j) => j.status === 'differs' || j.status === 'deleted') ? 4 : 0;
});
