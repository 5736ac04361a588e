import * as fs from 'node:fs';
import * as path from 'node:path';

/** How many backups of a local state file are kept when `DEVOPS_STATE_BACKUPS` does not say. */
export const DEFAULT_BACKUPS_KEPT = 20;

/** A local state file that is empty or unreadable while the environment evidently exists. */
export class StateLostError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StateLostError';
  }
}

/** The folder holding the backups of a local state file: `<dir>/backups/<name>/`. */
export function backupDirOf(stateFile: string): string {
  return path.join(path.dirname(stateFile), 'backups', path.basename(stateFile, '.tfstate'));
}

/** Backups of a local state file, newest first. */
export function listBackups(stateFile: string): string[] {
  const dir = backupDirOf(stateFile);
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.tfstate'))
    .sort()
    .reverse()
    .map((f) => path.join(dir, f));
}

/** The number of backups to keep: `DEVOPS_STATE_BACKUPS` (a whole number ≥ 1), else the default. */
export function backupsKept(env: NodeJS.ProcessEnv): number {
  const raw = env.DEVOPS_STATE_BACKUPS;
  if (raw === undefined || raw === '') return DEFAULT_BACKUPS_KEPT;
  if (!/^[1-9]\d*$/.test(raw)) {
    throw new Error(`DEVOPS_STATE_BACKUPS must be a whole number of at least 1, found "${raw}"`);
  }
  return Number(raw);
}

/**
 * Copies a local state file to `backups/<name>/<UTC timestamp>.tfstate` beside it (before an
 * apply) and deletes all but the newest `keep`. Nothing to back up (no file yet, or an empty one)
 * returns undefined.
 */
export function backupState(stateFile: string, keep: number, now = new Date()): string | undefined {
  if (!fs.existsSync(stateFile) || fs.statSync(stateFile).size === 0) return undefined;
  const dir = backupDirOf(stateFile);
  fs.mkdirSync(dir, { recursive: true });
  const stamp = now.toISOString().replace(/[:.]/g, '-');
  let target = path.join(dir, `${stamp}.tfstate`);
  for (let i = 1; fs.existsSync(target); i++) target = path.join(dir, `${stamp}-${i}.tfstate`);
  fs.copyFileSync(stateFile, target);
  for (const old of listBackups(stateFile).slice(keep)) fs.rmSync(old);
  return target;
}

/** What is wrong with a local state file, or undefined when Terraform can read it (or it does not exist yet). */
export function stateFileProblem(stateFile: string): string | undefined {
  if (!fs.existsSync(stateFile)) return undefined;
  const text = fs.readFileSync(stateFile, 'utf8');
  if (text.length === 0) return 'is empty (zero bytes)';
  try {
    const state = JSON.parse(text) as { version?: unknown; resources?: unknown };
    if (typeof state.version !== 'number' || !Array.isArray(state.resources ?? [])) {
      return 'is JSON but not a Terraform state (no "version")';
    }
    return undefined;
  } catch (e) {
    return `is not valid JSON (${(e as Error).message})`;
  }
}

/** The command that puts the newest backup (or `backup`) back in place of the state file. */
export function restoreCommand(environment: string, backup?: string): string {
  return `npm run state -- restore ${environment}${backup ? ` --from ${backup}` : ''}`;
}

/**
 * Refuses an empty or unreadable local state file: an empty one when backups show the
 * environment was deployed before (a new environment has no state file and no backups), an
 * unreadable one always (Terraform would fail on it without naming the file). The message names
 * the file, the newest backup and the restore command.
 */
export function assertStateReadable(stateFile: string, environment: string): void {
  const problem = stateFileProblem(stateFile);
  if (!problem) return;
  const backups = listBackups(stateFile);
  if (problem.startsWith('is empty') && backups.length === 0) return;
  const newest = backups[0];
  throw new StateLostError(
    `The state file ${stateFile} ${problem}` +
      (newest
        ? `, but environment "${environment}" was deployed before (newest backup: ${newest}). ` +
          `Planning on it would create every object again beside the live ones. Restore it with ` +
          `\`${restoreCommand(environment)}\` (or --from another file of ${path.dirname(newest)}), then re-run.`
        : `. No backup of it exists; restore it from your own copy, or, if the environment was never ` +
          `deployed, delete the file. See docs/RUNBOOK-state.md, "Restore from backup".`),
  );
}

/**
 * Puts a backup back as the state file; the file it replaces (when non-empty) is kept beside it
 * as `<file>.replaced-<timestamp>`. Returns the backup used.
 */
export function restoreState(stateFile: string, from?: string, now = new Date()): string {
  const backup = from ? path.resolve(from) : listBackups(stateFile)[0];
  if (!backup) throw new Error(`No backup of ${stateFile} in ${backupDirOf(stateFile)}; pass --from <file>.`);
  const problem = stateFileProblem(backup);
  if (problem || !fs.existsSync(backup)) {
    throw new Error(`The backup ${backup} ${problem ?? 'does not exist'}; choose another with --from.`);
  }
  if (fs.existsSync(stateFile) && fs.statSync(stateFile).size > 0) {
    fs.copyFileSync(stateFile, `${stateFile}.replaced-${now.toISOString().replace(/[:.]/g, '-')}`);
  }
  fs.mkdirSync(path.dirname(stateFile), { recursive: true });
  fs.copyFileSync(backup, stateFile);
  return backup;
}
