/**
 * npm run bench:deploy [-- --sizes 10,100,300,1000] [--latency-ms 50]
 *
 * Plan and deploy time of one environment (dev) with N generated workflow jobs (bench/scaled-config.ts: plus
 * one all-purpose cluster per 10 jobs and every job's permissions), against the local emulator answering after
 * `--latency-ms` with the workspace rate limits Databricks documents (`--rate-limits documented`). For each N,
 * side by side in the same run, two provider settings:
 *  - baseline: the provider's defaults (`rate_limit` 15 requests per second);
 *  - ours: the project's defaults (`provider.rateLimit` of the environment, 20 unless configured).
 * Measures `terraform apply` from nothing (create), `terraform plan` with no change (refresh included), the same
 * plan without refresh (`-refresh=false -out`, a pull request's preview; see docs/plan-preview.md), `terraform
 * show -json` of that saved plan (what the plan summary reads) and `terraform apply` after one job's parameter
 * changed (one-change deploy): wall time, API requests per resource and 429s from the emulator's request log. Synth is measured by `npm run bench`, not here.
 * Prints a table and merges `deploy` into bench/results.json. N = 1,000 takes over half an hour per setting.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { spawn, spawnSync } from 'node:child_process';
import { parseCli, runCli, UsageError } from '../bin/cli';
import { startEmulator, type RunningEmulator } from '../emulator/server';
import { toolchain } from '../ops/toolchain';
import { DEFAULT_PROVIDER_RATE_LIMIT } from '../stacks/workspace-spec';
import { editYaml, phase, type Phase, printTable, ROOT, scaledConfig, writeResults } from './scaled-config';

const OUT = path.join(ROOT, 'bench', 'out', 'deploy');
const TOKEN = 'dapi-bench-token';
/** The provider's own client-side rate (databricks-sdk-go's default `rate_limit`). */
const PROVIDER_DEFAULT_RATE_LIMIT = 15;

interface Row {
  readonly jobs: number;
  readonly setting: string;
  readonly rateLimit: number;
  readonly resources: number;
  readonly create: Phase;
  readonly noChangePlan: Phase;
  /** The same no-change plan without refresh (`-refresh=false`, saved with `-out`): a pull request's preview. */
  readonly previewPlan: Phase;
  /** `terraform show -json` of that saved no-change plan, as the plan summary reads it. */
  readonly showJson: { readonly seconds: number; readonly megabytes: number };
  readonly oneChangeDeploy: Phase;
  /** The 1-minute load average when the row finished (the machine is shared). */
  readonly loadAverage: number;
}

function synth(configDir: string, outDir: string, emulator: RunningEmulator, stateDir: string): void {
  const res = spawnSync(process.execPath, [path.join(ROOT, 'bin', 'synth.js')], {
    cwd: ROOT,
    encoding: 'utf8',
    env: {
      ...process.env,
      DEVOPS_CONFIG_DIR: configDir,
      CDKTF_OUTDIR: outDir,
      DEVOPS_STATE_DIR: stateDir,
      DEVOPS_WORKSPACE_HOST: emulator.url,
      DEVOPS_PROVIDER_RETRY_TIMEOUT_SECONDS: '600',
      DEVOPS_GIT_SHA: '0000000000000000000000000000000000000000',
      DEVOPS_GIT_REF: 'bench',
    },
  });
  if (res.status !== 0) throw new Error(`synth failed (exit ${res.status}):\n${res.stderr.slice(-3000)}`);
}

/**
 * Runs terraform in `cwd` without blocking this process's event loop (the emulator answers from it).
 * @returns stdout; throws with the end of stderr unless the exit code is in `okCodes`
 */
function terraform(cwd: string, env: NodeJS.ProcessEnv, args: string[], okCodes = [0]): Promise<string> {
  const tc = toolchain(ROOT, env);
  return new Promise((resolve, reject) => {
    const child = spawn(tc.terraform, args, { cwd, env: tc.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) =>
      okCodes.includes(code ?? 1)
        ? resolve(stdout)
        : reject(new Error(`terraform ${args[0]} exited ${code}:\n${stderr.slice(-3000)}`)),
    );
  });
}

async function measure(jobs: number, setting: string, rateLimit: number, latencyMs: number): Promise<Row> {
  const dir = path.join(OUT, `${jobs}-${setting}`);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  const configDir = scaledConfig(dir, jobs);
  editYaml(path.join(configDir, 'dev.yaml'), (doc) => {
    doc.provider = { rateLimit };
  });
  // The scaled config's groups and run-as principals are not seeded: the bench counts requests, which the
  // principal checks do not change.
  const emulator = await startEmulator({
    port: 0,
    token: TOKEN,
    latencyMs,
    rateLimits: 'documented',
    strictPrincipals: false,
  });
  try {
    const outDir = path.join(dir, 'out');
    const stateDir = path.join(dir, 'state');
    synth(configDir, outDir, emulator, stateDir);
    const env: NodeJS.ProcessEnv = { DATABRICKS_TOKEN: TOKEN };
    for (const [key, value] of Object.entries(process.env))
      if (!key.startsWith('DATABRICKS_')) env[key] = value;
    env.DATABRICKS_TOKEN = TOKEN;
    const stackDir = path.join(outDir, 'stacks', 'dev');
    const tf = (args: string[], okCodes?: number[]) => terraform(stackDir, env, args, okCodes);
    await tf(['init', '-input=false', '-no-color']);
    process.stderr.write(`${jobs} jobs, ${setting}: create`);
    const create = await phase(emulator, 1, () =>
      tf(['apply', '-auto-approve', '-input=false', '-no-color']),
    );
    const state = (await tf(['state', 'list'])).split('\n').filter((line) => line.trim() !== '');
    const resources = state.filter((address) => !address.startsWith('data.')).length;
    process.stderr.write(', no-change plan');
    const noChangePlan = await phase(emulator, resources, () =>
      tf(['plan', '-detailed-exitcode', '-input=false', '-no-color'], [0]),
    );
    process.stderr.write(', preview (no refresh)');
    const previewFile = path.join(stackDir, 'preview.tfplan');
    const previewPlan = await phase(emulator, resources, () =>
      tf(
        ['plan', '-refresh=false', '-detailed-exitcode', '-input=false', '-no-color', `-out=${previewFile}`],
        [0],
      ),
    );
    process.stderr.write(', show -json');
    const showStarted = performance.now();
    const shown = await tf(['show', '-json', '-no-color', previewFile]);
    const showJson = {
      seconds: Number(((performance.now() - showStarted) / 1000).toFixed(1)),
      megabytes: Number((Buffer.byteLength(shown) / 1e6).toFixed(1)),
    };
    editYaml(path.join(configDir, 'project.yaml'), (doc) => {
      const workflows = doc.workflows as Array<{ parameters: Record<string, string> }>;
      workflows[0].parameters = { ...workflows[0].parameters, changed: 'yes' };
    });
    synth(configDir, outDir, emulator, stateDir);
    // Synth rewrites the stack folder, .terraform included: init again (offline, not timed).
    await tf(['init', '-input=false', '-no-color']);
    process.stderr.write(', one-change deploy\n');
    const oneChangeDeploy = await phase(emulator, resources, () =>
      tf(['apply', '-auto-approve', '-input=false', '-no-color']),
    );
    return {
      jobs,
      setting,
      rateLimit,
      resources,
      create: { ...create, requestsPerResource: Number((create.requests / resources).toFixed(2)) },
      noChangePlan,
      previewPlan,
      showJson,
      oneChangeDeploy,
      loadAverage: Number(os.loadavg()[0].toFixed(1)),
    };
  } finally {
    await emulator.close();
  }
}

const USAGE = `Usage: npm run bench:deploy [-- --sizes 10,100] [--latency-ms 50]

Create, no-change plan (with and without refresh, and show -json of it) and one-change deploy of the dev environment with N generated jobs, against the emulator
with the documented workspace rate limits and the given latency; the provider's default rate_limit (15/s) and
the project's default (provider.rateLimit, ${DEFAULT_PROVIDER_RATE_LIMIT}/s) side by side. Prints a table and merges \`deploy\` into
bench/results.json. --sizes 1000 works but takes over an hour.`;

async function main(): Promise<number> {
  const { values } = parseCli(
    process.argv.slice(2),
    { sizes: { type: 'string' }, 'latency-ms': { type: 'string' } },
    USAGE,
  );
  const sizes = (values.sizes ?? '10,100').split(',').map(Number);
  const latencyMs = Number(values['latency-ms'] ?? 50);
  if (sizes.some((n) => !Number.isInteger(n) || n < 1) || !(latencyMs >= 0)) {
    throw new UsageError('--sizes takes positive whole numbers, --latency-ms a number >= 0');
  }
  const rows: Row[] = [];
  for (const jobs of sizes) {
    rows.push(await measure(jobs, 'provider default', PROVIDER_DEFAULT_RATE_LIMIT, latencyMs));
    rows.push(await measure(jobs, 'ours', DEFAULT_PROVIDER_RATE_LIMIT, latencyMs));
  }
  writeResults({
    deploy: {
      date: new Date().toISOString(),
      latencyMs,
      rateLimits: 'documented',
      cores: os.cpus().length,
      rows,
    },
  });
  const table = [
    [
      'jobs',
      'resources',
      'setting',
      'rate_limit',
      'create s',
      'no-change plan s',
      'preview (no refresh) s',
      'show -json s',
      'one-change deploy s',
      'req/resource (plan)',
      '429s',
      'load',
    ],
    ...rows.map((r) => [
      String(r.jobs),
      String(r.resources),
      r.setting,
      String(r.rateLimit),
      String(r.create.seconds),
      String(r.noChangePlan.seconds),
      String(r.previewPlan.seconds),
      String(r.showJson.seconds),
      String(r.oneChangeDeploy.seconds),
      String(r.noChangePlan.requestsPerResource),
      String(
        r.create.throttled + r.noChangePlan.throttled + r.previewPlan.throttled + r.oneChangeDeploy.throttled,
      ),
      String(r.loadAverage),
    ]),
  ];
  printTable(table);
  for (let i = 0; i + 1 < rows.length; i += 2) {
    const [base, ours] = [rows[i], rows[i + 1]];
    const ratio = (a: Phase, b: Phase) => (a.seconds / b.seconds).toFixed(2);
    console.log(
      `${base.jobs} jobs, default/ours: create ${ratio(base.create, ours.create)}x, plan ${ratio(base.noChangePlan, ours.noChangePlan)}x, one-change deploy ${ratio(base.oneChangeDeploy, ours.oneChangeDeploy)}x, ` +
        `plan/preview (no refresh) ${ratio(base.noChangePlan, ours.previewPlan)}x`,
    );
  }
  return 0;
}

runCli(USAGE, main);
