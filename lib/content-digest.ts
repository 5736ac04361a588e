import { createHash } from 'node:crypto';

/** The first 12 hex digits of the SHA-256 of `content`: short, and unique enough to address a file. */
export function contentDigest(...content: string[]): string {
  const hash = createHash('sha256');
  for (const c of content) hash.update(c).update('\0');
  return hash.digest('hex').slice(0, 12);
}
