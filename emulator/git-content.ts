import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { invalidParameter } from './api-error';
import { currentHead, advanceHead } from './git-heads';
import type { EmulatorState, GitFile, GitHead, GitTree } from './state';

/** First lines that make a source file a Databricks notebook, with the language they give it. */
const NOTEBOOK_HEADERS: ReadonlyArray<{ ext: string; header: string; language: string }> = [
  { ext: '.py', header: '# Databricks notebook source', language: 'PYTHON' },
  { ext: '.sql', header: '-- Databricks notebook source', language: 'SQL' },
  { ext: '.scala', header: '// Databricks notebook source', language: 'SCALA' },
  { ext: '.r', header: '# Databricks notebook source', language: 'R' },
];

/** Folders never copied into a Git folder's content. */
const SKIPPED_FOLDERS = new Set(['.git', 'node_modules', '.tools', '.venv', '__pycache__']);

/** A seeded folder may hold at most this many files (a guard against seeding `/` by mistake). */
const MAX_SEEDED_FILES = 5000;

/**
 * The Git file for `relativePath` with `bytes`: a notebook (path without extension) when it starts with a
 * Databricks notebook header or is a `.ipynb`, else a plain workspace file.
 */
export function gitFile(relativePath: string, bytes: Buffer): { path: string; file: GitFile } {
  const clean = relativePath.split(sep).join('/').replace(/^\/+/, '');
  const lower = clean.toLowerCase();
  const content = bytes.toString('base64');
  if (lower.endsWith('.ipynb')) {
    return {
      path: clean.slice(0, -'.ipynb'.length),
      file: { object_type: 'NOTEBOOK', language: 'PYTHON', content },
    };
  }
  const firstLine = bytes.subarray(0, 200).toString('utf8').split(/\r?\n/, 1)[0].trim();
  const notebook = NOTEBOOK_HEADERS.find((kind) => lower.endsWith(kind.ext) && firstLine === kind.header);
  if (notebook) {
    return {
      path: clean.slice(0, -notebook.ext.length),
      file: { object_type: 'NOTEBOOK', language: notebook.language, content },
    };
  }
  return { path: clean, file: { object_type: 'FILE', content } };
}

/** A tree from `{relative path: text}`, each text classified as {@link gitFile} does. */
export function treeFromTexts(files: Record<string, string>): GitTree {
  const tree: GitTree = {};
  for (const [path, text] of Object.entries(files)) {
    if (path === '' || path.split('/').some((part) => part === '..' || part === '.')) {
      throw invalidParameter(`Invalid file path ${JSON.stringify(path)}: expected a relative path.`);
    }
    const entry = gitFile(path, Buffer.from(text, 'utf8'));
    tree[entry.path] = entry.file;
  }
  return tree;
}

/** A tree from the files under `dir` (a checkout), skipping `.git`, `node_modules` and virtualenvs. */
export function treeFromDirectory(dir: string): GitTree {
  let stats;
  try {
    stats = statSync(dir);
  } catch {
    throw invalidParameter(`Cannot seed Git content from ${dir}: the folder does not exist.`);
  }
  if (!stats.isDirectory()) throw invalidParameter(`Cannot seed Git content from ${dir}: not a folder.`);
  const tree: GitTree = {};
  let count = 0;
  const walk = (folder: string): void => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const full = join(folder, entry.name);
      if (entry.isDirectory()) {
        if (!SKIPPED_FOLDERS.has(entry.name)) walk(full);
      } else if (entry.isFile()) {
        count += 1;
        if (count > MAX_SEEDED_FILES) {
          throw invalidParameter(`Cannot seed Git content from ${dir}: more than ${MAX_SEEDED_FILES} files.`);
        }
        const file = gitFile(relative(dir, full), readFileSync(full));
        tree[file.path] = file.file;
      }
    }
  };
  walk(dir);
  return tree;
}

/** The content of commit `commit` of `url`: a pushed tree, else the URL's seeded default, else empty. */
export function treeAt(state: EmulatorState, url: string, commit: string): GitTree {
  return state.gitTrees[commit] ?? state.gitDefaults[url] ?? {};
}

/** The content of the head of `branch` of `url`. */
export function branchTree(state: EmulatorState, url: string, branch: string): GitTree {
  return treeAt(state, url, currentHead(state, url, branch));
}

/**
 * Seeds the content of `url`: of every branch without pushed content when `branch` is undefined, else of
 * `branch`, as a push (a new head commit) unless the branch already holds exactly this tree.
 * @returns the head commit of the branch, or undefined for a URL-wide default
 */
export function seedGitContent(
  state: EmulatorState,
  url: string,
  branch: string | undefined,
  tree: GitTree,
): string | undefined {
  if (branch === undefined) {
    state.gitDefaults[url] = tree;
    return undefined;
  }
  if (JSON.stringify(branchTree(state, url, branch)) === JSON.stringify(tree)) {
    return currentHead(state, url, branch);
  }
  const head = advanceHead(state, url, branch);
  state.gitTrees[head.commit] = tree;
  return head.commit;
}

/**
 * Pushes one commit to `branch` that adds or replaces `changes` on top of the current head's content (an empty
 * change is a commit that touches nothing the workspace sees).
 */
export function pushCommit(
  state: EmulatorState,
  url: string,
  branch: string,
  changes: GitTree = {},
): GitHead {
  const previous = currentHead(state, url, branch);
  const carried = state.gitTrees[previous];
  const head = advanceHead(state, url, branch);
  if (carried || Object.keys(changes).length > 0) {
    state.gitTrees[head.commit] = { ...treeAt(state, url, previous), ...changes };
  }
  return head;
}
