import * as fs from 'node:fs';
import * as path from 'node:path';
import { ConfigError } from './config/config-error';
import { displayPath } from './config/load-config';

/** The file synth leaves in every output folder it writes: only such a folder is ever replaced. */
export const OUTPUT_MARKER = '.devops-synth-output';

/** What cdktf itself writes: an output folder holding only these predates the marker and may be replaced. */
const CDKTF_ENTRIES = new Set(['manifest.json', 'stacks', OUTPUT_MARKER]);

function real(p: string): string {
  try {
    return fs.realpathSync(p);
  } catch {
    return path.resolve(p);
  }
}

/**
 * Refuses an output folder synth must not replace, before anything is written: one that is, or
 * contains, a folder of the project (config, requirements, project root, working directory), or an
 * existing folder that synth did not write (no {@link OUTPUT_MARKER}, not empty, not cdktf's own).
 * @throws ConfigError naming CDKTF_OUTDIR and the fix
 */
export function assertReplaceableOutdir(
  outdir: string,
  protectedDirs: Readonly<Record<string, string>>,
): void {
  const fail = (message: string) => {
    throw new ConfigError([{ file: 'CDKTF_OUTDIR', path: '', message }]);
  };
  const out = real(outdir);
  for (const [what, dir] of Object.entries(protectedDirs)) {
    const rel = path.relative(out, real(dir));
    if (rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel))) {
      fail(
        `expected an output folder apart from the project, found ${JSON.stringify(displayPath(outdir))}, which ${rel === '' ? 'is' : 'contains'} the ${what} (${displayPath(dir)}); set CDKTF_OUTDIR to a folder of its own such as cdktf.out`,
      );
    }
  }
  if (!fs.existsSync(outdir)) return;
  if (!fs.statSync(outdir).isDirectory()) {
    fail(
      `expected a folder, found a file at ${JSON.stringify(displayPath(outdir))}; remove it or choose another CDKTF_OUTDIR`,
    );
  }
  const entries = fs.readdirSync(outdir);
  if (entries.includes(OUTPUT_MARKER) || entries.every((e) => CDKTF_ENTRIES.has(e))) return;
  fail(
    `expected a folder written by synth (it holds ${OUTPUT_MARKER}) or an empty one, found ${JSON.stringify(displayPath(outdir))} with other files; synth replaces its output folder, so choose a new CDKTF_OUTDIR or empty this one yourself`,
  );
}

/** Marks a freshly written output folder as synth's own. */
export function markOutdir(dir: string): void {
  fs.writeFileSync(
    path.join(dir, OUTPUT_MARKER),
    'Written by `npm run synth`; synth replaces this folder on every run.\n',
  );
}
