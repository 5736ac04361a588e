import { invalidParameter } from './api-error';
import { isJsonObject, type Json, type JsonObject } from './json';

/** A string argument that must be present and non-empty (400 INVALID_PARAMETER_VALUE otherwise). */
export function requiredString(args: JsonObject, name: string): string {
  const value = args[name];
  if (value === undefined || value === null || value === '') {
    throw invalidParameter(`Missing required field: ${name}`);
  }
  if (typeof value !== 'string')
    throw invalidParameter(`Field ${name} must be a string, got ${JSON.stringify(value)}`);
  return value;
}

/** A string argument that may be absent. */
export function optionalString(args: JsonObject, name: string): string | undefined {
  const value = args[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string')
    throw invalidParameter(`Field ${name} must be a string, got ${JSON.stringify(value)}`);
  return value;
}

/** A boolean argument (JSON boolean, or `true`/`false` in a query string); false when absent. */
export function booleanArg(args: JsonObject, name: string): boolean {
  const value = args[name];
  if (value === undefined || value === null) return false;
  if (typeof value === 'boolean') return value;
  if (value === 'true' || value === 'false') return value === 'true';
  throw invalidParameter(`Field ${name} must be a boolean, got ${JSON.stringify(value)}`);
}

/** An int64 id argument (JSON number or decimal string in a query string) that must be present. */
export function requiredInt(args: JsonObject, name: string): number {
  const value = args[name];
  if (value === undefined || value === null || value === '') {
    throw invalidParameter(`Missing required field: ${name}`);
  }
  const parsed = parseIntArg(value);
  if (parsed === undefined)
    throw invalidParameter(`Field ${name} must be an integer, got ${JSON.stringify(value)}`);
  return parsed;
}

/** An integer argument that may be absent. */
export function optionalInt(args: JsonObject, name: string): number | undefined {
  const value = args[name];
  if (value === undefined || value === null || value === '') return undefined;
  const parsed = parseIntArg(value);
  if (parsed === undefined)
    throw invalidParameter(`Field ${name} must be an integer, got ${JSON.stringify(value)}`);
  return parsed;
}

function parseIntArg(value: Json): number | undefined {
  if (typeof value === 'number' && Number.isInteger(value)) return value;
  if (typeof value === 'string' && /^-?\d+$/.test(value)) return Number(value);
  return undefined;
}

/** An object argument that may be absent. */
export function optionalObject(args: JsonObject, name: string): JsonObject | undefined {
  const value = args[name];
  if (value === undefined || value === null) return undefined;
  if (!isJsonObject(value))
    throw invalidParameter(`Field ${name} must be an object, got ${JSON.stringify(value)}`);
  return value;
}

/** An array argument that may be absent. */
export function optionalArray(args: JsonObject, name: string): Json[] | undefined {
  const value = args[name];
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value))
    throw invalidParameter(`Field ${name} must be an array, got ${JSON.stringify(value)}`);
  return value;
}

/** `args` without the listed keys (e.g. the id fields of an edit request, to keep only the spec). */
export function omit(args: JsonObject, ...keys: string[]): JsonObject {
  const copy: JsonObject = structuredClone(args);
  for (const key of keys) delete copy[key];
  return copy;
}

/** Offset-based paging shared by the list endpoints: `page_token` (or `offset`) and a page size. */
export function paginate<T>(
  items: T[],
  args: JsonObject,
  sizeField: string,
  defaultSize: number,
): { page: T[]; nextPageToken?: string; hasMore: boolean } {
  const token = optionalString(args, 'page_token');
  const offset = token
    ? Number(Buffer.from(token, 'base64url').toString('utf8'))
    : (optionalInt(args, 'offset') ?? 0);
  if (!Number.isInteger(offset) || offset < 0)
    throw invalidParameter(`Invalid page_token ${JSON.stringify(token)}`);
  const size = optionalInt(args, sizeField) || defaultSize;
  const page = items.slice(offset, offset + size);
  const hasMore = offset + size < items.length;
  return {
    page,
    hasMore,
    nextPageToken: hasMore ? Buffer.from(String(offset + size), 'utf8').toString('base64url') : undefined,
  };
}

/** Jobs API 2.2 returns at most this many elements of each array property of a job or run per response. */
export const ARRAY_PAGE_SIZE = 100;

/**
 * One page of the array properties of a job's settings or of a run (Jobs API 2.2 `jobs/get`, `runs/get`): each
 * listed array keeps the `ARRAY_PAGE_SIZE` elements from the offset `page_token` names (the first ones without a
 * token); an array with none left on that page is removed. Changes `holder` in place: pass a copy. Every array
 * shares the one token, as the API's `next_page_token` does.
 */
export function pageArrayProperties(
  holder: JsonObject,
  fields: readonly string[],
  args: JsonObject,
): { hasMore: boolean; nextPageToken?: string } {
  const pageArgs: JsonObject = args.page_token === undefined ? {} : { page_token: args.page_token };
  let hasMore = false;
  let nextPageToken: string | undefined;
  for (const field of fields) {
    const items = holder[field];
    if (!Array.isArray(items)) continue;
    const paged = paginate(items, pageArgs, 'page_size', ARRAY_PAGE_SIZE);
    if (paged.page.length > 0) holder[field] = paged.page;
    else delete holder[field];
    if (paged.hasMore) {
      hasMore = true;
      nextPageToken = paged.nextPageToken;
    }
  }
  return { hasMore, nextPageToken };
}
