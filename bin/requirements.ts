/**
 * `npm run requirements -- <check|combine> [--flavor X] [--dir DIR]`: the blueprint's dependency workflow.
 * See docs/requirements.md.
 */
import * as path from 'path';
import { runRequirementsCli } from '../ops/requirements-cli';

process.exitCode = runRequirementsCli(
  process.argv.slice(2),
  process.env,
  { stdout: (line) => console.log(line), stderr: (line) => console.error(line) },
  path.resolve(__dirname, '..'),
);
