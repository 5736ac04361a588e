/* eslint-disable @typescript-eslint/no-explicit-any -- the emulator's admin API answers untyped JSON, read here as such */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parse, stringify } from 'yaml';
import { loadConfig } from '../../app/config/load-config';
import { startEmulator, type EmulatorOptions, type RunningEmulator } from '../../emulator/server';

/** The project under test. */
export const PROJECT_ROOT = path.resolve(__dirname, '..', '..');
export const TOKEN = 'dapi-e2e-sandbox-token';
/** A service principal's application id (a UUID); any other principal name is a user's. */
const APPLICATION_ID = /^[0-9a-f]{8}-(?:[0-9a-f]{4}-){3}[0-9a-f]{12}$/i;

/** What a command printed and how it ended. */
export interface CommandResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * A local Databricks workspace (the emulator on a free port) plus a private config copy, output
 * folder and state folder, so that e2e test files can run in parallel without sharing anything.
 */
export class Sandbox {
  readonly configDir: string;
  readonly env: NodeJS.ProcessEnv;

  private constructor(
    readonly emulator: RunningEmulator,
    readonly dir: string,
    readonly programDir: string,
  ) {
    this.configDir = path.join(dir, 'config');
    const env: NodeJS.ProcessEnv = {};
    for (const [k, v] of Object.entries(process.env))
      if (!k.startsWith('DATABRICKS_') && !k.startsWith('DEVOPS_')) env[k] = v;
    this.env = {
      ...env,
      CI: 'false',
      DATABRICKS_TOKEN: TOKEN,
      DEVOPS_CONFIG_DIR: this.configDir,
      CDKTF_OUTDIR: path.join(dir, 'out'),
      DEVOPS_STATE_DIR: path.join(dir, 'state'),
      DEVOPS_WORKSPACE_HOST: emulator.url,
      DEVOPS_PROVIDER_RETRY_TIMEOUT_SECONDS: '120',
    };
  }

  /**
   * Starts an emulator and copies the default config (pointing at the project's requirements).
   * @param programDir the program to run commands of @default the project
   */
  static async start(options: EmulatorOptions = {}, programDir = PROJECT_ROOT): Promise<Sandbox> {
    const emulator = await startEmulator({ port: 0, token: TOKEN, ...options });
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'devops-e2e-'));
    const sandbox = new Sandbox(emulator, dir, programDir);
    fs.cpSync(path.join(PROJECT_ROOT, 'config'), sandbox.configDir, { recursive: true });
    sandbox.editConfig('project.yaml', (c) => {
      c.requirements = { dir: path.join(PROJECT_ROOT, 'requirements') };
    });
    await sandbox.seedRepository();
    await sandbox.seedPrincipals();
    return sandbox;
  }

  /**
   * Gives the config's Git repository (every branch) a fixture notebook for each notebook the config names,
   * so that job runs find what they run.
   */
  async seedRepository(): Promise<void> {
    const config = loadConfig(this.configDir);
    const notebooks = [...config.workflows.map((w) => w.notebook), ...(config.smokeTests?.notebooks ?? [])];
    const files = Object.fromEntries(notebooks.map((nb) => [`${nb}.py`, fixtureNotebook(nb)]));
    await this.admin('repos/seed', { url: config.git.url, files });
  }

  /**
   * Gives the workspace what the config names but does not create, as an administrator would have set it up:
   * its groups, the service principals and users jobs run as, the users and service principals dedicated
   * clusters are assigned to (`singleUserName`), the Git folder owners, and the Slack
   * notification destination. The emulator refuses permissions, run_as and webhooks naming anything else
   * (unless the test starts it with `strictPrincipals: false`).
   */
  async seedPrincipals(): Promise<void> {
    const config = loadConfig(this.configDir);
    const envs = config.environments;
    const defined = (values: ReadonlyArray<string | undefined>): string[] => [
      ...new Set(values.filter((v): v is string => v !== undefined)),
    ];
    const singleUsers = envs.flatMap((env) => env.clusters.map((cluster) => cluster.singleUserName));
    const isApplicationId = (name: string | undefined): boolean =>
      name !== undefined && APPLICATION_ID.test(name);
    await this.admin('principals', {
      groups: defined(Object.values(config.groups)),
      servicePrincipals: defined([
        ...envs.map((env) => env.runAs?.servicePrincipal),
        ...singleUsers.filter(isApplicationId),
      ]),
      users: defined([
        ...envs.map((env) => env.runAs?.userName),
        ...envs.map((env) => env.mount.owner),
        ...singleUsers.filter((name) => !isApplicationId(name)),
      ]),
    });
    const slack = config.notifications.slackDestinationId;
    if (slack) await this.admin('notification-destinations', { id: slack });
  }

  /**
   * Pushes a version of a notebook of the config's repository to `branch` that fails when run, with
   * `message` as its error (the emulator's EMULATOR_FAIL marker). A Git folder sees it after its next pull.
   */
  async pushFailingNotebook(branch: string, notebook: string, message: string): Promise<string> {
    return this.pushNotebook(branch, notebook, `${fixtureNotebook(notebook)}# EMULATOR_FAIL: ${message}\n`);
  }

  /** Pushes a new commit to `branch` of the config's repository with `text` (default: a passing fixture) as the notebook. */
  async pushNotebook(
    branch: string,
    notebook: string,
    text = `${fixtureNotebook(notebook)}# revised\n`,
  ): Promise<string> {
    const url = loadConfig(this.configDir).git.url;
    const pushed = await this.admin('repos/advance', { url, branch, files: { [`${notebook}.py`]: text } });
    return pushed.head_commit_id;
  }

  /** Changes one config file of the sandbox. */
  editConfig(file: string, edit: (config: Record<string, any>) => void): void {
    const p = path.join(this.configDir, file);
    const config = parse(fs.readFileSync(p, 'utf8'));
    edit(config);
    fs.writeFileSync(p, stringify(config));
  }

  /** Runs `npm run <command> -- <args>` of the program (without npm's overhead); never throws. */
  run(
    command: string,
    args: readonly string[] = [],
    extraEnv: NodeJS.ProcessEnv = {},
  ): Promise<CommandResult> {
    return runNode(path.join(this.programDir, 'bin', `${command}.ts`), args, this.programDir, {
      ...this.env,
      ...extraEnv,
    });
  }

  /** Starts a command without waiting for it: for tests that signal it (or its terraform) mid-run. */
  start(command: string, args: readonly string[] = [], extraEnv: NodeJS.ProcessEnv = {}): RunningCommand {
    return startNode(path.join(this.programDir, 'bin', `${command}.ts`), args, this.programDir, {
      ...this.env,
      ...extraEnv,
    });
  }

  /** Resolves once the emulator has answered `count` object-creating requests (POST .../create). */
  waitForCreates(count: number, timeoutMs = 180_000): Promise<void> {
    return this.waitForRequests((r) => isCreate(r), count, timeoutMs);
  }

  /** Resolves once the emulator has answered `count` requests matching `match`, counted from `since`. */
  async waitForRequests(
    match: (r: { method: string; path: string; status: number }) => boolean,
    count = 1,
    timeoutMs = 180_000,
    since = 0,
  ): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.emulator.requests().slice(since).filter(match).length < count) {
      if (Date.now() > deadline) throw new Error(`fewer than ${count} matching requests in ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 10));
    }
  }

  /** Runs a command and fails the test with its output unless it exits with `code`. */
  async expect(
    code: number,
    command: string,
    args: readonly string[] = [],
    extraEnv: NodeJS.ProcessEnv = {},
  ) {
    const res = await this.run(command, args, extraEnv);
    if (res.code !== code) {
      throw new Error(
        `npm run ${command} -- ${args.join(' ')} exited ${res.code}, expected ${code}\n--- stdout\n${res.stdout}\n--- stderr\n${res.stderr}`,
      );
    }
    return res;
  }

  /** The emulator's whole state (admin API). */
  async state(): Promise<any> {
    return (await fetch(`${this.emulator.url}/__emulator/state`)).json();
  }

  /** Calls an admin endpoint with a JSON body. */
  async admin(endpoint: string, body: unknown): Promise<any> {
    const res = await fetch(`${this.emulator.url}/__emulator/${endpoint}`, {
      method: 'POST',
      body: JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`admin ${endpoint}: HTTP ${res.status} ${await res.text()}`);
    return res.json();
  }

  /** The plan summary JSON `npm run plan` / `deploy` wrote for an environment. */
  planSummary(environment: string): any {
    return JSON.parse(
      fs.readFileSync(path.join(this.dir, 'out', 'stacks', environment, 'plan-summary.json'), 'utf8'),
    );
  }

  /** The synthesized stack (`cdk.tf.json`) of `environment`. */
  stack(environment: string): { resource: Record<string, Record<string, any>> } {
    return JSON.parse(
      fs.readFileSync(path.join(this.dir, 'out', 'stacks', environment, 'cdk.tf.json'), 'utf8'),
    );
  }

  /** How many resources of each type the synthesized stack of `environment` declares. */
  declared(environment: string): Record<string, number> {
    const { resource } = this.stack(environment);
    return Object.fromEntries(Object.entries(resource).map(([t, r]) => [t, Object.keys(r).length]));
  }

  async close(): Promise<void> {
    await this.emulator.close();
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}

/** The source of a fixture notebook that succeeds when run. */
function fixtureNotebook(notebook: string): string {
  return `# Databricks notebook source\n# Fixture for ${notebook}\nprint("ok")\n`;
}

/** A command started by {@link Sandbox.start}. */
export interface RunningCommand {
  readonly pid: number;
  readonly result: Promise<CommandResult>;
  /** Output so far. */
  readonly output: () => string;
}

/** Runs a TypeScript program with node + tsx, asynchronously (the emulator lives in this process). */
export function runNode(
  script: string,
  args: readonly string[],
  cwd: string,
  env: NodeJS.ProcessEnv,
): Promise<CommandResult> {
  return startNode(script, args, cwd, env).result;
}

function startNode(
  script: string,
  args: readonly string[],
  cwd: string,
  env: NodeJS.ProcessEnv,
): RunningCommand {
  const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], {
    cwd,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  const result = new Promise<CommandResult>((resolve) =>
    child.on('close', (code, signal) => resolve({ code: code ?? (signal ? 128 : 1), stdout, stderr })),
  );
  return { pid: child.pid!, result, output: () => stdout + stderr };
}

/** Whether a request created an object (a job, cluster, policy, scope, Git folder, ...). */
export function isCreate(r: { method: string; path: string; status: number }): boolean {
  return r.method === 'POST' && r.status === 200 && /\/(create|repos)$/.test(r.path);
}

/** Pids of the running processes named `name` (e.g. terraform) below `pid`, children first. */
export function descendants(pid: number, name?: string): number[] {
  const children = new Map<number, number[]>();
  const names = new Map<number, string>();
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      const m = /^\d+ \((.*)\) \S+ (\d+)/.exec(stat);
      if (!m) continue;
      names.set(Number(entry), m[1]);
      const list = children.get(Number(m[2])) ?? [];
      list.push(Number(entry));
      children.set(Number(m[2]), list);
    } catch {
      // the process ended while we looked
    }
  }
  const out: number[] = [];
  const walk = (p: number) => {
    for (const c of children.get(p) ?? []) {
      out.push(c);
      walk(c);
    }
  };
  walk(pid);
  return name ? out.filter((p) => names.get(p) === name) : out;
}

/** Emulator objects of one environment, found by the names and paths the stack gives them. */
export function objectsOf(state: any, environment: string) {
  const prefix = { dev: 'Dev – ', staging: 'Stg – ', prod: 'Prod – ' }[environment] ?? '';
  const jobs = Object.values<any>(state.jobs).filter((j) => j.settings.name.startsWith(prefix));
  const clusters = Object.values<any>(state.clusters).filter(
    (c) => c.spec.custom_tags?.environment === environment,
  );
  const repos = Object.values<any>(state.repos).filter((r) =>
    environment === 'prod'
      ? r.path.endsWith('/simple-project')
      : r.path.endsWith(environment === 'staging' ? '-stg' : `-${environment}`),
  );
  const scopes = Object.keys(state.secretScopes).filter((s) => s === `simple-project-${environment}`);
  // Databricks SQL objects are named with the job-name prefix; trashed ones no longer count.
  const active = (kind: string, nameField: string) =>
    Object.values<any>(state.sql?.[kind] ?? {}).filter(
      (o) => String(o[nameField]).startsWith(prefix) && o.lifecycle_state !== 'TRASHED',
    );
  const warehouses = active('warehouses', 'name');
  const dashboards = active('dashboards', 'display_name');
  const alerts = active('alerts', 'display_name');
  return { jobs, clusters, repos, scopes, warehouses, dashboards, alerts };
}
