import { ApiError } from './api-error';

/**
 * Per-endpoint rate limits of a Databricks workspace, enforced with one token bucket per endpoint family.
 *
 * The numbers are the workspace-scoped "API rate limits" of the Databricks "Resource limits" page
 * (docs.databricks.com/resources/limits, learn.microsoft.com/azure/databricks/resources/limits), in requests
 * per second per workspace. Endpoints that page does not list (jobs get/list/reset/delete, clusters, repos,
 * secrets ACLs, ...) are not limited here: inventing a number would make the benchmark measure a guess.
 */

/** One documented limit: the requests it covers and how many of them a workspace answers per second. */
export interface RateLimitFamily {
  /** Name as the docs' table spells it, e.g. `Jobs API - create`; shown in the 429 message. */
  readonly name: string;
  /** Requests per second per workspace. */
  readonly perSecond: number;
  /** Does the request (method, path relative to `/api/2.x/`) count against this limit? */
  readonly matches: (method: string, apiPath: string) => boolean;
}

const path =
  (methods: readonly string[] | 'any', pattern: RegExp) =>
  (method: string, apiPath: string): boolean =>
    (methods === 'any' || methods.includes(method)) && pattern.test(apiPath);

/** The workspace-scoped limits the "Resource limits" page documents, most specific first. */
export const DOCUMENTED_RATE_LIMITS: readonly RateLimitFamily[] = [
  { name: 'Jobs API - create', perSecond: 20, matches: path(['POST'], /^jobs\/create$/) },
  { name: 'Jobs API - run-now', perSecond: 20, matches: path(['POST'], /^jobs\/run-now$/) },
  { name: 'Jobs API - runs/get', perSecond: 100, matches: path(['GET'], /^jobs\/runs\/get$/) },
  { name: 'Jobs API - runs/submit', perSecond: 35, matches: path(['POST'], /^jobs\/runs\/submit$/) },
  { name: 'Permissions API - GET', perSecond: 100, matches: path(['GET'], /^permissions\//) },
  { name: 'Permissions API - PATCH/PUT', perSecond: 30, matches: path(['PATCH', 'PUT'], /^permissions\//) },
  { name: 'Workspace export API', perSecond: 60, matches: path(['GET'], /^workspace\/export$/) },
  { name: 'Workspace import API', perSecond: 30, matches: path(['POST'], /^workspace\/import$/) },
  { name: 'Workspace SCIM API - GET', perSecond: 255, matches: path(['GET'], /^preview\/scim\/v2\//) },
  { name: 'Secrets API', perSecond: 1100, matches: path('any', /^secrets\//) },
  { name: 'Token Management API', perSecond: 40, matches: path('any', /^token-management\//) },
  { name: 'DBFS API', perSecond: 30, matches: path('any', /^dbfs\//) },
];

/**
 * A token bucket: holds up to `capacity` tokens, refilled at `perSecond`; each request takes one.
 * The capacity is one second's worth, so a burst never exceeds the documented rate within any second.
 */
export class TokenBucket {
  private tokens: number;
  private last: number;

  constructor(
    /** Refill rate, tokens per second. */
    readonly perSecond: number,
    /** Start time, in milliseconds of the clock `take` is called with. */
    now: number,
    /** Most tokens held. @default perSecond */
    readonly capacity: number = perSecond,
  ) {
    if (!(perSecond > 0) || !(capacity >= 1)) {
      throw new Error(
        `A token bucket needs perSecond > 0 and capacity >= 1, got ${perSecond} and ${capacity}.`,
      );
    }
    this.tokens = capacity;
    this.last = now;
  }

  /** Takes a token at time `now` (ms): 0 when granted, else the milliseconds until one is available. */
  take(now: number): number {
    this.tokens = Math.min(this.capacity, this.tokens + ((now - this.last) / 1000) * this.perSecond);
    this.last = Math.max(this.last, now);
    if (this.tokens >= 1) {
      this.tokens -= 1;
      return 0;
    }
    return ((1 - this.tokens) / this.perSecond) * 1000;
  }
}

/** Rate limiting as a workspace does it: one bucket per documented endpoint family. */
export class RateLimiter {
  private readonly buckets = new Map<RateLimitFamily, TokenBucket>();

  constructor(
    readonly families: readonly RateLimitFamily[] = DOCUMENTED_RATE_LIMITS,
    /** Milliseconds, monotonic. */
    private readonly clock: () => number = () => performance.now(),
  ) {}

  /**
   * Counts the request against its family's limit.
   * @returns undefined when it may proceed, else the 429 to answer (see {@link rateLimitExceeded})
   */
  check(method: string, apiPath: string): RateLimitExceeded | undefined {
    const family = this.families.find((candidate) => candidate.matches(method, apiPath));
    if (!family) return undefined;
    const now = this.clock();
    let bucket = this.buckets.get(family);
    if (!bucket) {
      bucket = new TokenBucket(family.perSecond, now);
      this.buckets.set(family, bucket);
    }
    const waitMs = bucket.take(now);
    return waitMs === 0 ? undefined : rateLimitExceeded(family, waitMs);
  }

  /** Forgets all buckets (the emulator's reset). */
  reset(): void {
    this.buckets.clear();
  }
}

/** A 429 answer: the error plus the `Retry-After` header value (whole seconds, at least 1). */
export class RateLimitExceeded extends ApiError {
  constructor(
    message: string,
    /** Value of the `Retry-After` header, in seconds. */
    readonly retryAfterSeconds: number,
  ) {
    super(429, 'REQUEST_LIMIT_EXCEEDED', message);
    this.name = 'RateLimitExceeded';
  }
}

/**
 * The 429 a workspace answers when a limit is exceeded: `REQUEST_LIMIT_EXCEEDED` and a `Retry-After` in whole
 * seconds (HTTP allows no fractions). databricks-sdk-go v0.73.1 retries any 429 but ignores `Retry-After`:
 * it backs off 1 s per attempt (at most 10 s) plus 50-750 ms of jitter.
 */
export function rateLimitExceeded(family: RateLimitFamily, waitMs: number): RateLimitExceeded {
  return new RateLimitExceeded(
    `Request limit exceeded: ${family.name} allows ${family.perSecond} requests per second per workspace.`,
    Math.max(1, Math.ceil(waitMs / 1000)),
  );
}

/** The values of the emulator's `--rate-limits` option. */
export const RATE_LIMIT_MODES = ['off', 'documented'] as const;
export type RateLimitMode = (typeof RATE_LIMIT_MODES)[number];
