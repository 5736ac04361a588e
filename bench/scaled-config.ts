import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse, stringify } from 'yaml';

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
