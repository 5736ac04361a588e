/**
 * Regenerates the generated parts of README.md (the config reference) from the code.
 * Usage: npm run docs [-- --check]   (--check: exit 1 when README.md is stale instead of writing)
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as prettier from 'prettier';
import { configReference } from '../app/config/config-reference';
import { renderRulesTable, replaceRulesBlock } from '../lib/policy/rules-table';

const README = path.join(__dirname, '..', 'README.md');
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

async function main(): Promise<void> {
  const current = fs.readFileSync(README, 'utf8');
  const next = await renderReadme(current);
  if (process.argv.includes('--check')) {
    if (next !== current) {
      console.error('README.md generated sections are stale: run `npm run docs`.');
      process.exitCode = 1;
    }
  } else if (next !== current) {
    fs.writeFileSync(README, next);
    console.log('README.md updated.');
  }
}

if (require.main === module) void main();
