/**
 * A small Databricks REST client for the operations Terraform does not do: triggering the smoke
 * job and pulling a Git folder to the head of its branch. Credentials come from the environment,
 * as for the provider: `DATABRICKS_TOKEN`, or `DATABRICKS_CLIENT_ID` + `DATABRICKS_CLIENT_SECRET`
 * (OAuth M2M). No credential is ever logged.
 */

/** An error answer of the Databricks API. */
export class WorkspaceApiError extends Error {
  constructor(
    readonly status: number,
    readonly errorCode: string,
    message: string,
  ) {
    super(message);
    this.name = 'WorkspaceApiError';
  }
}

/** Options of {@link WorkspaceClient}. */
export interface WorkspaceClientOptions {
  /** Workspace URL, e.g. `https://dbc-123.cloud.databricks.com` or the emulator's `http://127.0.0.1:PORT`. */
  readonly host: string;
  /** @default process.env */
  readonly env?: NodeJS.ProcessEnv;
  /** Retries on 429 / 503 / network errors. @default 8 */
  readonly retries?: number;
  /** @default fetch */
  readonly fetchImpl?: typeof fetch;
}

const RETRIABLE = new Set([429, 503]);

export class WorkspaceClient {
  private readonly host: string;
  private readonly env: NodeJS.ProcessEnv;
  private readonly retries: number;
  private readonly fetchImpl: typeof fetch;
  private token?: string;

  constructor(options: WorkspaceClientOptions) {
    this.host = options.host.replace(/\/+$/, '');
    this.env = options.env ?? process.env;
    this.retries = options.retries ?? 8;
    this.fetchImpl = options.fetchImpl ?? fetch;
  }

  /** GET with query parameters; returns the parsed JSON body. */
  get<T>(path: string, query: Record<string, string | number> = {}): Promise<T> {
    const qs = new URLSearchParams(
      Object.entries(query).map(([k, v]): [string, string] => [k, String(v)]),
    ).toString();
    return this.call<T>('GET', qs ? `${path}?${qs}` : path);
  }

  /** POST/PATCH (with a JSON body) or DELETE; returns the parsed JSON body. */
  send<T>(method: 'POST' | 'PATCH' | 'DELETE', path: string, body?: unknown): Promise<T> {
    return this.call<T>(method, path, body);
  }

  private async authorization(): Promise<string> {
    if (this.token) return this.token;
    const { DATABRICKS_TOKEN: pat, DATABRICKS_CLIENT_ID: id, DATABRICKS_CLIENT_SECRET: secret } = this.env;
    if (pat) return (this.token = pat);
    if (id && secret) {
      const res = await this.fetchImpl(`${this.host}/oidc/v1/token`, {
        method: 'POST',
        headers: {
          Authorization: `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`,
          'Content-Type': 'application/x-www-form-urlencoded',
        },
        body: 'grant_type=client_credentials&scope=all-apis',
      });
      if (!res.ok)
        throw new WorkspaceApiError(
          res.status,
          'OAUTH_FAILED',
          `OAuth M2M token request failed: HTTP ${res.status}`,
        );
      return (this.token = ((await res.json()) as { access_token: string }).access_token);
    }
    throw new Error(
      'No Databricks credentials: set DATABRICKS_TOKEN, or DATABRICKS_CLIENT_ID and DATABRICKS_CLIENT_SECRET.',
    );
  }

  private async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const token = await this.authorization();
    for (let attempt = 0; ; attempt++) {
      let res: Response;
      try {
        res = await this.fetchImpl(`${this.host}${path}`, {
          method,
          headers: {
            Authorization: `Bearer ${token}`,
            Accept: 'application/json',
            ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}),
          },
          body: body !== undefined ? JSON.stringify(body) : undefined,
        });
      } catch (e) {
        if (attempt >= this.retries) throw new Error(`${method} ${path}: ${(e as Error).message}`);
        await sleep(backoff(attempt));
        continue;
      }
      if (RETRIABLE.has(res.status) && attempt < this.retries) {
        await sleep(backoff(attempt));
        continue;
      }
      const text = await res.text();
      const json = text ? safeJson(text) : {};
      if (!res.ok) {
        const err = json as { error_code?: string; message?: string };
        throw new WorkspaceApiError(
          res.status,
          err.error_code ?? `HTTP_${res.status}`,
          `${method} ${path.split('?')[0]}: HTTP ${res.status} ${err.error_code ?? ''} ${err.message ?? ''}`.trim(),
        );
      }
      return json as T;
    }
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return { message: text.slice(0, 200) };
  }
}

function backoff(attempt: number): number {
  return Math.min(200 * 2 ** attempt, 5000);
}

/** Waits `ms` milliseconds. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
