import { randomInt, randomUUID } from 'node:crypto';

const ALPHANUMERIC = 'abcdefghijklmnopqrstuvwxyz0123456789';
const HEX = '0123456789ABCDEF';

function pick(alphabet: string, length: number): string {
  let out = '';
  for (let i = 0; i < length; i += 1) out += alphabet[randomInt(alphabet.length)];
  return out;
}

/**
 * A random int64-like id that is still a safe JavaScript integer, with `digits` decimal digits (15 or 16,
 * like real job and workspace object ids).
 */
export function numericId(digits: 15 | 16): number {
  const high = digits === 16 ? randomInt(1_000_000, 9_000_000) : randomInt(100_000, 1_000_000);
  return high * 1_000_000_000 + randomInt(1_000_000_000);
}

/** A cluster id shaped like the real ones: `MMDD-HHMMSS-xxxxxxxx` (UTC creation time, 8 lowercase alphanumerics). */
export function clusterId(now: Date): string {
  const two = (n: number): string => String(n).padStart(2, '0');
  const date = `${two(now.getUTCMonth() + 1)}${two(now.getUTCDate())}`;
  const time = `${two(now.getUTCHours())}${two(now.getUTCMinutes())}${two(now.getUTCSeconds())}`;
  return `${date}-${time}-${pick(ALPHANUMERIC, 8)}`;
}

/** A 16-character upper-case hex id, like cluster policy and global init script ids. */
export function hexId(): string {
  return pick(HEX, 16);
}

/** A UUID, like notification destination ids. */
export function uuid(): string {
  return randomUUID();
}

/** Draws ids from `make` until one is not `taken` (collisions are astronomically rare, but cheap to rule out). */
export function uniqueId<T>(make: () => T, taken: (id: T) => boolean): T {
  for (;;) {
    const id = make();
    if (!taken(id)) return id;
  }
}

/** The numeric workspace id sent as `X-Databricks-Org-Id` and used in run page URLs. */
export const ORG_ID = '1234567890123456';
