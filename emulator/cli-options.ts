import { RATE_LIMIT_MODES } from './rate-limits';
import { readPrincipalFile } from './principals';
import type { EmulatorOptions, GitContentSeed } from './server';

/** Usage text of `npm run emulator -- --help`. */
export const USAGE = `Usage: npm run emulator -- [options]

Runs a local Databricks workspace API emulator on 127.0.0.1 for terraform-provider-databricks.
The first stdout line is: Databricks emulator listening on http://127.0.0.1:<port>

Options (environment fallback in brackets):
  --port N              TCP port, 0 picks a free one            [DATABRICKS_EMULATOR_PORT]    default 0
  --token TOKEN         only accept this bearer token           [DATABRICKS_EMULATOR_TOKEN]   default any
  --state FILE          persist state to FILE, reload on start  [DATABRICKS_EMULATOR_STATE]   default memory
  --fault-rate R        fraction 0..1 of API requests to fail   [DATABRICKS_EMULATOR_FAULT_RATE] default 0
  --seed N              seed of the fault generator             [DATABRICKS_EMULATOR_SEED]    default 42
  --fault-statuses L    comma-separated statuses for faults     [DATABRICKS_EMULATOR_FAULT_STATUSES] default 429,503
  --latency-ms N        fixed delay per API request             [DATABRICKS_EMULATOR_LATENCY_MS] default 0
  --rate-limits MODE    off, or documented: the per-endpoint limits of the Databricks
                        "Resource limits" page, answered with 429 and Retry-After
                                                                [DATABRICKS_EMULATOR_RATE_LIMITS] default off
  --user NAME           the calling user (SCIM Me userName)     [DATABRICKS_EMULATOR_USER]    default deployer@example.com
  --caller-service-principal APP_ID
                        the caller is this service principal of --principals instead of a user
                                                                [DATABRICKS_EMULATOR_CALLER_SERVICE_PRINCIPAL]
  --git-content URL[#BRANCH]=DIR
                        content of a Git remote's branch (or of all its branches) from a local folder;
                        repeatable                              [DATABRICKS_EMULATOR_GIT_CONTENT, ;-separated]
  --principals FILE     users, groups and service principals of the workspace, JSON
                        {"users":[..],"groups":[..],"servicePrincipals":[{"applicationId","displayName"}]}
                                                                [DATABRICKS_EMULATOR_PRINCIPALS]
  --no-strict-principals
                        accept any principal and destination name; by default permissions, secret ACLs,
                        run_as and single_user_name naming an unknown principal and job webhooks naming an
                        unknown destination are refused, as a workspace does
                                                                [DATABRICKS_EMULATOR_STRICT_PRINCIPALS=0]
  --strict-principals   refuse those (the default; overrides DATABRICKS_EMULATOR_STRICT_PRINCIPALS=0)
  --log                 print one line per request to stderr    [DATABRICKS_EMULATOR_LOG=1]
  --help                print this help

Admin endpoints (no auth): GET /__emulator/state, POST /__emulator/reset, POST /__emulator/mutate,
POST /__emulator/repos/advance, POST /__emulator/repos/seed, POST /__emulator/principals,
POST /__emulator/notification-destinations, GET /__emulator/repos/head, POST /__emulator/runs/next-result,
GET /__emulator/requests.
`;

/** The result of parsing the command line: run with options, or print help. */
export type CliCommand = { kind: 'help' } | { kind: 'run'; options: EmulatorOptions };

const VALUE_FLAGS: Record<string, string> = {
  '--port': 'PORT',
  '--token': 'TOKEN',
  '--state': 'STATE',
  '--fault-rate': 'FAULT_RATE',
  '--seed': 'SEED',
  '--fault-statuses': 'FAULT_STATUSES',
  '--latency-ms': 'LATENCY_MS',
  '--user': 'USER',
  '--rate-limits': 'RATE_LIMITS',
  '--principals': 'PRINCIPALS',
  '--caller-service-principal': 'CALLER_SERVICE_PRINCIPAL',
};

function number(name: string, text: string, integer: boolean): number {
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value) || (integer && !Number.isInteger(value))) {
    throw new Error(`${name} expects ${integer ? 'an integer' : 'a number'}, got ${JSON.stringify(text)}.`);
  }
  return value;
}

/** `URL[#BRANCH]=DIR` of `--git-content`. */
function parseGitContent(text: string): GitContentSeed {
  const found = /^(https?:\/\/[^#=\s]+)(?:#([^=]+))?=(.+)$/.exec(text.trim());
  if (!found) {
    throw new Error(`--git-content expects URL[#BRANCH]=DIR, got ${JSON.stringify(text)}.`);
  }
  return found[2] === undefined
    ? { url: found[1], dir: found[3] }
    : { url: found[1], branch: found[2], dir: found[3] };
}

/**
 * Parses CLI flags (`--port 8080` or `--port=8080`), falling back to `DATABRICKS_EMULATOR_*` variables.
 * @throws on an unknown flag or a malformed value, with a message naming it.
 */
export function parseCli(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): CliCommand {
  const values: Record<string, string> = {};
  const gitContent: string[] = [];
  const enabled = (key: string): boolean =>
    env[`DATABRICKS_EMULATOR_${key}`] === '1' || env[`DATABRICKS_EMULATOR_${key}`] === 'true';
  let log = enabled('LOG');
  const strictVariable = env.DATABRICKS_EMULATOR_STRICT_PRINCIPALS;
  let strictPrincipals = strictVariable !== '0' && strictVariable !== 'false';
  for (let i = 0; i < argv.length; i += 1) {
    const [flag, inline] = argv[i].split(/=(.*)/s, 2);
    if (flag === '--help' || flag === '-h') return { kind: 'help' };
    if (flag === '--git-content') {
      const value = inline ?? argv[(i += 1)];
      if (value === undefined) throw new Error(`${flag} needs a value; see --help.`);
      gitContent.push(value);
      continue;
    }
    if (flag === '--log') {
      log = true;
      continue;
    }
    if (flag === '--strict-principals' || flag === '--no-strict-principals') {
      strictPrincipals = flag === '--strict-principals';
      continue;
    }
    const key = VALUE_FLAGS[flag];
    if (!key) throw new Error(`Unknown option ${argv[i]}; see --help.`);
    const value = inline ?? argv[(i += 1)];
    if (value === undefined) throw new Error(`${flag} needs a value; see --help.`);
    values[key] = value;
  }
  const get = (key: string): string | undefined => values[key] ?? env[`DATABRICKS_EMULATOR_${key}`];
  const options: {
    -readonly [K in keyof EmulatorOptions]: EmulatorOptions[K];
  } = { log, strictPrincipals };
  const port = get('PORT');
  if (port !== undefined) options.port = number('--port', port, true);
  const token = get('TOKEN');
  if (token) options.token = token;
  const state = get('STATE');
  if (state) options.stateFile = state;
  const rate = get('FAULT_RATE');
  if (rate !== undefined) options.faultRate = number('--fault-rate', rate, false);
  const seed = get('SEED');
  if (seed !== undefined) options.faultSeed = number('--seed', seed, true);
  const statuses = get('FAULT_STATUSES');
  if (statuses !== undefined) {
    options.faultStatuses = statuses.split(',').map((status) => number('--fault-statuses', status, true));
  }
  const latency = get('LATENCY_MS');
  if (latency !== undefined) options.latencyMs = number('--latency-ms', latency, false);
  const rateLimits = get('RATE_LIMITS');
  if (rateLimits !== undefined) {
    const mode = RATE_LIMIT_MODES.find((candidate) => candidate === rateLimits);
    if (!mode) {
      throw new Error(
        `--rate-limits expects one of ${RATE_LIMIT_MODES.join(', ')}, got ${JSON.stringify(rateLimits)}.`,
      );
    }
    options.rateLimits = mode;
  }
  const user = get('USER');
  if (user) options.userName = user;
  const callerServicePrincipal = get('CALLER_SERVICE_PRINCIPAL');
  if (callerServicePrincipal) options.callerServicePrincipal = callerServicePrincipal;
  const principals = get('PRINCIPALS');
  if (principals) options.principals = readPrincipalFile(principals);
  const seeds = gitContent.length > 0 ? gitContent : (env.DATABRICKS_EMULATOR_GIT_CONTENT ?? '').split(';');
  const parsedSeeds = seeds.filter((seed) => seed.trim() !== '').map(parseGitContent);
  if (parsedSeeds.length > 0) options.gitContent = parsedSeeds;
  return { kind: 'run', options };
}
