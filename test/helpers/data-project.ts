import * as path from 'node:path';
import { scaffoldDataProject } from '../../ops/new-project';
import { tempDir } from './temp-dir';

/** The program's root, where the data-project template lives. */
export const PROGRAM_ROOT = path.resolve(__dirname, '..', '..');

/** A freshly scaffolded data project in a temporary folder (removed after the test file). */
export function scaffoldedProject(projectName = 'orders-lake'): string {
  return scaffoldDataProject({
    targetDir: path.join(tempDir('data-project-'), projectName),
    programRoot: PROGRAM_ROOT,
  }).targetDir;
}
