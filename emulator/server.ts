import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { setTimeout as delay } from 'node:timers/promises';
import { handleAdmin } from './admin';
import { seedGitContent, treeFromDirectory } from './git-content';
import { ORG_ID } from './ids';
import { type PrincipalSeed, seedPrincipals } from './principals';
import { ApiError } from './api-error';
import { writeFileAtomic } from './atomic-write';
import { isJsonObject, type Json, type JsonObject } from './json';
import { seededRandom } from './prng';
import { type Handler, RawResponse, Router } from './router';
import { clusterPolicyRoutes } from './routes/cluster-policies';
import { clusterRoutes, libraryRoutes } from './routes/clusters';
import { globalInitScriptRoutes } from './routes/global-init-scripts';
import { jobRunRoutes } from './routes/job-runs';
import { jobRoutes } from './routes/jobs';
import { notificationDestinationRoutes } from './routes/notification-destinations';
import { permissionRoutes } from './routes/permissions';
import { repoRoutes } from './routes/repos';
import { scimRoutes } from './routes/scim';
import { secretRoutes } from './routes/secrets';
import { lakeviewRoutes } from './routes/lakeview';
import { sqlRoutes } from './routes/sql';
import { workspaceRoutes } from './routes/workspace';
import { RATE_LIMIT_MODES, RateLimiter, RateLimitExceeded, type RateLimitMode } from './rate-limits';
import { loadState, type EmulatorState } from './state';
import { Store } from './store';

/** Options of {@link startEmulator}; each has a CLI flag and a `DATABRICKS_EMULATOR_*` variable in `main.ts`. */
export interface EmulatorOptions {
  /** TCP port on 127.0.0.1. @default 0 - pick a free port */
  readonly port?: number;
  /** The only bearer token accepted. @default - any non-empty bearer token */
  readonly token?: string;
  /** Persist the state to this JSON file after every change (atomic write) and reload it on start. @default - memory only */
  readonly stateFile?: string;
  /** Fraction (0..1) of API requests that fail with one of `faultStatuses` before touching the state. @default 0 */
  readonly faultRate?: number;
  /** Seed of the fault generator: the same seed fails the same request indices. @default 42 */
  readonly faultSeed?: number;
  /** Statuses injected faults answer with. @default [429, 503] */
  readonly faultStatuses?: number[];
  /** Fixed delay added to every API request, in milliseconds. @default 0 */
  readonly latencyMs?: number;
  /** The user every request acts as (SCIM Me, creator of objects). @default 'deployer@example.com' */
  readonly userName?: string;
  /**
   * Make the caller this service principal (its application id, one of `principals.servicePrincipals`) instead
   * of `userName`, as when a deployment authenticates as a service principal: SCIM Me answers with it, it creates
   * objects, and the grants a workspace gives an object's creator name it as `service_principal_name`.
   * @default - the caller is the user `userName`
   */
  readonly callerServicePrincipal?: string;
  /**
   * `documented`: enforce the per-endpoint rate limits a workspace documents (see `rate-limits.ts`), answering
   * excess requests with 429 `REQUEST_LIMIT_EXCEEDED` and a `Retry-After` header; or a {@link RateLimiter} of
   * your own (other limits, or a test's frozen clock). @default 'off'
   */
  readonly rateLimits?: RateLimitMode | RateLimiter;
  /** Print one line per API request to stderr. @default false */
  readonly log?: boolean;
  /**
   * Content of Git remotes, read from local folders at start and after a reset: of one branch (as a push), or of
   * every branch of the URL when `branch` is omitted. @default - Git folders are empty until seeded
   */
  readonly gitContent?: readonly GitContentSeed[];
  /**
   * Users, groups and service principals the workspace has (besides the calling user and the `admins` and
   * `users` groups), seeded at start and after a reset. Permissions, secret ACLs and `run_as` naming anyone
   * else are refused. @default - none
   */
  readonly principals?: PrincipalSeed;
  /**
   * Refuse permissions, secret ACLs, `run_as` and `single_user_name` naming an unknown principal, and job
   * webhook notifications naming an unknown destination, as a workspace does; `false` accepts any name.
   * @default true
   */
  readonly strictPrincipals?: boolean;
}

/** Where the content of a Git remote (one branch, or all of them) comes from. */
export interface GitContentSeed {
  readonly url: string;
  readonly branch?: string;
  /** A local folder or checkout; `.git`, `node_modules` and virtualenvs are skipped. */
  readonly dir: string;
}

/** One API request as the emulator answered it. */
export interface RequestLogEntry {
  /** 1-based arrival index among API requests (admin requests are not counted). */
  readonly seq: number;
  readonly method: string;
  /** Path without the query string, e.g. `/api/2.1/clusters/get`. */
  readonly path: string;
  /** The raw query string without `?` (empty when none). */
  readonly query: string;
  readonly status: number;
  /** Time to answer, in milliseconds. */
  readonly ms: number;
  /** True when the answer was an injected fault. */
  readonly fault: boolean;
}

/** A running emulator. */
export interface RunningEmulator {
  /** Base URL, e.g. `http://127.0.0.1:40123`: the provider's `host`. */
  readonly url: string;
  readonly port: number;
  /** Stops accepting requests and closes open connections. */
  close(): Promise<void>;
  /** The request log so far (the latest 100 000 entries), in arrival order. */
  requests(): RequestLogEntry[];
}

export { ORG_ID } from './ids';

const DEFAULT_USER = 'deployer@example.com';
const MAX_BODY_BYTES = 32 * 1024 * 1024;
/** How long databricks-sdk-go v0.73.1 keeps an idle connection (`IdleConnTimeout` of its HTTP transport). */
const SDK_IDLE_CONNECTION_MS = 180_000;
/** The request log keeps the most recent entries only, so a long-running sandbox does not grow without bound. */
const MAX_LOG_ENTRIES = 100_000;
const API_PATH = /^\/api\/(2\.[012])\/(.+?)\/*$/;

const router = new Router([
  ...workspaceRoutes,
  ...repoRoutes,
  ...clusterRoutes,
  ...libraryRoutes,
  ...clusterPolicyRoutes,
  ...jobRoutes,
  ...jobRunRoutes,
  ...secretRoutes,
  ...permissionRoutes,
  ...scimRoutes,
  ...notificationDestinationRoutes,
  ...globalInitScriptRoutes,
  ...sqlRoutes,
  ...lakeviewRoutes,
]);

const FAULT_BODIES: Record<number, { error_code: string; message: string }> = {
  429: { error_code: 'REQUEST_LIMIT_EXCEEDED', message: 'Emulated fault: too many requests, retry later.' },
  503: {
    error_code: 'TEMPORARILY_UNAVAILABLE',
    message: 'Emulated fault: the service is temporarily unavailable.',
  },
};

function validate(options: EmulatorOptions): void {
  const rate = options.faultRate ?? 0;
  if (!(rate >= 0 && rate <= 1)) throw new Error(`faultRate must be between 0 and 1, got ${rate}.`);
  const statuses = options.faultStatuses ?? [429, 503];
  if (statuses.length === 0 || statuses.some((s) => !Number.isInteger(s) || s < 400 || s > 599)) {
    throw new Error(`faultStatuses must be HTTP error statuses (400..599), got ${JSON.stringify(statuses)}.`);
  }
  if ((options.latencyMs ?? 0) < 0) throw new Error(`latencyMs must be >= 0, got ${options.latencyMs}.`);
  if (
    typeof options.rateLimits === 'string' &&
    !RATE_LIMIT_MODES.some((mode) => mode === options.rateLimits)
  ) {
    throw new Error(
      `rateLimits must be one of ${RATE_LIMIT_MODES.join(', ')}, got ${JSON.stringify(options.rateLimits)}.`,
    );
  }
  const port = options.port ?? 0;
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`port must be 0..65535, got ${port}.`);
  const caller = options.callerServicePrincipal;
  if (caller !== undefined) {
    if (options.userName !== undefined) {
      throw new Error('callerServicePrincipal and userName both name the caller: give only one.');
    }
    if (!(options.principals?.servicePrincipals ?? []).some((sp) => sp.applicationId === caller)) {
      throw new Error(
        `callerServicePrincipal ${caller} is not one of principals.servicePrincipals: seed it there.`,
      );
    }
  }
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    request.on('end', () => {
      if (size > MAX_BODY_BYTES)
        reject(new ApiError(413, 'REQUEST_TOO_LARGE', 'The request body is too large.'));
      else resolve(Buffer.concat(chunks).toString('utf8'));
    });
    request.on('error', reject);
  });
}

function parseBody(text: string): JsonObject {
  if (text.trim() === '') return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new ApiError(400, 'MALFORMED_REQUEST', 'Invalid JSON given in the body of the request.');
  }
  if (!isJsonObject(parsed))
    throw new ApiError(400, 'MALFORMED_REQUEST', 'The request body must be a JSON object.');
  return parsed;
}

function sendJson(
  response: ServerResponse,
  status: number,
  body: Json,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  response.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
    ...headers,
  });
  response.end(text);
}

/** What the request handlers of one emulator share. */
interface EmulatorContext {
  readonly options: EmulatorOptions;
  readonly store: Store;
  readonly faults: FaultInjector;
  readonly log: RequestLog;
  /** The workspace's per-endpoint rate limits, when enforced. */
  readonly limiter?: RateLimiter;
  /** Writes the state file when the state changed (and a state file is configured). */
  persist(): void;
  /** Fresh workspace: the store (re-seeded with the configured Git content), the log and the faults. */
  reset(): void;
}

/** Decides, at each request's arrival, whether it fails, from a seeded generator. */
class FaultInjector {
  private random: () => number;
  private arrivals = 0;

  constructor(
    private readonly rate: number,
    private readonly statuses: readonly number[],
    private readonly seed: number,
  ) {
    this.random = seededRandom(seed);
  }

  /** The arrival number of the next request and the fault status it answers with, if any. */
  draw(): { seq: number; faultStatus?: number } {
    this.arrivals += 1;
    const faultDraw = this.random();
    const statusDraw = this.random();
    if (faultDraw >= this.rate) return { seq: this.arrivals };
    return { seq: this.arrivals, faultStatus: this.statuses[Math.floor(statusDraw * this.statuses.length)] };
  }

  reset(): void {
    this.arrivals = 0;
    this.random = seededRandom(this.seed);
  }
}

/** The most recent API requests, with an optional one-line echo to stderr. */
class RequestLog {
  private entries: RequestLogEntry[] = [];

  constructor(private readonly echo: boolean) {}

  add(entry: RequestLogEntry): void {
    this.entries.push(entry);
    if (this.entries.length > MAX_LOG_ENTRIES) this.entries.splice(0, this.entries.length - MAX_LOG_ENTRIES);
    if (!this.echo) return;
    const query = entry.query ? `?${entry.query}` : '';
    process.stderr.write(
      `${entry.method} ${entry.path}${query} ${entry.status} ${entry.ms}ms${entry.fault ? ' (fault)' : ''}\n`,
    );
  }

  /** The entries in arrival order. */
  list(): RequestLogEntry[] {
    return [...this.entries].sort((a, b) => a.seq - b.seq);
  }

  clear(): void {
    this.entries = [];
  }
}

/** Loads the state file (if any), seeds the configured Git content and wires the shared pieces together. */
function createContext(options: EmulatorOptions): EmulatorContext {
  const stateFile = options.stateFile;
  const caller = options.callerServicePrincipal;
  const store = new Store(
    caller ?? options.userName ?? DEFAULT_USER,
    stateFile ? loadState(stateFile) : undefined,
  );
  store.strictPrincipals = options.strictPrincipals ?? true;
  if (caller !== undefined) store.callerKind = 'servicePrincipal';
  const seedGit = (): void => {
    for (const seed of options.gitContent ?? []) {
      seedGitContent(store.state, seed.url, seed.branch, treeFromDirectory(seed.dir));
    }
    if (options.principals) seedPrincipals(store.state, options.principals);
  };
  const faults = new FaultInjector(
    options.faultRate ?? 0,
    options.faultStatuses ?? [429, 503],
    options.faultSeed ?? 42,
  );
  const log = new RequestLog(options.log ?? false);
  const persist = (): void => {
    if (store.dirty && stateFile) writeFileAtomic(stateFile, `${JSON.stringify(store.state, null, 1)}\n`);
    store.dirty = false;
  };
  seedGit();
  if (stateFile) store.dirty = true;
  persist();
  const limiter =
    options.rateLimits instanceof RateLimiter
      ? options.rateLimits
      : options.rateLimits === 'documented'
        ? new RateLimiter()
        : undefined;
  return {
    options,
    store,
    faults,
    log,
    limiter,
    persist,
    reset: () => {
      store.reset();
      seedGit();
      log.clear();
      faults.reset();
      limiter?.reset();
    },
  };
}

/** Renders any error as the API's error body; unexpected ones are a 500 INTERNAL_ERROR (and go to stderr). */
function asApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  return new ApiError(500, 'INTERNAL_ERROR', `Emulator error: ${(error as Error).message}`);
}

async function handleAdminRequest(
  context: EmulatorContext,
  request: IncomingMessage,
  response: ServerResponse,
  url: URL,
): Promise<void> {
  const { store } = context;
  try {
    const body = parseBody(await readBody(request));
    const result = handleAdmin(
      request.method ?? 'GET',
      url.pathname.replace(/\/+$/, ''),
      url.searchParams,
      body,
      { store, requests: () => context.log.list() as unknown as Json, reset: context.reset },
    );
    context.persist();
    sendJson(response, 200, result);
  } catch (error) {
    store.dirty = false;
    const apiError = asApiError(error);
    sendJson(response, apiError.status, apiError.toBody());
  }
}

/** Throws 401 UNAUTHENTICATED unless the request carries an acceptable bearer token. */
function authenticate(request: IncomingMessage, token: string | undefined): void {
  const bearer = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '')?.[1];
  if (bearer && (token === undefined || bearer === token)) return;
  throw new ApiError(
    401,
    'UNAUTHENTICATED',
    bearer ? 'Invalid access token.' : 'Credential was not sent or was of an unsupported type for this API.',
  );
}

/** The route of an API path: 501 for an unimplemented `/api/2.x` call, 404 for anything else. */
function findRoute(
  method: string,
  url: URL,
): { version: string; handler: Handler; params: Record<string, string> } {
  const found = API_PATH.exec(url.pathname);
  const matched = found ? router.match(method, found[1], found[2]) : undefined;
  if (found && matched) return { version: found[1], ...matched };
  throw found
    ? new ApiError(
        501,
        'NOT_IMPLEMENTED',
        `The Databricks emulator does not implement ${method} ${url.pathname}.`,
      )
    : new ApiError(404, 'ENDPOINT_NOT_FOUND', `No API found for '${method} ${url.pathname}'.`);
}

/** Answers with an injected fault: 429 (with Retry-After) or 503 in the API's words. */
function sendFault(response: ServerResponse, status: number): void {
  const body = FAULT_BODIES[status] ?? { error_code: 'EMULATED_FAULT', message: `Emulated fault ${status}.` };
  sendJson(response, status, body, status === 429 ? { 'retry-after': '1' } : {});
}

/** Runs the handler; a write that fails leaves the state as it was. Returns the status it answered with. */
function dispatch(
  context: EmulatorContext,
  method: string,
  url: URL,
  text: string,
  response: ServerResponse,
): number {
  const { store } = context;
  let snapshot: EmulatorState | undefined;
  try {
    const route = findRoute(method, url);
    const args: JsonObject = { ...Object.fromEntries(url.searchParams), ...parseBody(text) };
    snapshot = method === 'GET' ? undefined : structuredClone(store.state);
    const result = route.handler(
      { method, version: route.version, params: route.params, query: url.searchParams, args },
      store,
    );
    context.persist();
    if (result instanceof RawResponse) {
      response.writeHead(result.status, {
        'content-type': result.contentType,
        'x-databricks-org-id': ORG_ID,
      });
      response.end(result.body);
      return result.status;
    }
    sendJson(response, 200, result, { 'x-databricks-org-id': ORG_ID });
    return 200;
  } catch (error) {
    if (snapshot) store.state = snapshot;
    store.dirty = false;
    const apiError = asApiError(error);
    sendJson(response, apiError.status, apiError.toBody(), { 'x-databricks-org-id': ORG_ID });
    return apiError.status;
  }
}

async function handleApiRequest(
  context: EmulatorContext,
  request: IncomingMessage,
  response: ServerResponse,
  url: URL,
): Promise<void> {
  const started = performance.now();
  // Draw the fault decision at arrival, so request N fails for a seed regardless of handler timing.
  const { seq, faultStatus } = context.faults.draw();
  const method = request.method ?? 'GET';
  let status = 500;
  try {
    const text = await readBody(request);
    const latencyMs = context.options.latencyMs ?? 0;
    if (latencyMs > 0) await delay(latencyMs);
    const limited = context.limiter?.check(method, API_PATH.exec(url.pathname)?.[2] ?? '');
    if (limited) throw limited;
    if (faultStatus !== undefined) {
      status = faultStatus;
      sendFault(response, faultStatus);
      return;
    }
    authenticate(request, context.options.token);
    status = dispatch(context, method, url, text, response);
  } catch (error) {
    const apiError = asApiError(error);
    status = apiError.status;
    sendJson(response, status, apiError.toBody(), {
      'x-databricks-org-id': ORG_ID,
      ...(apiError instanceof RateLimitExceeded ? { 'retry-after': String(apiError.retryAfterSeconds) } : {}),
    });
  } finally {
    context.log.add({
      seq,
      method,
      path: url.pathname,
      query: url.search.replace(/^\?/, ''),
      status,
      ms: Math.round((performance.now() - started) * 10) / 10,
      fault: faultStatus !== undefined,
    });
  }
}

function listen(server: Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

/**
 * Starts the Databricks workspace API emulator on 127.0.0.1.
 * @example
 * const emulator = await startEmulator({ port: 0 });
 * // provider "databricks" { host = emulator.url, token = "dapi-fake" }
 * await emulator.close();
 */
export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  validate(options);
  const context = createContext(options);
  const server: Server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    const handled = url.pathname.startsWith('/__emulator/')
      ? handleAdminRequest(context, request, response, url)
      : handleApiRequest(context, request, response, url);
    handled.catch((error: unknown) => {
      process.stderr.write(`emulator: ${String(error)}\n`);
      if (!response.headersSent)
        sendJson(response, 500, { error_code: 'INTERNAL_ERROR', message: String(error) });
    });
  });
  // databricks-sdk-go keeps idle connections for 180 s and reuses them for POSTs, which it does not retry on a
  // broken pipe: a server closing idle connections sooner (Node's default is 5 s) races with the next request.
  server.keepAliveTimeout = SDK_IDLE_CONNECTION_MS + 5_000;
  const port = await listen(server, options.port ?? 0);
  context.store.baseUrl = `http://127.0.0.1:${port}`;
  return {
    url: context.store.baseUrl,
    port,
    requests: () => context.log.list(),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
