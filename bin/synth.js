#!/usr/bin/env node
/**
 * `npm run synth` (and cdktf.json's app): runs main.ts from a cached esbuild bundle.
 *
 * Why: starting through tsx transforms ~100 TypeScript files and resolves ~1,500 modules on every
 * run; one pre-built bundle loads in a fraction of that (see README "Performance"). The bundle is
 * rebuilt whenever a source file, the lock file, Node or esbuild changes (keyed by their sizes and
 * modification times), into node_modules/.cache (git-ignored), written atomically.
 * Each source file's `__dirname` is replaced by its real folder, so paths to assets/, config/ and
 * requirements/ resolve as they do from source. `DEVOPS_SYNTH_NO_BUNDLE=1` runs from source with tsx.
 */
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const crypto = require('node:crypto');
const { spawnSync } = require('node:child_process');

// The launcher runs before any TypeScript loads, so it finds the root itself; the program finds it
// through app/paths/project-paths.ts.
const ROOT = path.resolve(__dirname, '..');
const SOURCES = ['main.ts', 'lib', 'app', 'stacks'];

function sourceFiles() {
  const files = [];
  const walk = (p) => {
    const stat = fs.statSync(p);
    if (stat.isDirectory()) for (const e of fs.readdirSync(p).sort()) walk(path.join(p, e));
    else if (p.endsWith('.ts')) files.push([p, stat.size, stat.mtimeMs]);
  };
  for (const s of SOURCES) walk(path.join(ROOT, s));
  return files;
}

function bundleKey(esbuildVersion) {
  const hash = crypto.createHash('sha256');
  hash.update(`${process.version}\0${esbuildVersion}\0${ROOT}\0`);
  const lock = path.join(ROOT, 'package-lock.json');
  if (fs.existsSync(lock)) hash.update(`${fs.statSync(lock).mtimeMs}\0`);
  for (const [file, size, mtime] of sourceFiles()) hash.update(`${file}\0${size}\0${mtime}\0`);
  return hash.digest('hex').slice(0, 16);
}

async function buildBundle(esbuild, outfile) {
  const dirnamePlugin = {
    name: 'real-dirname',
    setup(build) {
      build.onLoad({ filter: /\.ts$/ }, (args) => {
        if (args.path.includes(`${path.sep}node_modules${path.sep}`)) return undefined;
        const source = fs.readFileSync(args.path, 'utf8');
        return {
          contents: source.replace(/\b__dirname\b/g, JSON.stringify(path.dirname(args.path))),
          loader: 'ts',
        };
      });
    },
  };
  const tmp = `${outfile}.${process.pid}.tmp`;
  await esbuild.build({
    entryPoints: [path.join(ROOT, 'main.ts')],
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    outfile: tmp,
    logLevel: 'error',
    plugins: [dirnamePlugin],
  });
  fs.renameSync(tmp, outfile);
}

async function main() {
  if (process.env.DEVOPS_SYNTH_NO_BUNDLE === '1') {
    const res = spawnSync(
      process.execPath,
      ['--import', 'tsx', path.join(ROOT, 'main.ts'), ...process.argv.slice(2)],
      {
        stdio: 'inherit',
      },
    );
    process.exitCode = res.status ?? 1;
    return;
  }
  const esbuild = require('esbuild');
  // One folder per checkout (node_modules may be shared with a rollback worktree).
  const rootKey = crypto.createHash('sha256').update(ROOT).digest('hex').slice(0, 12);
  const dir = path.join(ROOT, 'node_modules', '.cache', 'devops-synth', rootKey);
  const name = `main-${bundleKey(esbuild.version)}.js`;
  const outfile = path.join(dir, name);
  if (!fs.existsSync(outfile)) {
    fs.mkdirSync(dir, { recursive: true });
    await buildBundle(esbuild, outfile);
    for (const old of fs.readdirSync(dir)) {
      if (old !== name && !old.endsWith('.tmp')) fs.rmSync(path.join(dir, old), { force: true });
    }
  }
  require(outfile);
}

main().catch((e) => {
  console.error(`synth: ${e instanceof Error ? e.message : String(e)}`);
  process.exitCode = 1;
});
