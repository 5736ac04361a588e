import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { PROJECT_PATHS } from '../../../app/paths/project-paths';

/** The fixtures of the requirements tests. */
export const FIXTURES = path.resolve(__dirname, '..', '..', 'fixtures', 'requirements');

/** The default project's requirements folder. */
export const PROJECT_REQUIREMENTS = PROJECT_PATHS.requirements;

/**
 * Copies a fixture folder to `<tmp>/<random>/requirements` and returns that path, so tests can change
 * files freely. Messages then show paths as `requirements/<file>`.
 */
export function copyFixture(source: string): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'requirements-test-'));
  const target = path.join(root, 'requirements');
  fs.cpSync(source, target, { recursive: true });
  return target;
}

/** Rewrites a file in place with `edit`. */
export function editFile(file: string, edit: (text: string) => string): void {
  fs.writeFileSync(file, edit(fs.readFileSync(file, 'utf8')));
}

/** The 1-based line number of the first line of `file` containing `needle`. */
export function lineOf(file: string, needle: string): number {
  const index = fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .findIndex((l) => l.includes(needle));
  if (index < 0) {
    throw new Error(`"${needle}" not found in ${file}`);
  }
  return index + 1;
}
