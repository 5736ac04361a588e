import type { Json, JsonObject } from './json';
import type { Store } from './store';

/** A parsed API request, as handlers see it. */
export interface ApiRequest {
  method: string;
  /** The API version from the path: `2.0`, `2.1` or `2.2`. */
  version: string;
  /** Named segments of the route pattern, e.g. `{ id: '123' }` for `repos/:id`. */
  params: Record<string, string>;
  query: URLSearchParams;
  /** The JSON body merged over the query parameters (GET and DELETE carry their arguments in the query). */
  args: JsonObject;
}

/** A non-JSON answer (e.g. a direct download), or a JSON answer with a status other than 200. */
export class RawResponse {
  constructor(
    readonly status: number,
    readonly body: Buffer | string,
    readonly contentType: string,
  ) {}
}

/** Handles one route; returns the JSON body of a 200 answer, or throws an ApiError. */
export type Handler = (request: ApiRequest, store: Store) => Json | RawResponse;

/** One API route: `pattern` is relative to `/api/2.x/`, with `:name` segments. */
export interface Route {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  pattern: string;
  handler: Handler;
  /** Only serve under these API versions; all of 2.0, 2.1 and 2.2 when omitted. */
  versions?: readonly string[];
}

interface CompiledRoute extends Route {
  regex: RegExp;
  names: string[];
}

/** Matches request paths against a route table. */
export class Router {
  private readonly compiled: CompiledRoute[];

  constructor(routes: readonly Route[]) {
    this.compiled = routes.map((route) => {
      const names: string[] = [];
      const source = route.pattern
        .split('/')
        .map((segment) => {
          if (!segment.startsWith(':')) return segment.replace(/[.*+?^${}()|[\]\\-]/g, '\\$&');
          names.push(segment.slice(1));
          return '([^/]+)';
        })
        .join('/');
      return { ...route, regex: new RegExp(`^${source}$`), names };
    });
  }

  /** The handler and path parameters for `method` + `path` (relative to `/api/<version>/`), if any. */
  match(
    method: string,
    version: string,
    path: string,
  ): { handler: Handler; params: Record<string, string> } | undefined {
    for (const route of this.compiled) {
      if (route.method !== method) continue;
      if (route.versions && !route.versions.includes(version)) continue;
      const found = route.regex.exec(path);
      if (!found) continue;
      const params: Record<string, string> = {};
      route.names.forEach((name, index) => {
        params[name] = decodeURIComponent(found[index + 1]);
      });
      return { handler: route.handler, params };
    }
    return undefined;
  }
}
