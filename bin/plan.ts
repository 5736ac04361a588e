/**
 * `npm run plan -- <env>`: synthesize, plan one environment with Terraform, and summarize the plan
 * for review (Markdown on stdout and beside the plan, JSON beside the plan), with the destroy guard.
 * Run with --help for usage and exit codes.
 */
import * as path from 'node:path';
import { environmentArg, parseCli, PROJECT_ROOT, runCli } from './cli';
import { assertDestroyGuard, planEnvironment } from '../ops/deploy-flow';
import { configPartitions, planPartitioned, synthPartitioned } from '../ops/partitioned-flow';

const USAGE = `Usage: npm run plan -- <environment> [--preview] [--allow-destroy <address>]... [--out-dir DIR]

Synthesizes the program, runs terraform init and plan for one environment, and writes a
review summary: plan-summary.md (also printed on stdout) and plan-summary.json, beside the
saved plan in DIR/stacks/<environment>/plan.tfplan. Progress and Terraform's messages go to stderr.

Options:
  --preview                  a pull request's preview: plan without refresh (-refresh=false) when the last
                             full refresh of the environment's state is at most plan.previewMaxStalenessHours
                             old and the state is unchanged since; else refresh as usual. The summary says
                             which, and when the last full refresh ran. Every plan that refreshes records it
                             in DIR.plans/<environment>/last-refresh.json (docs/plan-preview.md)
  --allow-destroy <address>  allow the plan to delete or replace this protected resource
                             (repeat for each; the address as the summary shows it)
  --out-dir DIR              synthesis output folder (default: $CDKTF_OUTDIR or cdktf.out)
  --all-stacks               a partitioned environment (partitioning.enabled): plan every stack; by default
                             a stack whose synthesized content is unchanged since its last clean apply and
                             whose last refresh is within partitioning.maxStalenessHours is skipped and
                             listed as such (docs/partitioning.md)
  -h, --help                 show this help

Exit codes:
  0  no changes
  2  changes present (as terraform plan -detailed-exitcode; use it to detect drift)
  3  destroy guard: the plan deletes or replaces a protected resource not named by --allow-destroy
  1  error (synthesis, terraform, unknown environment, missing toolchain)

Protected: resources their construct marks protected, the kinds the environment's config lists in
\`protected\` (also once the code drops them), and in prod every databricks_repo, every
databricks_secret_scope and everything whose construct path contains /Backup.
Terraform runs with the project toolchain (npm run setup:terraform); DATABRICKS_* variables pass through.`;

runCli(USAGE, async () => {
  const { values, positionals } = parseCli(
    process.argv.slice(2),
    {
      'allow-destroy': { type: 'string', multiple: true },
      'out-dir': { type: 'string' },
      preview: { type: 'boolean' },
      'all-stacks': { type: 'boolean' },
    },
    USAGE,
  );
  const environment = environmentArg(positionals);
  const env = values['out-dir']
    ? { ...process.env, CDKTF_OUTDIR: path.resolve(values['out-dir']) }
    : process.env;
  const flow = {
    toolchainRoot: PROJECT_ROOT,
    programDir: PROJECT_ROOT,
    environment,
    allowDestroy: values['allow-destroy'] ?? [],
    preview: values.preview === true,
    env,
    log: (line: string) => process.stderr.write(`plan: ${line}\n`),
  };
  if (configPartitions(environment, env)) {
    // One summary per planned stack; the unchanged ones are listed as skipped (docs/partitioning.md).
    const result = await planPartitioned(
      { ...flow, allStacks: values['all-stacks'] === true },
      synthPartitioned(flow)!,
    );
    process.stdout.write(result.markdown);
    for (const { planned } of result.planned) assertDestroyGuard(planned);
    return result.hasChanges ? 2 : 0;
  }
  const planned = planEnvironment(flow);
  // The plan JSON holds sensitive values in clear: it is parsed in memory, never written or printed.
  process.stdout.write(planned.markdown);
  for (const address of planned.summary.destroyGuard.unused) {
    process.stderr.write(
      `plan: warning: --allow-destroy ${address} names no protected resource this plan deletes or replaces\n`,
    );
  }
  assertDestroyGuard(planned);
  return planned.summary.hasChanges ? 2 : 0;
});
