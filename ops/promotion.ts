import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseDocument } from 'yaml';
import { assertClean } from './git-worktree';

/** The environments a promotion cuts a branch for (dev always runs `main`). */
export type PromotionTarget = 'staging' | 'prod';

/** A refusal: the message says what is wrong and what to do. */
export class PromotionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PromotionError';
  }
}

/** A release branch: `release/<major>.<minor>` (prod) or `release/<major>.<minor>-RC` (staging). */
export interface ReleaseBranch {
  readonly name: string;
  readonly major: number;
  readonly minor: number;
  /** True for a release candidate (`-RC`). */
  readonly candidate: boolean;
}

const RELEASE = /^release\/(0|[1-9]\d*)\.(0|[1-9]\d*)(-RC)?$/;

/** The version of a release branch name, or undefined for any other branch. */
export function parseReleaseBranch(name: string): ReleaseBranch | undefined {
  const m = RELEASE.exec(name);
  if (!m) return undefined;
  return { name, major: Number(m[1]), minor: Number(m[2]), candidate: m[3] !== undefined };
}

function compareVersions(a: ReleaseBranch, b: ReleaseBranch): number {
  return a.major - b.major || a.minor - b.minor;
}

function newest(branches: readonly ReleaseBranch[]): ReleaseBranch | undefined {
  return [...branches].sort(compareVersions).at(-1);
}

/**
 * The next release candidate: one minor version above the highest release branch, final or
 * candidate (an unpromoted candidate is superseded, never reused), or `release/1.0-RC` when there
 * is none. A new major version is cut by hand once; promotions count on from there.
 * @example nextCandidate(['main', 'release/1.3', 'release/1.4-RC']) === 'release/1.5-RC'
 */
export function nextCandidate(branchNames: readonly string[]): string {
  const top = newest(branchNames.map(parseReleaseBranch).filter((b) => b !== undefined));
  return top ? `release/${top.major}.${top.minor + 1}-RC` : 'release/1.0-RC';
}

/** What a promotion cuts: `target` as a new branch from `source` (both on the remote). */
export interface PromotionPlan {
  readonly environment: PromotionTarget;
  readonly source: string;
  readonly target: string;
}

/**
 * Chooses the branches of a promotion from the remote's branch names:
 * staging cuts {@link nextCandidate} from `main`; prod cuts `release/x.y` from the newest `release/x.y-RC`.
 * @throws PromotionError when the source is missing or the target exists already
 */
export function planPromotion(environment: PromotionTarget, branchNames: readonly string[]): PromotionPlan {
  const names = new Set(branchNames);
  if (environment === 'staging') {
    if (!names.has('main'))
      throw new PromotionError('The remote has no branch "main" to cut a release candidate from.');
    return { environment, source: 'main', target: nextCandidate(branchNames) };
  }
  const candidate = newest(
    branchNames.map(parseReleaseBranch).filter((b) => b?.candidate === true) as ReleaseBranch[],
  );
  if (!candidate) {
    throw new PromotionError(
      'The remote has no release candidate branch (release/x.y-RC) to promote: cut one with `npm run promote -- staging`.',
    );
  }
  const target = `release/${candidate.major}.${candidate.minor}`;
  if (names.has(target)) {
    throw new PromotionError(
      `${candidate.name} was promoted already (${target} exists): cut a new candidate with \`npm run promote -- staging\`.`,
    );
  }
  return { environment, source: candidate.name, target };
}

/**
 * The environment file with its Git folder moved to `branch` (`git.branch` set, `git.tag` removed),
 * comments and layout kept; undefined when it is on that branch already.
 */
export function pinEnvironmentBranch(yamlText: string, branch: string, file = 'config'): string | undefined {
  const doc = parseDocument(yamlText);
  if (doc.errors.length > 0)
    throw new PromotionError(`${file}: not valid YAML: ${doc.errors[0].message.split('\n')[0]}`);
  if (doc.getIn(['git', 'branch']) === branch && !doc.hasIn(['git', 'tag'])) return undefined;
  if (!doc.has('git'))
    throw new PromotionError(`${file} has no "git" section naming the environment's branch.`);
  doc.setIn(['git', 'branch'], branch);
  doc.deleteIn(['git', 'tag']);
  return doc.toString();
}

/** Options of {@link promote}. */
export interface PromoteOptions {
  /** The repository to promote in (its working tree must be clean). */
  readonly repoDir: string;
  readonly environment: PromotionTarget;
  /** Push; without it, only say what would be pushed. @default false */
  readonly yes?: boolean;
  /** @default 'origin' */
  readonly remote?: string;
  /** The config folder, relative to the repository root. @default 'config' */
  readonly configDir?: string;
  /** Progress and plan lines. @default - to stderr */
  readonly log?: (line: string) => void;
}

/** What {@link promote} did (or would do, on a dry run). */
export interface PromotionResult extends PromotionPlan {
  /** The source branch's commit on the remote. */
  readonly sourceCommit: string;
  /** The commit the new branch points at: the source plus the environment-file commit, if any. */
  readonly commit: string;
  /** The environment file that was changed, relative to the repository root, if it was. */
  readonly configFile?: string;
  readonly pushed: boolean;
}

/**
 * Cuts the promotion's branch on the remote: reads the remote's branches, fetches the source,
 * commits `<configDir>/<env>.yaml` with `git.branch` set to the new branch on top of it (so that
 * the environment deployed from that branch mounts that branch, and a rollback to it mounts it
 * again), and pushes the result as a new branch, only with `yes`, never over an existing branch.
 * Touches neither the working tree nor the current branch.
 * @throws PromotionError on a dirty tree, a missing remote, source or file, or an existing target
 */
export function promote(options: PromoteOptions): PromotionResult {
  const { repoDir, environment } = options;
  const remote = options.remote ?? 'origin';
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const git = (args: readonly string[], env?: NodeJS.ProcessEnv) => run(repoDir, args, env);

  try {
    assertClean(repoDir);
  } catch (e) {
    throw new PromotionError((e as Error).message);
  }
  try {
    git(['remote', 'get-url', remote]);
  } catch {
    throw new PromotionError(`This repository has no remote "${remote}" to promote on.`);
  }
  const heads = git(['ls-remote', '--heads', remote])
    .split('\n')
    .filter(Boolean)
    .map((line) => line.split('\t')[1].replace(/^refs\/heads\//, ''));
  const plan = planPromotion(environment, heads);

  const tracking = `refs/remotes/${remote}/${plan.source}`;
  git(['fetch', '--quiet', remote, `+refs/heads/${plan.source}:${tracking}`]);
  const sourceCommit = git(['rev-parse', '--verify', `${tracking}^{commit}`]);

  const configFile = path.posix.join(options.configDir ?? 'config', `${environment}.yaml`);
  let current: string;
  try {
    current = run(repoDir, ['show', `${sourceCommit}:${configFile}`], undefined, false);
  } catch {
    throw new PromotionError(
      `${configFile} does not exist on ${plan.source}: it names the Git branch ${environment} runs.`,
    );
  }
  const pinned = pinEnvironmentBranch(current, plan.target, configFile);
  const message = `promote: ${environment} runs ${plan.target}`;
  const commit =
    pinned === undefined ? sourceCommit : commitFile(repoDir, sourceCommit, configFile, pinned, message);

  log(
    `Promote ${environment}: new branch ${plan.target} from ${plan.source} (${remote}, ${sourceCommit.slice(0, 12)})`,
  );
  if (pinned !== undefined)
    log(`  commit ${commit.slice(0, 12)} "${message}": ${configFile} git.branch = ${plan.target}`);
  log(`  git push ${remote} ${commit.slice(0, 12)}:refs/heads/${plan.target}`);
  const result = {
    ...plan,
    sourceCommit,
    commit,
    pushed: false,
    ...(pinned !== undefined ? { configFile } : {}),
  };
  if (!options.yes) {
    log('Dry run: nothing pushed. Re-run with --yes to push.');
    return result;
  }
  try {
    // An empty lease: the push creates the branch and fails if someone created it meanwhile.
    git([
      'push',
      '--quiet',
      `--force-with-lease=refs/heads/${plan.target}:`,
      remote,
      `${commit}:refs/heads/${plan.target}`,
    ]);
  } catch (e) {
    throw new PromotionError(`git push of ${plan.target} failed: ${(e as Error).message}`);
  }
  log(`Pushed ${plan.target}.`);
  return { ...result, pushed: true };
}

/** `source` plus one commit that replaces `file` with `text` (plumbing: no checkout, no index change). */
function commitFile(repoDir: string, source: string, file: string, text: string, message: string): string {
  const mode = run(repoDir, ['ls-tree', source, '--', file]).split(/\s/)[0] || '100644';
  const blob = run(repoDir, ['hash-object', '-w', '--stdin'], undefined, true, text);
  const indexDir = fs.mkdtempSync(path.join(os.tmpdir(), 'devops-promote-'));
  try {
    const env = { ...process.env, GIT_INDEX_FILE: path.join(indexDir, 'index') };
    run(repoDir, ['read-tree', source], env);
    run(repoDir, ['update-index', '--cacheinfo', `${mode},${blob},${file}`], env);
    const tree = run(repoDir, ['write-tree'], env);
    try {
      return run(repoDir, ['commit-tree', tree, '-p', source, '-m', message]);
    } catch (e) {
      throw new PromotionError(
        `Cannot commit ${file} (${(e as Error).message.split('\n')[0]}); set git user.name and user.email.`,
      );
    }
  } finally {
    fs.rmSync(indexDir, { recursive: true, force: true });
  }
}

function run(
  cwd: string,
  args: readonly string[],
  env?: NodeJS.ProcessEnv,
  trim = true,
  input?: string,
): string {
  try {
    const out = execFileSync('git', [...args], {
      cwd,
      env: env ?? process.env,
      encoding: 'utf8',
      input,
      stdio: [input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
    });
    return trim ? out.trim() : out;
  } catch (e) {
    const stderr = String((e as { stderr?: string }).stderr ?? '').trim();
    throw new Error(`git ${args[0]}: ${stderr || (e as Error).message}`);
  }
}
