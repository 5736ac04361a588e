/**
 * `npm run test:conformance`: the provider's own acceptance tests (terraform-provider-databricks v1.84.0) against
 * a fresh emulator. Builds the test binaries once into a cache outside the clone, runs them with
 * DATABRICKS_HOST, DATABRICKS_TOKEN and CLOUD_ENV=aws, prints the README table and fails when a test of
 * something the stacks use fails. See emulator/README.md, "Conformance".
 */
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { readManifest } from '../../app/toolchain-manifest';
import { startEmulator } from '../server';
import {
  CONFORMANCE_PACKAGES,
  PROVIDER_MODULE,
  PROVIDER_VERSION,
  type ConformancePackage,
  type ConformanceTest,
} from './catalog';
import {
  inScopeFailures,
  markdownTable,
  parseTestEvents,
  replaceTable,
  type ReportRow,
  type TestResult,
} from './results';

const PROJECT_ROOT = path.resolve(__dirname, '..', '..');
const README = path.join(PROJECT_ROOT, 'emulator', 'README.md');
const TOKEN = 'dapi-conformance';
/**
 * The service principal the suite calls as. On AWS the acceptance tests run as a service principal: they grant
 * `service_principal_name = data.databricks_current_user.me.user_name` and expect the job creator to own the job
 * as `service_principal_name`. An application id is a UUID there, which is how the provider's
 * `databricks_current_user` tells a service principal (`acl_principal_id = servicePrincipals/<id>`).
 */
const CALLER = { applicationId: '4a3b8e5c-2f61-4d0a-9c7e-51b0d2e8f6a3', displayName: 'conformance-deployer' };

const USAGE = `Usage: npm run test:conformance -- [--ci] [--run REGEX] [--if-built] [--build-only] [--write-readme] [--parallel N]

Runs terraform-provider-databricks ${PROVIDER_VERSION}'s acceptance tests against a fresh emulator.
  --ci            only the CI subset (the tests marked (CI) in emulator/README.md)
  --run REGEX     only the catalog's tests whose name matches REGEX (e.g. TestAccPermissions_Job$)
  --if-built      skip (exit 0) instead of building when a test binary is not cached yet
  --build-only    build the test binaries into the cache and stop
  --write-readme  replace the table in emulator/README.md with this run's results
  --parallel N    tests run at once per binary (default 4)
Test binaries are cached in $DEVOPS_CONFORMANCE_CACHE, else $XDG_CACHE_HOME/databricks-devops/conformance/${PROVIDER_VERSION}
(default ~/.cache/...); building them cold takes 30+ minutes, warm Go build cache a few.
`;

interface Options {
  readonly ci: boolean;
  /** Only the tests whose name matches. @default - every test */
  readonly run?: RegExp;
  readonly ifBuilt: boolean;
  readonly buildOnly: boolean;
  readonly writeReadme: boolean;
  readonly parallel: number;
}

function parseArgs(argv: readonly string[]): Options | undefined {
  const options: { -readonly [K in keyof Options]: Options[K] } = {
    ci: false,
    ifBuilt: false,
    buildOnly: false,
    writeReadme: false,
    parallel: 4,
  };
  for (let i = 0; i < argv.length; i += 1) {
    const flag = argv[i];
    if (flag === '--help' || flag === '-h') return undefined;
    else if (flag === '--ci') options.ci = true;
    else if (flag === '--if-built') options.ifBuilt = true;
    else if (flag === '--build-only') options.buildOnly = true;
    else if (flag === '--write-readme') options.writeReadme = true;
    else if (flag === '--run') {
      const source = argv[(i += 1)];
      if (source === undefined) throw new Error('--run expects a regular expression of test names.');
      try {
        options.run = new RegExp(source);
      } catch (error) {
        throw new Error(`--run expects a regular expression: ${(error as Error).message}`);
      }
    } else if (flag === '--parallel') {
      const n = Number(argv[(i += 1)]);
      if (!Number.isInteger(n) || n < 1)
        throw new Error(`--parallel expects a positive integer, got ${argv[i]}.`);
      options.parallel = n;
    } else throw new Error(`Unknown option ${flag}; see --help.`);
  }
  if (options.writeReadme && (options.ci || options.run))
    throw new Error('--write-readme needs the whole suite: drop --ci and --run.');
  return options;
}

/** Where the test binaries of this provider version are kept, shared by every clone. */
function cacheDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.DEVOPS_CONFORMANCE_CACHE) return env.DEVOPS_CONFORMANCE_CACHE;
  const base = env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
  return path.join(base, 'databricks-devops', 'conformance', PROVIDER_VERSION);
}

const binaryOf = (cache: string, pkg: ConformancePackage): string =>
  path.join(cache, `${path.basename(pkg.dir)}.test`);

function go(args: readonly string[], cwd: string): string {
  const res = spawnSync('go', args, { cwd, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (res.error)
    throw new Error(`go ${args.join(' ')}: ${res.error.message}. Install Go (bin/setup-tools.sh).`);
  if (res.status !== 0) throw new Error(`go ${args.join(' ')} exited ${res.status}:\n${res.stderr}`);
  return res.stdout;
}

/** The provider module's source folder in the Go module cache (downloaded through the module proxy if needed). */
function moduleDir(): string {
  const info = JSON.parse(
    go(['mod', 'download', '-json', `${PROVIDER_MODULE}@${PROVIDER_VERSION}`], os.tmpdir()),
  );
  if (!info.Dir)
    throw new Error(`go mod download ${PROVIDER_MODULE}@${PROVIDER_VERSION} failed: ${info.Error}`);
  return info.Dir as string;
}

/**
 * Builds the missing test binaries (`go test -c`, niced) inside the downloaded module, as setup-terraform builds
 * the provider: the same source path every time keeps the Go build cache warm across clones. Each binary is
 * written next to the cache and renamed into it, so an interrupted build leaves no half binary behind.
 */
function build(source: string, cache: string, packages: readonly ConformancePackage[]): void {
  fs.mkdirSync(cache, { recursive: true });
  const out = fs.mkdtempSync(path.join(cache, '.build-'));
  try {
    const started = Date.now();
    process.stderr.write(`conformance: building ${packages.map((p) => p.dir).join(', ')} (go test -c) ...\n`);
    const res = spawnSync(
      'nice',
      ['-n', '15', 'go', 'test', '-c', '-o', `${out}/`, ...packages.map((p) => `./${p.dir}`)],
      {
        cwd: source,
        stdio: ['ignore', 'inherit', 'inherit'],
        env: { ...process.env, GOFLAGS: '-mod=mod -buildvcs=false' },
      },
    );
    if (res.status !== 0)
      throw new Error(`go test -c in ${source} exited ${res.status}; go's output is above.`);
    for (const pkg of packages) {
      const name = path.basename(binaryOf(cache, pkg));
      fs.renameSync(path.join(out, name), path.join(cache, name));
    }
    process.stderr.write(
      `conformance: built in ${Math.round((Date.now() - started) / 1000)} s into ${cache}\n`,
    );
  } finally {
    fs.rmSync(out, { recursive: true, force: true });
  }
}

/**
 * The `TEST_*` fixtures the emulator can give: a running all-purpose cluster (`TEST_DEFAULT_CLUSTER_ID`). Instance
 * pools, SQL warehouses and Key Vaults are not modelled, so the tests needing those are skipped.
 */
async function fixtures(host: string): Promise<Record<string, string>> {
  const res = await fetch(`${host}/api/2.1/clusters/create`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${TOKEN}` },
    body: JSON.stringify({
      cluster_name: 'conformance-default',
      spark_version: '15.4.x-scala2.12',
      node_type_id: 'i3.xlarge',
      num_workers: 1,
      autotermination_minutes: 60,
    }),
  });
  if (!res.ok) throw new Error(`creating the default cluster: HTTP ${res.status} ${await res.text()}`);
  const { cluster_id: clusterId } = (await res.json()) as { cluster_id: string };
  return { TEST_DEFAULT_CLUSTER_ID: clusterId };
}

/** The environment of a test binary: no DATABRICKS_* or TF_ACC of the caller, the emulator's host and token. */
function testEnv(host: string, fixture: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!key.startsWith('DATABRICKS_') && !key.startsWith('TF_') && !key.startsWith('ARM_')) env[key] = value;
  }
  const terraform = readManifest(PROJECT_ROOT)?.terraform;
  return {
    ...env,
    DATABRICKS_HOST: host,
    DATABRICKS_TOKEN: TOKEN,
    CLOUD_ENV: 'aws',
    CHECKPOINT_DISABLE: '1',
    ...fixture,
    ...(terraform ? { TF_ACC_TERRAFORM_PATH: terraform } : {}),
  };
}

/** Runs one package's tests through `go tool test2json`, with the package folder as working directory. */
function runPackage(
  binary: string,
  cwd: string,
  tests: readonly ConformanceTest[],
  env: NodeJS.ProcessEnv,
  parallel: number,
  log: string,
): Promise<string> {
  const pattern = `^(${tests.map((t) => t.name).join('|')})$`;
  const args = ['tool', 'test2json', '-t', binary, '-test.v', '-test.run', pattern, '-test.timeout', '20m'];
  args.push('-test.parallel', String(parallel));
  const child = spawn('go', args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const file = fs.createWriteStream(log);
  let stream = '';
  child.stdout.on('data', (chunk: Buffer) => {
    stream += chunk.toString();
    file.write(chunk);
  });
  child.stderr.pipe(file, { end: false });
  return new Promise((resolve) =>
    child.on('close', () => {
      file.end();
      resolve(stream);
    }),
  );
}

async function main(): Promise<number> {
  const options = parseArgs(process.argv.slice(2));
  if (!options) {
    process.stdout.write(USAGE);
    return 0;
  }
  const packages = CONFORMANCE_PACKAGES.map((pkg) => ({
    pkg,
    tests: pkg.tests.filter(
      (t) => !t.notRun && (!options.ci || t.ci) && (!options.run || options.run.test(t.name)),
    ),
  })).filter(({ tests }) => tests.length > 0);
  const cache = cacheDir();
  const missing = packages.map(({ pkg }) => pkg).filter((pkg) => !fs.existsSync(binaryOf(cache, pkg)));
  if (missing.length > 0 && options.ifBuilt) {
    process.stdout.write(
      `conformance: skipped, ${missing.map((p) => binaryOf(cache, p)).join(', ')} not built yet ` +
        '(npm run test:conformance -- --build-only builds them).\n',
    );
    return 0;
  }
  const source = moduleDir();
  if (missing.length > 0) build(source, cache, missing);
  if (options.buildOnly) return 0;

  const emulator = await startEmulator({
    port: 0,
    token: TOKEN,
    principals: { servicePrincipals: [CALLER] },
    callerServicePrincipal: CALLER.applicationId,
  });
  const logs = fs.mkdtempSync(path.join(os.tmpdir(), 'conformance-logs-'));
  const results = new Map<ConformanceTest, TestResult>();
  const started = Date.now();
  try {
    const env = testEnv(emulator.url, await fixtures(emulator.url));
    const runOne = async ({ pkg, tests }: (typeof packages)[number]): Promise<void> => {
      const log = path.join(logs, `${path.basename(pkg.dir)}.json`);
      const t0 = Date.now();
      const stream = await runPackage(
        binaryOf(cache, pkg),
        path.join(source, pkg.dir),
        tests,
        env,
        options.parallel,
        log,
      );
      const outcomes = parseTestEvents(stream);
      for (const test of tests) {
        const result = outcomes.get(test.name);
        if (result) results.set(test, result);
      }
      const summary = tests.map((t) => outcomes.get(t.name)?.outcome ?? 'not run');
      process.stderr.write(
        `conformance: ${pkg.dir}: ${summary.filter((s) => s === 'pass').length}/${tests.length} pass ` +
          `(${Math.round((Date.now() - t0) / 1000)} s)\n`,
      );
    };
    // The CI subset and a --run selection (a few tests per binary) run their binaries at once; the whole suite one
    // binary after another.
    if (options.ci || options.run) await Promise.all(packages.map(runOne));
    else for (const entry of packages) await runOne(entry);
  } finally {
    await emulator.close();
  }
  // Catalog order; the whole suite also lists the tests it does not run, and why.
  const rows: ReportRow[] = CONFORMANCE_PACKAGES.flatMap((pkg) =>
    pkg.tests
      .filter((test) => results.has(test) || (!options.ci && !options.run && test.notRun))
      .map((test) => ({ pkg, test, result: results.get(test) })),
  );
  const table = markdownTable(rows);
  process.stdout.write(
    `${table}\n\nLogs (test2json): ${logs}; ${Math.round((Date.now() - started) / 1000)} s.\n`,
  );
  if (options.writeReadme) fs.writeFileSync(README, replaceTable(fs.readFileSync(README, 'utf8'), table));
  const failures = inScopeFailures(rows);
  for (const { test, result } of failures) {
    process.stderr.write(
      `conformance: FAIL ${test.name} (${test.family}, used by the stacks): ${result?.reason}\n`,
    );
  }
  return failures.length > 0 ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error: Error) => {
    process.stderr.write(`conformance: ${error.message}\n`);
    process.exit(2);
  },
);
