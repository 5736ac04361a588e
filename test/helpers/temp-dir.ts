import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const created: string[] = [];

// Temporary folders live until the end of the test file that made them (thousands per run otherwise).
if (typeof afterAll === 'function') {
  afterAll(() => {
    for (const dir of created.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
  });
}

/** A fresh temporary directory (under the OS temp dir), removed after the current test file. */
export function tempDir(prefix = 'devops-test-'): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  created.push(dir);
  return dir;
}
