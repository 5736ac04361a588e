import * as fs from 'node:fs';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parse, stringify } from 'yaml';
import type { RunningEmulator } from '../emulator/server';

/** The project the benchmarks measure. */
export const ROOT = path.resolve(__dirname, '..');
const RESULTS = path.join(ROOT, 'bench', 'results.json');

/**
 * A copy of the default config folder, under `outDir`, with `jobs` workflows per environment and one all-purpose
 * cluster per 10 jobs (every job also gets its permissions).
 */
export function scaledConfig(outDir: string, jobs: number): string {
  const dir = path.join(outDir, `config-${jobs}`);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.cpSync(path.join(ROOT, 'config'), dir, { recursive: true });
  const projectFile = path.join(dir, 'project.yaml');
  const project = parse(fs.readFileSync(projectFile, 'utf8'));
  const clusters = Math.max(1, Math.floor(jobs / 10));
  project.requirements = { dir: path.join(ROOT, 'requirements') };
  project.workflows = Array.from({ length: jobs }, (_, i) => ({
    name: `workflow-${String(i).padStart(4, '0')}`,
    notebook: `notebooks/workflows/workflow_${i}`,
    schedule: { cron: `0 ${i % 60} ${i % 24} * * ?`, timezone: 'UTC' },
    parameters: { partition: String(i) },
    compute: i % 2 === 0 ? 'job-cluster' : `shared-${i % clusters}`,
  }));
  fs.writeFileSync(projectFile, stringify(project, { aliasDuplicateObjects: false }));
  for (const env of ['dev', 'staging', 'prod']) {
    const file = path.join(dir, `${env}.yaml`);
    const config = parse(fs.readFileSync(file, 'utf8'));
    const template = config.clusters[0];
    config.clusters = Array.from({ length: clusters }, (_, i) => ({ ...template, name: `shared-${i}` }));
    fs.writeFileSync(file, stringify(config, { aliasDuplicateObjects: false }));
  }
  return dir;
}

/** Merges `results` into bench/results.json, keeping what the other benchmark wrote. */
export function writeResults(results: Record<string, unknown>): void {
  const existing = fs.existsSync(RESULTS) ? (JSON.parse(fs.readFileSync(RESULTS, 'utf8')) as object) : {};
  fs.writeFileSync(RESULTS, `${JSON.stringify({ ...existing, ...results }, null, 2)}\n`);
}

/** One timed step of a benchmark against the emulator: wall time and what the emulator answered meanwhile. */
export interface Phase {
  readonly seconds: number;
  readonly requests: number;
  readonly requestsPerResource: number;
  /** Requests the emulator refused with 429 (its documented rate limits). */
  readonly throttled: number;
}

/** Times `run` and counts the emulator requests it made (per resource: `resources`). */
export async function phase(
  emulator: RunningEmulator,
  resources: number,
  run: () => Promise<unknown>,
): Promise<Phase> {
  const before = emulator.requests().length;
  const started = performance.now();
  await run();
  const seconds = (performance.now() - started) / 1000;
  const log = emulator.requests().slice(before);
  return {
    seconds: Number(seconds.toFixed(1)),
    requests: log.length,
    requestsPerResource: Number((log.length / resources).toFixed(2)),
    throttled: log.filter((entry) => entry.status === 429).length,
  };
}

/** Edits a YAML file of a bench config in place. */
export function editYaml(file: string, edit: (doc: Record<string, unknown>) => void): void {
  const doc = parse(fs.readFileSync(file, 'utf8'));
  edit(doc);
  fs.writeFileSync(file, stringify(doc, { aliasDuplicateObjects: false }));
}

/** Prints rows (the first one the header) as aligned columns. */
export function printTable(rows: readonly (readonly string[])[]): void {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  for (const r of rows) console.log(r.map((cell, c) => cell.padEnd(widths[c])).join('  '));
}
