import { createHash } from 'crypto';
import { Flavor, FlavorSource, resolveFlavorFiles } from './flavor';
import { formatProblem } from './problem';
import { readLockFile } from './lock-file';
import { readTextFile } from './requirements-file';
import { readRuntimeBaseline } from './runtime-baseline';

/** What a construct needs to pin a flavor on a cluster: the runtime and the lock to upload. */
export interface PinnedFlavorFiles {
  /** The Databricks Runtime version the lock was tested on, as DATABRICKS_RUNTIME_VERSION reports it (e.g. `16.4`). */
  readonly runtimeVersion: string;
  /** The cluster `spark_version` of that runtime and flavor (e.g. `16.4.x-cpu-ml-scala2.12`). */
  readonly sparkVersion: string;
  /** The lock file's exact text, to upload as a workspace file. */
  readonly lockText: string;
  /** sha256 of the lock text (hex), e.g. for a change-detecting resource attribute. */
  readonly lockSha256: string;
  /** Whether the lock carries `--hash` values (installed with `--require-hashes`). */
  readonly hasHashes: boolean;
}

/**
 * Reads what a cluster construct needs for one flavor. Synchronous, for use in construct constructors.
 * Does not run the full check (use {@link checkFlavor} or `npm run requirements -- check` in CI), but refuses
 * a baseline without a valid runtime header and a lock that is not fully pinned.
 * @throws RequirementsIoError when a file is missing; Error when the baseline header or the lock is invalid
 */
export function readPinnedFlavor(source: FlavorSource, flavor: Flavor): PinnedFlavorFiles {
  const files = resolveFlavorFiles(source, flavor);
  const baseline = readRuntimeBaseline(files, flavor);
  const lock = readLockFile(files, flavor);
  const problems = [...baseline.problems, ...lock.problems];
  if (problems.length > 0) {
    throw new Error(
      `the ${flavor} requirements cannot be pinned:\n${problems.map(formatProblem).join('\n')}\n` +
        'Run `npm run requirements -- check` for the full report.',
    );
  }
  const lockText = readTextFile(files.lock, files.dir);
  return {
    runtimeVersion: baseline.runtimeVersion,
    sparkVersion: baseline.sparkVersion,
    lockText,
    lockSha256: createHash('sha256').update(lockText).digest('hex'),
    hasHashes: lock.hasHashes,
  };
}
