/**
 * Regenerates the generated parts of README.md (the config reference) from the code.
 * Usage: npm run docs [-- --check]   (--check: exit 1 when README.md is stale instead of writing)
 */
import * as fs from 'node:fs';
import * as prettier from 'prettier';
import { configReference } from '../app/config/config-reference';
import { renderRulesTable, replaceRulesBlock } from '../lib/policy/rules-table';
import { parseCli, PROJECT_PATHS, runCli } from './cli';

const README = PROJECT_PATHS.readme;
const START = '<!-- config-reference:start -->';
const END = '<!-- config-reference:end -->';

/** README.md with its config reference block replaced by the current one, formatted as prettier would. */
export async function renderReadme(text: string): Promise<string> {
  const a = text.indexOf(START);
  const b = text.indexOf(END);
  if (a < 0 || b < a) throw new Error(`README.md must contain ${START} ... ${END}`);
  const withConfig = `${text.slice(0, a + START.length)}\n${configReference()}${text.slice(b)}`;
  const next = replaceRulesBlock(withConfig, renderRulesTable);
  const options = (await prettier.resolveConfig(README)) ?? {};
  return prettier.format(next, { ...options, filepath: README });
}

const USAGE = `Usage: npm run docs [-- --check]

Regenerates the generated sections of README.md (config reference, policy rules table) from the code.
  --check   write nothing; exit 1 when README.md is stale

Exit codes: 0 up to date (or updated), 1 stale with --check or an error, 2 usage.`;

async function main(): Promise<number> {
  const { values } = parseCli(process.argv.slice(2), { check: { type: 'boolean' } }, USAGE);
  const current = fs.readFileSync(README, 'utf8');
  const next = await renderReadme(current);
  if (values.check) {
    if (next !== current) {
      console.error('README.md generated sections are stale: run `npm run docs`.');
      return 1;
    }
  } else if (next !== current) {
    fs.writeFileSync(README, next);
    console.log('README.md updated.');
  }
  return 0;
}

if (require.main === module) runCli(USAGE, main);
