/* eslint-disable @typescript-eslint/no-explicit-any -- the emulator's admin API answers untyped JSON, read here as such */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parse, stringify } from 'yaml';
import { startEmulator, type EmulatorOptions, type RunningEmulator } from '../../emulator/server';

/** The project under test. */
export const PROJECT_ROOT = path.resolve(__dirname, '..', '..');
export const TOKEN = 'dapi-e2e-sandbox-token';

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
    return sandbox;
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

  async close(): Promise<void> {
    await this.emulator.close();
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}

/** Runs a TypeScript program with node + tsx, asynchronously (the emulator lives in this process). */
export function runNode(
  script: string,
  args: readonly string[],
  cwd: string,
  env: NodeJS.ProcessEnv,
): Promise<CommandResult> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], {
      cwd,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => resolve({ code: code ?? 1, stdout, stderr }));
  });
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
  return { jobs, clusters, repos, scopes };
}
