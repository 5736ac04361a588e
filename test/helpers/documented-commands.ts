import * as fs from 'node:fs';
import * as path from 'node:path';

/** The docs whose shell blocks a new user copies: every command in them must work as written. */
export const DOCUMENTED_FILES = ['README.md', 'docs/GETTING_STARTED.md'] as const;

/** One `npm run <script> -- <args>` found in a doc's shell block. */
export interface DocumentedCommand {
  readonly file: string;
  /** The shell line it came from, comment removed. */
  readonly line: string;
  readonly script: string;
  /** Arguments after `--`, as written (shell variables such as `$env` kept). */
  readonly args: readonly string[];
}

/** Every `npm run` command in the ```bash blocks of the documented files. */
export function documentedCommands(root: string): DocumentedCommand[] {
  const found: DocumentedCommand[] = [];
  for (const file of DOCUMENTED_FILES) {
    const text = fs.readFileSync(path.join(root, file), 'utf8');
    for (const block of text.matchAll(/```(?:bash|sh|shell)\n([\s\S]*?)```/g)) {
      for (const raw of block[1].split('\n')) {
        const line = raw.replace(/(^|\s)#.*$/, '').trim();
        // `a && b`, `a; b`, `for x in ...; do a; done`, `a &`: each npm invocation on its own.
        for (const part of line.split(/&&|;|\bdo\b|\bdone\b|&\s*$/)) {
          const m = /^\s*npm run ([\w:-]+)(?: -- (.*))?\s*$/.exec(part);
          if (m) found.push({ file, line, script: m[1], args: m[2] ? m[2].trim().split(/\s+/) : [] });
        }
      }
    }
  }
  return found;
}

/** The `--long` options a command line uses. */
export function longOptions(args: readonly string[]): string[] {
  return args.filter((a) => a.startsWith('--')).map((a) => a.split('=')[0]);
}
