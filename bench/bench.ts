/**
 * npm run bench [-- --runs N] [--sizes 10,100,1000] [--skip-baseline]
 *
 * Measures, side by side:
 *  (a) `npm run synth` of the default project (three stacks): wall time and peak RSS, median of N
 *      runs after one warm-up;
 *  (b) a naive baseline generated from this program the way cdktf's template sets a project up:
 *      `cdktf synth` with `"app": "npx ts-node main.ts"` (type-checking on every start) and the
 *      provider's package index loaded (`import '@cdktf/provider-databricks'`, as index imports do);
 *  (c) scaling: generated configs with 10, 100 and 1,000 workflow jobs per environment (plus one
 *      all-purpose cluster per 10 jobs, and every job's permissions), synthesized by `npm run synth`.
 * Prints a table and writes bench/results.json. Peak RSS comes from GNU time (`/usr/bin/time`).
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseCli, runCli, UsageError } from '../bin/cli';
import { printTable, ROOT, scaledConfig, writeResults } from './scaled-config';

const OUT = path.join(ROOT, 'bench', 'out');
const TIME = '/usr/bin/time';

interface Sample {
  readonly wallSeconds: number;
  readonly peakRssMb: number;
}

interface Measurement {
  readonly name: string;
  readonly runs: number;
  readonly medianWallSeconds: number;
  readonly medianPeakRssMb: number;
  readonly samples: readonly Sample[];
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

/** Runs a command under GNU time; returns wall seconds and the peak RSS of the largest process. */
function timed(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv): Sample {
  const res = spawnSync(TIME, ['-f', '__BENCH__ %e %M', command, ...args], { cwd, env, encoding: 'utf8' });
  const line = /__BENCH__ ([\d.]+) (\d+)/.exec(res.stderr ?? '');
  if (res.status !== 0 || !line) {
    throw new Error(
      `${command} ${args.join(' ')} failed (exit ${res.status}):\n${(res.stderr ?? '').slice(-3000)}`,
    );
  }
  return { wallSeconds: Number(line[1]), peakRssMb: Math.round(Number(line[2]) / 1024) };
}

function measure(name: string, runs: number, run: () => Sample): Measurement {
  process.stderr.write(`${name}: warm-up`);
  run();
  const samples: Sample[] = [];
  for (let i = 0; i < runs; i++) {
    process.stderr.write(` ${i + 1}`);
    samples.push(run());
  }
  process.stderr.write('\n');
  return {
    name,
    runs,
    medianWallSeconds: median(samples.map((s) => s.wallSeconds)),
    medianPeakRssMb: median(samples.map((s) => s.peakRssMb)),
    samples,
  };
}

/** Environment for a synth run: its own output folder, no git lookups, a fixed deployment record. */
function synthEnv(outdir: string, configDir?: string): NodeJS.ProcessEnv {
  return {
    ...process.env,
    CDKTF_OUTDIR: outdir,
    DEVOPS_GIT_SHA: '0000000000000000000000000000000000000000',
    DEVOPS_GIT_REF: 'bench',
    CHECKPOINT_DISABLE: '1',
    ...(configDir ? { DEVOPS_CONFIG_DIR: configDir } : {}),
  };
}

/**
 * The naive program: a copy of this one whose cdktf.json runs `npx ts-node main.ts` (type-checking)
 * and whose main.ts loads the provider's package index, synthesized with `cdktf synth`.
 */
function makeNaiveBaseline(): string {
  const dir = path.join(OUT, 'naive');
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  for (const entry of [
    'main.ts',
    'lib',
    'app',
    'stacks',
    'config',
    'assets',
    'requirements',
    'package.json',
    'tsconfig.json',
  ]) {
    fs.cpSync(path.join(ROOT, entry), path.join(dir, entry), { recursive: true });
  }
  fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  const cdktf = JSON.parse(fs.readFileSync(path.join(ROOT, 'cdktf.json'), 'utf8'));
  fs.writeFileSync(
    path.join(dir, 'cdktf.json'),
    JSON.stringify({ ...cdktf, app: 'npx ts-node main.ts' }, null, 2),
  );
  const tsconfig = JSON.parse(fs.readFileSync(path.join(ROOT, 'tsconfig.json'), 'utf8'));
  tsconfig.include = ['main.ts', 'lib/**/*.ts', 'app/**/*.ts', 'stacks/**/*.ts'];
  fs.writeFileSync(path.join(dir, 'tsconfig.json'), JSON.stringify(tsconfig, null, 2));
  const main = fs.readFileSync(path.join(dir, 'main.ts'), 'utf8');
  fs.writeFileSync(
    path.join(dir, 'main.ts'),
    `// Naive baseline: the package index, as \`import { job } from '@cdktf/provider-databricks'\` loads it.\nimport '@cdktf/provider-databricks';\n${main}`,
  );
  return dir;
}

const USAGE = `Usage: npm run bench [-- --runs N] [--sizes 10,100,1000] [--skip-baseline]

Measures npm run synth of the default project, a naive cdktf baseline, and synth of generated configs
with the given numbers of jobs per environment (median of N runs after a warm-up; peak RSS from GNU
time). Prints a table and writes bench/results.json.`;

function main(): number {
  const { values } = parseCli(
    process.argv.slice(2),
    { runs: { type: 'string' }, sizes: { type: 'string' }, 'skip-baseline': { type: 'boolean' } },
    USAGE,
  );
  const runs = Number(values.runs ?? 5);
  const sizes = (values.sizes ?? '10,100,1000').split(',').map(Number);
  if (!Number.isInteger(runs) || runs < 1 || sizes.some((n) => !Number.isInteger(n) || n < 1)) {
    throw new UsageError('--runs and --sizes take positive whole numbers');
  }
  if (!fs.existsSync(TIME))
    throw new Error(`${TIME} (GNU time) is needed for peak RSS: apt-get install time`);
  fs.mkdirSync(OUT, { recursive: true });
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

  const ours = measure('ours: npm run synth (3 stacks)', runs, () =>
    timed(npm, ['run', '--silent', 'synth'], ROOT, synthEnv(path.join(OUT, 'ours.out'))),
  );
  let baseline: Measurement | undefined;
  if (!values['skip-baseline']) {
    const naive = makeNaiveBaseline();
    baseline = measure('naive: cdktf synth + ts-node + index', runs, () =>
      timed(
        path.join(ROOT, 'node_modules', '.bin', 'cdktf'),
        ['synth'],
        naive,
        synthEnv(path.join(naive, 'cdktf.out')),
      ),
    );
  }
  const scaling = sizes.map((jobs) => {
    const config = scaledConfig(OUT, jobs);
    const m = measure(`scaling: ${jobs} jobs per environment`, Math.min(runs, jobs >= 1000 ? 3 : runs), () =>
      timed(npm, ['run', '--silent', 'synth'], ROOT, synthEnv(path.join(OUT, `scaled-${jobs}.out`), config)),
    );
    return { jobsPerEnvironment: jobs, ...m };
  });

  const perJob = (i: number) =>
    (scaling[i].medianWallSeconds - ours.medianWallSeconds) / (scaling[i].jobsPerEnvironment * 3);
  const i100 = scaling.findIndex((s) => s.jobsPerEnvironment === 100);
  const i1000 = scaling.findIndex((s) => s.jobsPerEnvironment === 1000);
  const results = {
    date: new Date().toISOString(),
    machine: {
      cpu: os.cpus()[0]?.model ?? 'unknown',
      cores: os.cpus().length,
      memoryGb: Math.round(os.totalmem() / 2 ** 30),
      node: process.version,
      platform: `${process.platform}-${process.arch}`,
    },
    ours,
    baseline,
    speedupVsBaseline: baseline
      ? Number((baseline.medianWallSeconds / ours.medianWallSeconds).toFixed(1))
      : undefined,
    scaling,
    // Marginal cost of one job above the default project, at 100 and at 1,000 jobs per environment.
    perJobGrowth100To1000:
      i100 >= 0 && i1000 >= 0 ? Number((perJob(i1000) / perJob(i100)).toFixed(2)) : undefined,
  };
  writeResults(results);

  const rows = [
    ['measurement', 'median wall (s)', 'median peak RSS (MB)'],
    [ours.name, ours.medianWallSeconds.toFixed(2), String(ours.medianPeakRssMb)],
    ...(baseline
      ? [[baseline.name, baseline.medianWallSeconds.toFixed(2), String(baseline.medianPeakRssMb)]]
      : []),
    ...scaling.map((s) => [s.name, s.medianWallSeconds.toFixed(2), String(s.medianPeakRssMb)]),
  ];
  printTable(rows);
  if (results.speedupVsBaseline) console.log(`\nspeed-up vs naive baseline: ${results.speedupVsBaseline}x`);
  if (results.perJobGrowth100To1000)
    console.log(`per-job cost growth 100 -> 1,000 jobs: ${results.perJobGrowth100To1000}x`);
  console.log(
    `machine: ${results.machine.cpu}, ${results.machine.cores} cores, node ${results.machine.node}`,
  );
  return 0;
}

runCli(USAGE, main);
