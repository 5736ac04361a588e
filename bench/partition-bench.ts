/**
 * npm run bench:partition [-- --jobs 100] [--groups 10] [--latency-ms 50] [--only one-stack|partitioned]
 *
 * What partitioning (docs/partitioning.md) saves, measured the way a user deploys: `npm run deploy -- dev --yes`
 * and `npm run plan -- dev` (synth, plan, summary, guard and record included) of one environment with N
 * generated jobs (bench/scaled-config.ts), against the emulator answering after `--latency-ms` with the
 * documented workspace rate limits. Side by side in the same run: the environment as one stack, and the same
 * environment partitioned into `--groups` workflow groups. For each: the first deploy (create), a plan with
 * nothing changed, and a deploy after one job's parameter changed. Merges `partition` into bench/results.json.
 * `--only` measures one layout (a first deploy of 1,000 jobs as one stack takes about 20 minutes).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawn } from 'node:child_process';
import { parseCli, runCli, UsageError } from '../bin/cli';
import { startEmulator } from '../emulator/server';
import { editYaml, phase, type Phase, printTable, ROOT, scaledConfig, writeResults } from './scaled-config';

const OUT = path.join(ROOT, 'bench', 'out', 'partition');
const TOKEN = 'dapi-bench-token';

interface Row {
  readonly jobs: number;
  readonly layout: string;
  readonly stacks: number;
  readonly create: Phase;
  readonly noChangePlan: Phase;
  readonly oneChangeDeploy: Phase;
  /** The 1-minute load average when the row finished (the machine may be shared). */
  readonly loadAverage: number;
}

/** Runs `bin/<command>.ts` with tsx, without blocking the event loop the emulator answers from. */
function command(name: string, args: string[], env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', path.join(ROOT, 'bin', `${name}.ts`), ...args],
      {
        cwd: ROOT,
        env,
        stdio: ['ignore', 'ignore', 'pipe'],
      },
    );
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 ? resolve() : reject(new Error(`${name} exited ${code}:\n${stderr.slice(-3000)}`)),
    );
  });
}

async function measure(jobs: number, groups: number, latencyMs: number): Promise<Row> {
  const layout = groups > 0 ? `${groups} groups` : 'one stack';
  const dir = path.join(OUT, `${jobs}-${groups}`);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  const configDir = scaledConfig(dir, jobs);
  if (groups > 0) {
    editYaml(path.join(configDir, 'project.yaml'), (doc) => {
      (doc.workflows as Array<{ group?: string }>).forEach((w, i) => (w.group = `g${i % groups}`));
    });
    editYaml(path.join(configDir, 'dev.yaml'), (doc) => {
      doc.partitioning = { enabled: true };
    });
  }
  // The scaled config's groups and run-as principals are not seeded: the bench times deploys, which the
  // principal checks do not change.
  const emulator = await startEmulator({
    port: 0,
    token: TOKEN,
    latencyMs,
    rateLimits: 'documented',
    strictPrincipals: false,
  });
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env))
    if (!key.startsWith('DATABRICKS_') && !key.startsWith('DEVOPS_')) env[key] = value;
  Object.assign(env, {
    CI: 'false',
    DATABRICKS_TOKEN: TOKEN,
    DEVOPS_CONFIG_DIR: configDir,
    CDKTF_OUTDIR: path.join(dir, 'out'),
    DEVOPS_STATE_DIR: path.join(dir, 'state'),
    DEVOPS_WORKSPACE_HOST: emulator.url,
    DEVOPS_PROVIDER_RETRY_TIMEOUT_SECONDS: '600',
  });
  try {
    process.stderr.write(`${jobs} jobs, ${layout}: create`);
    const create = await phase(emulator, jobs, () => command('deploy', ['dev', '--yes'], env));
    process.stderr.write(', no-change plan');
    const noChangePlan = await phase(emulator, jobs, () => command('plan', ['dev'], env));
    editYaml(path.join(configDir, 'project.yaml'), (doc) => {
      const workflows = doc.workflows as Array<{ parameters: Record<string, string> }>;
      workflows[0].parameters = { ...workflows[0].parameters, changed: 'yes' };
    });
    process.stderr.write(', one-change deploy\n');
    const oneChangeDeploy = await phase(emulator, jobs, () => command('deploy', ['dev', '--yes'], env));
    return {
      jobs,
      layout,
      stacks: groups > 0 ? groups + 2 : 1,
      create,
      noChangePlan,
      oneChangeDeploy,
      loadAverage: Number(os.loadavg()[0].toFixed(1)),
    };
  } finally {
    await emulator.close();
  }
}

const USAGE = `Usage: npm run bench:partition [-- --jobs 100] [--groups 10] [--latency-ms 50] [--only one-stack|partitioned]

First deploy, no-change plan and one-change deploy (npm run deploy / plan -- dev) of the dev environment with
N generated jobs, as one stack and partitioned into --groups workflow groups, side by side, against the
emulator with the documented workspace rate limits and the given latency. Prints a table and merges
\`partition\` into bench/results.json. --only measures one of the two layouts.`;

async function main(): Promise<number> {
  const { values } = parseCli(
    process.argv.slice(2),
    {
      jobs: { type: 'string' },
      groups: { type: 'string' },
      'latency-ms': { type: 'string' },
      only: { type: 'string' },
    },
    USAGE,
  );
  const jobs = Number(values.jobs ?? 100);
  const groups = Number(values.groups ?? 10);
  const latencyMs = Number(values['latency-ms'] ?? 50);
  if (!Number.isInteger(jobs) || jobs < 1 || !Number.isInteger(groups) || groups < 1 || !(latencyMs >= 0)) {
    throw new UsageError('--jobs and --groups take positive whole numbers, --latency-ms a number >= 0');
  }
  const only = values.only;
  if (only !== undefined && only !== 'one-stack' && only !== 'partitioned') {
    throw new UsageError('--only takes one-stack or partitioned');
  }
  const rows: Row[] = [];
  if (only !== 'partitioned') rows.push(await measure(jobs, 0, latencyMs));
  if (only !== 'one-stack') rows.push(await measure(jobs, groups, latencyMs));
  writeResults({
    partition: {
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
      'layout',
      'stacks',
      'create s',
      'no-change plan s',
      'one-change deploy s',
      'requests (one change)',
      'load',
    ],
    ...rows.map((r) =>
      [r.jobs, r.layout, r.stacks, r.create.seconds, r.noChangePlan.seconds, r.oneChangeDeploy.seconds]
        .concat([r.oneChangeDeploy.requests, r.loadAverage])
        .map(String),
    ),
  ];
  printTable(table);
  if (rows.length === 2) {
    const [one, split] = rows;
    const ratio = (a: Phase, b: Phase) => (a.seconds / b.seconds).toFixed(2);
    console.log(
      `one stack / partitioned: no-change plan ${ratio(one.noChangePlan, split.noChangePlan)}x, one-change deploy ${ratio(one.oneChangeDeploy, split.oneChangeDeploy)}x`,
    );
  }
  return 0;
}

runCli(USAGE, main);
