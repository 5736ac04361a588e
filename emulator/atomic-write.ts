import { renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

let sequence = 0;

/**
 * Writes `data` to `file` so that readers see either the old or the new content, never a torn file: the data
 * goes to a temporary file in the same directory (same filesystem), which is then renamed over the target.
 * @returns the temporary path that was used (useful in tests).
 */
export function writeFileAtomic(file: string, data: string): string {
  sequence += 1;
  const temp = join(dirname(file), `.${basename(file)}.${process.pid}.${sequence}.tmp`);
  try {
    writeFileSync(temp, data, { encoding: 'utf8', mode: 0o600 });
    renameSync(temp, file);
  } catch (error) {
    rmSync(temp, { force: true });
    throw error;
  }
  return temp;
}
