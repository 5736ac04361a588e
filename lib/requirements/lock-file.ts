import { findDisagreeingPins } from './duplicate-pins';
import { Flavor, flavorFiles, FlavorSource, resolveFlavorFiles } from './flavor';
import { exactPin } from './pep440';
import { displayPath, RequirementsProblem } from './problem';
import { formatRequirement } from './requirement-line';
import { readRequirementsFile, RequirementEntry, RequirementsFile } from './requirements-file';

/** One package of a lock: an exact pin. */
export interface LockedPackage {
  /** PEP 503 normalized name. */
  readonly key: string;
  readonly version: string;
  readonly entry: RequirementEntry;
}

/** A flavor's lock file (`requirements[-flavor].txt`), read and checked on its own. */
export interface LockFile {
  /** Pinned packages by normalized name (the first pin when a package is listed twice). */
  readonly packages: ReadonlyMap<string, LockedPackage>;
  /** Whether the lock carries `--hash` values (then pip installs it with `--require-hashes`). */
  readonly hasHashes: boolean;
  readonly source: RequirementsFile;
  /** Entries not pinned with `==`, disagreeing pins, missing hashes next to hashed entries, parse errors. */
  readonly problems: ReadonlyArray<RequirementsProblem>;
}

/**
 * The command that regenerates a flavor's lock, for messages.
 * @example relockCommand('ml', true) === 'pip-compile --generate-hashes --output-file=requirements/requirements-ml.txt requirements/requirements-combined-ml.in'
 */
export function relockCommand(flavor: Flavor, hashes: boolean): string {
  const files = flavorFiles('requirements', flavor);
  const name = (file: string) => `requirements/${file.split(/[\\/]/).pop()}`;
  return `pip-compile ${hashes ? '--generate-hashes ' : ''}--output-file=${name(files.lock)} ${name(files.combined)}`;
}

/**
 * Reads `requirements[-flavor].txt`. Every entry must be an exact `==` pin; when any entry has hashes,
 * all must (pip's hash-checking mode rejects a file otherwise).
 * @throws RequirementsIoError when the file is missing
 */
export function readLockFile(files: FlavorSource, flavor: Flavor): LockFile {
  const { dir: requirementsDir, lock } = resolveFlavorFiles(files, flavor);
  const source = readRequirementsFile(lock, requirementsDir);
  const problems: RequirementsProblem[] = [...source.problems];
  const hasHashes = source.entries.some((e) => e.requirement.hashes.length > 0);
  const fix = `Regenerate the lock: ${relockCommand(flavor, hasHashes)}`;
  const packages = new Map<string, LockedPackage>();
  for (const entry of source.entries) {
    const at = () => ({ file: displayPath(requirementsDir, entry.file), line: entry.line });
    const version = entry.requirement.url === undefined ? exactPin(entry.requirement.specifiers) : undefined;
    if (version === undefined) {
      problems.push({
        ...at(),
        message: `"${formatRequirement(entry.requirement)}" is not pinned with ==; a lock pins every package to one version. ${fix}.`,
      });
      continue;
    }
    if (hasHashes && entry.requirement.hashes.length === 0) {
      problems.push({
        ...at(),
        message: `${entry.requirement.key}==${version} has no --hash while other entries do, so pip --require-hashes would reject the lock. ${fix}.`,
      });
    }
    if (!packages.has(entry.requirement.key)) {
      packages.set(entry.requirement.key, { key: entry.requirement.key, version, entry });
    }
  }
  problems.push(...findDisagreeingPins(source.entries, requirementsDir));
  return { packages, hasHashes, source, problems };
}
