import * as fs from 'node:fs';
import * as path from 'node:path';
import { ConfigIssue } from '../config/config-error';
import { displayPath, ProjectConfig } from '../config/load-config';
import { pythonImports } from './python-imports';

/** Where the blueprint's repository layout (section 1) puts things. */
export const WORKFLOWS_DIR = 'notebooks/workflows';
export const EDA_DIR = 'notebooks/eda';
export const CORE_PACKAGE = 'deep_project_core';
/** Modules the portable library must not import (with their submodules). */
export const FORBIDDEN_CORE_IMPORTS = ['dbutils', 'pyspark.dbutils', 'databricks'] as const;
/** Python files larger than this are not scanned (a library module is a few kB). */
const MAX_SOURCE_BYTES = 1024 * 1024;

/** The first line that makes a source file a notebook in a Git folder, per extension. */
const NOTEBOOK_HEADERS: Record<string, string | undefined> = {
  '.py': '# Databricks notebook source',
  '.sql': '-- Databricks notebook source',
  '.scala': '// Databricks notebook source',
  '.r': '# Databricks notebook source',
  '.ipynb': undefined,
};

type Found = { kind: 'notebook'; file: string } | { kind: 'file'; file: string } | { kind: 'none' };

function isNotebook(file: string): boolean {
  const ext = path.extname(file).toLowerCase();
  if (!(ext in NOTEBOOK_HEADERS)) return false;
  const header = NOTEBOOK_HEADERS[ext];
  if (header === undefined) return true;
  const fd = fs.openSync(file, 'r');
  try {
    const buf = Buffer.alloc(header.length + 3);
    const n = fs.readSync(fd, buf, 0, buf.length, 0);
    return buf
      .subarray(0, n)
      .toString('utf8')
      .replace(/^\uFEFF/, '')
      .startsWith(header);
  } finally {
    fs.closeSync(fd);
  }
}

function isRegularFile(file: string): boolean {
  try {
    return fs.lstatSync(file).isFile();
  } catch {
    return false;
  }
}

/** The notebook a workspace path (no extension) names in the checkout. */
function findNotebook(repo: string, notebook: string): Found {
  let plainFile: string | undefined;
  for (const ext of Object.keys(NOTEBOOK_HEADERS)) {
    const file = path.join(repo, `${notebook}${ext}`);
    if (!isRegularFile(file)) continue;
    if (isNotebook(file)) return { kind: 'notebook', file };
    plainFile ??= file;
  }
  return plainFile ? { kind: 'file', file: plainFile } : { kind: 'none' };
}

/** Regular files below `dir` (relative, POSIX separators); symbolic links are not followed. */
function filesBelow(root: string, rel: string): string[] {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(path.join(root, rel), { withFileTypes: true });
  } catch {
    return [];
  }
  return entries
    .flatMap((e) => {
      const child = path.posix.join(rel, e.name);
      if (e.isDirectory()) return e.name === '__pycache__' ? [] : filesBelow(root, child);
      return e.isFile() ? [child] : [];
    })
    .sort();
}

const withoutExtension = (rel: string) => rel.slice(0, rel.length - path.extname(rel).length);
const under = (dir: string, rel: string) => rel.startsWith(`${dir}/`);

/**
 * Checks the data repository checkout against the config and the blueprint's layout (section 1):
 * every notebook under `notebooks/workflows` has exactly one job and every job's notebook exists;
 * nothing under `notebooks/eda` is scheduled; every smoke notebook exists; `deep_project_core`
 * imports nothing from dbutils, pyspark.dbutils or databricks. Returns every problem, each naming
 * the file and the fix; nothing when the config has no `dataRepo`.
 */
export function checkDataRepoLayout(config: ProjectConfig): ConfigIssue[] {
  const repo = config.dataRepoDir;
  if (!repo) return [];
  const issues: ConfigIssue[] = [];
  const projectFile = config.file;
  const shown = (rel: string) => displayPath(path.join(repo, rel));
  const exts = Object.keys(NOTEBOOK_HEADERS)
    .map((e) => e.slice(1))
    .join(',');
  const missing = (where: string, notebook: string, found: Found, fix: string) => {
    if (found.kind === 'notebook') return;
    issues.push({
      file: projectFile,
      path: where,
      message:
        found.kind === 'file'
          ? `expected a notebook at ${notebook}, found ${displayPath(found.file)}, a plain file; add "${NOTEBOOK_HEADERS[path.extname(found.file).toLowerCase()]}" as its first line`
          : `expected a notebook at ${notebook} in the data repository (${shown(notebook)}.{${exts}}), found none; ${fix}`,
    });
  };

  const jobsByNotebook = new Map<string, string[]>();
  config.workflows.forEach((w, i) => {
    jobsByNotebook.set(w.notebook, [...(jobsByNotebook.get(w.notebook) ?? []), w.name]);
    missing(
      `workflows[${i}].notebook`,
      w.notebook,
      findNotebook(repo, w.notebook),
      'add the notebook or fix the path',
    );
    if (!under(EDA_DIR, w.notebook)) return;
    const fix = `EDA notebooks are never scheduled: move the notebook to ${WORKFLOWS_DIR}/ or remove the schedule`;
    if (w.schedule) {
      issues.push({
        file: projectFile,
        path: `workflows[${i}].schedule`,
        message: `expected no schedule for ${w.notebook} (under ${EDA_DIR}/), found ${JSON.stringify(w.schedule.cron)}; ${fix}`,
      });
    }
    for (const env of config.environments) {
      const override = env.workflows[w.name]?.schedule;
      if (override) {
        issues.push({
          file: env.file,
          path: `workflows.${w.name}.schedule`,
          message: `expected no schedule for ${w.notebook} (under ${EDA_DIR}/), found ${JSON.stringify(override.cron)}; ${fix}`,
        });
      }
    }
  });

  for (const rel of filesBelow(repo, WORKFLOWS_DIR)) {
    if (!isNotebook(path.join(repo, rel))) continue;
    const notebook = withoutExtension(rel);
    const jobs = jobsByNotebook.get(notebook) ?? [];
    if (jobs.length === 1) continue;
    issues.push({
      file: shown(rel),
      path: '',
      message:
        jobs.length === 0
          ? `expected exactly one job for this workflow notebook, found none; add a workflows entry with notebook: ${notebook} to ${projectFile}, or move the notebook to ${EDA_DIR}/ if it is exploratory`
          : `expected exactly one job for this workflow notebook, found ${jobs.length} (${jobs.join(', ')}) in ${projectFile}; keep one job per workflow notebook (pass differences as parameters of one job, or copy the notebook)`,
    });
  }

  config.smokeTests.notebooks.forEach((notebook, i) =>
    missing(
      `smokeTests.notebooks[${i}]`,
      notebook,
      findNotebook(repo, notebook),
      'add the smoke notebook (it runs the pytest suite on the cluster) or fix the path',
    ),
  );

  issues.push(...checkCoreImports(repo, shown));
  return issues;
}

/** `deep_project_core` stays portable: no dbutils, pyspark.dbutils or databricks imports. */
function checkCoreImports(repo: string, shown: (rel: string) => string): ConfigIssue[] {
  const core = path.join(repo, CORE_PACKAGE);
  if (!fs.existsSync(core) || !fs.lstatSync(core).isDirectory()) {
    return [
      {
        file: shown(CORE_PACKAGE),
        path: '',
        message: `expected the package folder ${CORE_PACKAGE}/ (pure Python business logic, blueprint section 1), found none; create it (npm run new-project scaffolds one)`,
      },
    ];
  }
  const issues: ConfigIssue[] = [];
  for (const rel of filesBelow(repo, CORE_PACKAGE).filter((f) => f.endsWith('.py'))) {
    const file = path.join(repo, rel);
    if (fs.statSync(file).size > MAX_SOURCE_BYTES) {
      issues.push({
        file: shown(rel),
        path: '',
        message: `expected a Python module of at most ${MAX_SOURCE_BYTES} bytes to check its imports, found a larger file; split it`,
      });
      continue;
    }
    const reported = new Set<number>(); // `from databricks.sdk import X` names two modules on one line
    for (const { module, line } of pythonImports(fs.readFileSync(file, 'utf8'))) {
      const forbidden = FORBIDDEN_CORE_IMPORTS.find((f) => module === f || module.startsWith(`${f}.`));
      if (!forbidden || reported.has(line)) continue;
      reported.add(line);
      issues.push({
        file: shown(rel),
        path: `line ${line}`,
        message: `expected no import from ${FORBIDDEN_CORE_IMPORTS.join(', ')} in ${CORE_PACKAGE} (it stays portable), found ${module}; keep dbutils, secrets and the SDK in the notebook and pass their values into the function`,
      });
    }
  }
  return issues;
}
