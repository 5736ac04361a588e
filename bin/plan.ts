/**
 * `npm run plan -- <env>`: synthesize, plan one environment with Terraform, and summarize the plan
 * for review (Markdown on stdout and beside the plan, JSON beside the plan), with the destroy guard.
 * Run with --help for usage and exit codes.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { StackConfigJson, TerraformPlanJson } from '../lib/plan-summary/plan-json';
import { renderPlanSummaryMarkdown } from '../lib/plan-summary/render-markdown';
import { summarizePlan } from '../lib/plan-summary/summarize-plan';
import { Toolchain, toolchain } from '../lib/toolchain';

const PROJECT_ROOT = resolve(__dirname, '..');

const USAGE = `Usage: npm run plan -- <environment> [--allow-destroy <address>]... [--out-dir DIR]

Synthesizes the program, runs terraform init and plan for one environment, and writes a
review summary: plan-summary.md (also printed on stdout) and plan-summary.json, beside the
saved plan in DIR/stacks/<environment>/plan.tfplan. Progress and Terraform's messages go to stderr.

Options:
  --allow-destroy <address>  allow the plan to delete or replace this protected resource
                             (repeat for each; the address as the summary shows it)
  --out-dir DIR              synthesis output folder (default: $CDKTF_OUTDIR or cdktf.out)
  -h, --help                 show this help

Exit codes:
  0  no changes
  2  changes present (as terraform plan -detailed-exitcode; use it to detect drift)
  3  destroy guard: the plan deletes or replaces a protected resource not named by --allow-destroy
  1  error (synthesis, terraform, unknown environment, missing toolchain)

Protected: resources their construct marks protected; in prod also every databricks_repo, every
databricks_secret_scope and everything whose construct path contains /Backup.
Terraform runs with the project toolchain (npm run setup:terraform); DATABRICKS_* variables pass through.`;

/** A failure with a message for the user; exit code 1. */
class PlanError extends Error {}

function main(argv: string[]): number {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      'allow-destroy': { type: 'string', multiple: true, default: [] },
      'out-dir': { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(USAGE + '\n');
    return 0;
  }
  if (positionals.length !== 1)
    throw new PlanError(`expected exactly one environment, got ${positionals.length}\n\n${USAGE}`);
  const [environment] = positionals;
  const outDir = resolve(values['out-dir'] ?? process.env.CDKTF_OUTDIR ?? join(PROJECT_ROOT, 'cdktf.out'));
  const tc = toolchain(PROJECT_ROOT);

  log(`synthesizing into ${outDir}`);
  const synth = spawnSync('npx', ['tsx', 'main.ts'], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, CDKTF_OUTDIR: outDir },
    stdio: ['ignore', process.stderr, process.stderr],
  });
  if (synth.status !== 0)
    throw new PlanError(`synthesis failed (npx tsx main.ts exited ${synth.status}); see above`);

  const stackDir = join(outDir, 'stacks', environment);
  if (!existsSync(join(stackDir, 'cdk.tf.json'))) {
    const known = existsSync(join(outDir, 'stacks'))
      ? readdirSync(join(outDir, 'stacks')).sort().join(', ')
      : 'none';
    throw new PlanError(`unknown environment "${environment}": synthesis produced stacks for ${known}`);
  }

  log(`terraform init in ${stackDir}`);
  terraform(tc, stackDir, ['init', '-input=false', '-no-color']);
  log(`terraform plan (${environment})`);
  const plan = terraform(
    tc,
    stackDir,
    ['plan', '-input=false', '-no-color', '-out=plan.tfplan', '-detailed-exitcode'],
    [0, 2],
  );
  // The plan JSON holds sensitive values in clear: it is parsed in memory, never written or printed.
  const planJson = JSON.parse(
    terraform(tc, stackDir, ['show', '-json', 'plan.tfplan']).stdout,
  ) as TerraformPlanJson;
  const stackConfig = JSON.parse(readFileSync(join(stackDir, 'cdk.tf.json'), 'utf8')) as StackConfigJson;

  const summary = summarizePlan({
    environment,
    plan: planJson,
    stackConfig,
    allowDestroy: values['allow-destroy'],
  });
  const markdown = renderPlanSummaryMarkdown(summary);
  writeFileSync(join(stackDir, 'plan-summary.md'), markdown);
  writeFileSync(join(stackDir, 'plan-summary.json'), JSON.stringify(summary, null, 2) + '\n');
  process.stdout.write(markdown);
  log(`wrote ${join(stackDir, 'plan-summary.md')} and plan-summary.json`);

  for (const address of summary.destroyGuard.unused) {
    log(`warning: --allow-destroy ${address} names no protected resource this plan deletes or replaces`);
  }
  if (summary.destroyGuard.blocked.length > 0) {
    log('destroy guard: the plan deletes or replaces protected resources:');
    for (const address of summary.destroyGuard.blocked) log(`  ${address}`);
    log('rerun with --allow-destroy <address> for each if that is intended');
    return 3;
  }
  return plan.status;
}

/** Runs terraform in the stack folder; a status outside `ok` is an error with Terraform's own message. */
function terraform(tc: Toolchain, cwd: string, args: string[], ok = [0]): { status: number; stdout: string } {
  const result = spawnSync(tc.terraform, args, {
    cwd,
    env: tc.env,
    encoding: 'utf8',
    maxBuffer: 512 * 1024 * 1024,
  });
  if (result.error) throw new PlanError(`terraform ${args[0]} could not start: ${result.error.message}`);
  const status = result.status ?? 1;
  if (!ok.includes(status)) {
    process.stderr.write(result.stderr + (args[0] === 'show' ? '' : result.stdout));
    throw new PlanError(
      `terraform ${args[0]} failed in ${cwd} (exit ${status}); Terraform's output is above`,
    );
  }
  return { status, stdout: result.stdout };
}

function log(message: string): void {
  process.stderr.write(`plan: ${message}\n`);
}

try {
  process.exitCode = main(process.argv.slice(2));
} catch (error) {
  log(`error: ${(error as Error).message}`);
  process.exitCode = 1;
}
