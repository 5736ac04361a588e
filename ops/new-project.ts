import * as fs from 'node:fs';
import * as path from 'node:path';
import { RESOURCE_KEY } from '../lib/vocabulary';

/** Where the data-project template lives inside this program. */
export const TEMPLATE_DIR = 'templates/data-project';

/** Options of {@link scaffoldDataProject}. */
export interface ScaffoldOptions {
  /** The new repository's folder: must not exist, or be empty. */
  readonly targetDir: string;
  /** This program's root: the template and the requirements files are read from it. */
  readonly programRoot: string;
  /**
   * The project name (Git folders, job names, tags).
   * @default - the target folder's name
   */
  readonly projectName?: string;
  /**
   * The data repository's remote, for the Git folders.
   * @default `https://github.com/acme-data/<projectName>.git`
   */
  readonly gitUrl?: string;
}

/** What {@link scaffoldDataProject} wrote. */
export interface ScaffoldResult {
  readonly targetDir: string;
  readonly projectName: string;
  /** Files written, relative to the target, sorted. */
  readonly files: readonly string[];
}

/** A refused scaffold: the message names the value and the fix. Nothing was written. */
export class ScaffoldError extends Error {}

function listFiles(dir: string, rel = ''): string[] {
  return fs
    .readdirSync(path.join(dir, rel), { withFileTypes: true })
    .flatMap((e) => {
      const child = path.posix.join(rel, e.name);
      if (e.isDirectory()) return listFiles(dir, child);
      return e.isFile() ? [child] : [];
    })
    .sort();
}

function checkTarget(target: string): void {
  let entries: string[];
  try {
    const stat = fs.statSync(target);
    if (!stat.isDirectory()) {
      throw new ScaffoldError(`${target}: expected a new or empty folder, found a file; choose another path`);
    }
    entries = fs.readdirSync(target);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw e;
  }
  if (entries.length > 0) {
    throw new ScaffoldError(
      `${target}: expected a new or empty folder, found ${entries.length} entr${entries.length === 1 ? 'y' : 'ies'} (${entries.slice(0, 3).join(', ')}${entries.length > 3 ? ', ...' : ''}); choose another path, the scaffold never overwrites`,
    );
  }
}

function checkName(name: string): void {
  if (!RESOURCE_KEY.test(name)) {
    throw new ScaffoldError(
      `project name: expected 2-40 characters of lowercase letters, digits and '-', starting with a letter, found ${JSON.stringify(name)}; pass --name`,
    );
  }
}

function checkGitUrl(url: string): void {
  let parsed: URL | undefined;
  try {
    parsed = new URL(url);
  } catch {
    parsed = undefined;
  }
  if (!parsed || parsed.protocol !== 'https:' || parsed.username || parsed.password) {
    throw new ScaffoldError(
      `git URL: expected an https URL without credentials (e.g. https://github.com/acme-data/orders.git), found ${parsed?.username || parsed?.password ? 'a URL with credentials' : JSON.stringify(url)}; pass --git-url`,
    );
  }
}

/**
 * Scaffolds a data project (blueprint sections 1, 4, 8, 9) into `targetDir`: `deep_project_core`,
 * notebooks, the pytest suite and its fixture data, this program's requirements files, a Makefile,
 * a GitHub workflow and a `config/` for this program that points at the new checkout.
 *
 * All or nothing: the files are written into a temporary sibling folder that is renamed into place
 * at the end, so a failure leaves no half-written project.
 * @throws ScaffoldError when the target is not empty or the name or URL are not valid
 */
export function scaffoldDataProject(options: ScaffoldOptions): ScaffoldResult {
  const target = path.resolve(options.targetDir);
  const projectName = options.projectName ?? path.basename(target);
  const gitUrl = options.gitUrl ?? `https://github.com/acme-data/${projectName}.git`;
  checkName(projectName);
  checkGitUrl(gitUrl);
  checkTarget(target);

  const template = path.join(options.programRoot, TEMPLATE_DIR);
  const requirements = path.join(options.programRoot, 'requirements');
  // Relative when the program sits near the new checkout (a sibling clone), else absolute.
  const relative = path.relative(target, options.programRoot) || '.';
  const blueprintDir =
    relative.split(path.sep).filter((s) => s === '..').length <= 2 ? relative : options.programRoot;
  const substitutions: Record<string, string> = {
    __PROJECT_NAME__: projectName,
    __GIT_URL__: gitUrl,
    __BLUEPRINT_DIR__: blueprintDir,
  };
  const render = (text: string) =>
    text.replace(/__(PROJECT_NAME|GIT_URL|BLUEPRINT_DIR)__/g, (m) => substitutions[m]);

  fs.mkdirSync(path.dirname(target), { recursive: true });
  const tmp = fs.mkdtempSync(`${target}.tmp-`);
  try {
    const written: string[] = [];
    const copy = (fromDir: string, file: string, toRel: string) => {
      const dest = path.join(tmp, toRel);
      fs.mkdirSync(path.dirname(dest), { recursive: true });
      fs.writeFileSync(dest, render(fs.readFileSync(path.join(fromDir, file), 'utf8')));
      fs.chmodSync(dest, fs.statSync(path.join(fromDir, file)).mode & 0o777);
      written.push(toRel);
    };
    for (const file of listFiles(template)) copy(template, file, file);
    for (const file of listFiles(requirements))
      copy(requirements, file, path.posix.join('requirements', file));
    if (fs.existsSync(target)) fs.rmdirSync(target); // empty, checked above
    fs.renameSync(tmp, target);
    return { targetDir: target, projectName, files: written.sort() };
  } catch (e) {
    fs.rmSync(tmp, { recursive: true, force: true });
    throw e;
  }
}
