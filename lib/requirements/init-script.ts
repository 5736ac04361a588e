import { fileSha256 } from './combine';
import { Flavor, FlavorSource, resolveFlavorFiles } from './flavor';
import { readLockFile } from './lock-file';
import { evaluateMarker } from './markers';
import { normalizeVersion, versionsEqual } from './pep440';
import { formatProblem } from './problem';
import { readRuntimeBaseline } from './runtime-baseline';

/** What an init script pins. */
export interface InitScriptOptions {
  readonly flavor: Flavor;
  /** Expected DATABRICKS_RUNTIME_VERSION, e.g. `16.4`. */
  readonly runtimeVersion: string;
  /** The packages the runtime ships (normalized names). */
  readonly baseline: ReadonlyArray<{ name: string; version: string }>;
  /** Workspace path of the uploaded lock, e.g. `/Shared/pinned/requirements.txt` (read at `/Workspace/...`). */
  readonly lockWorkspacePath: string;
}

/** Everything the template needs: {@link InitScriptOptions} plus what is derived from the lock. */
export interface InitScriptValues extends InitScriptOptions {
  /** sha256 of the lock file the script was generated for. */
  readonly lockSha256: string;
  /** Whether to install with `--require-hashes`. */
  readonly requireHashes: boolean;
  /** Locked packages the runtime does not ship at the locked version: what the script installs. */
  readonly install: ReadonlyArray<{ name: string; version: string }>;
  /** The runtime baseline's snapshot date, shown in messages. */
  readonly snapshotDate: string;
}

const SAFE = {
  runtimeVersion: /^\d+\.\d+$/,
  name: /^[a-z0-9]+(-[a-z0-9]+)*$/,
  version: /^[A-Za-z0-9.!+_-]+$/,
  lockWorkspacePath: /^(\/[A-Za-z0-9._@ +-]+)+$/,
  sha256: /^[0-9a-f]{64}$/,
  snapshotDate: /^\d{4}-\d{2}-\d{2}$/,
};

function requireSafe(what: string, value: string, pattern: RegExp, expected: string): void {
  if (!pattern.test(value)) {
    throw new Error(`init script: ${what} "${value}" is not valid; expected ${expected}.`);
  }
}

/**
 * Fills the template. Every value is validated against a conservative pattern first, so nothing
 * rendered into the script can break out of its single-quoted string.
 * @param template the bash template's text; its placeholders are `{{FLAVOR}}`, `{{RUNTIME_VERSION}}`,
 *   `{{SNAPSHOT_DATE}}`, `{{LOCK_WORKSPACE_PATH}}`, `{{LOCK_SHA256}}`, `{{REQUIRE_HASHES}}`,
 *   `{{BASELINE}}` and `{{INSTALL}}` (this repository's is `assets/init/pinned-environment.sh.tmpl`)
 * @throws Error naming the bad value, or an unknown placeholder
 */
export function fillInitScriptTemplate(values: InitScriptValues, template: string): string {
  requireSafe('runtime version', values.runtimeVersion, SAFE.runtimeVersion, 'major.minor, e.g. 16.4');
  requireSafe(
    'lock workspace path',
    values.lockWorkspacePath,
    SAFE.lockWorkspacePath,
    'an absolute workspace path such as /Shared/pinned/requirements.txt (letters, digits, . _ @ + - and spaces)',
  );
  requireSafe('lock sha256', values.lockSha256, SAFE.sha256, '64 lower-case hex digits');
  requireSafe('snapshot date', values.snapshotDate, SAFE.snapshotDate, 'YYYY-MM-DD');
  const pins = (list: ReadonlyArray<{ name: string; version: string }>) =>
    list
      .map(({ name, version }) => {
        requireSafe('package name', name, SAFE.name, 'a PEP 503 normalized name');
        requireSafe(`version of ${name}`, version, SAFE.version, 'a PEP 440 version');
        // pip list prints normalized versions; compare like with like.
        return `${name}==${normalizeVersion(version) ?? version.toLowerCase()}`;
      })
      .sort()
      .join('\n');
  const lockPath = values.lockWorkspacePath.replace(/^\/Workspace(?=\/)/, '');
  const replacements: Record<string, string> = {
    FLAVOR: values.flavor,
    RUNTIME_VERSION: values.runtimeVersion,
    SNAPSHOT_DATE: values.snapshotDate,
    LOCK_WORKSPACE_PATH: lockPath,
    LOCK_SHA256: values.lockSha256,
    REQUIRE_HASHES: values.requireHashes ? 'true' : 'false',
    BASELINE: pins(values.baseline),
    INSTALL: pins(values.install),
  };
  const rendered = template.replace(/\{\{([A-Z0-9_]+)\}\}/g, (whole, key: string) => {
    const value = replacements[key];
    if (value === undefined) {
      throw new Error(`init script template: unknown placeholder ${whole}`);
    }
    return value;
  });
  return rendered;
}

/**
 * Renders the enforcing init script of one flavor from its runtime baseline and lock. Synchronous.
 * @param lockWorkspacePath where the lock is uploaded as a workspace file, e.g. `/Shared/pinned/requirements-ml.txt`
 *   (the script reads it at `/Workspace/Shared/pinned/requirements-ml.txt`)
 * @param template the bash template's text (see {@link fillInitScriptTemplate})
 * @throws RequirementsIoError when a file is missing; Error when the baseline or the lock has problems
 */
export function renderInitScript(
  source: FlavorSource,
  flavor: Flavor,
  lockWorkspacePath: string,
  template: string,
): string {
  const files = resolveFlavorFiles(source, flavor);
  const baseline = readRuntimeBaseline(files, flavor);
  const lock = readLockFile(files, flavor);
  const problems = [...baseline.problems, ...lock.problems];
  if (problems.length > 0) {
    throw new Error(
      `cannot render the ${flavor} init script:\n${problems.map(formatProblem).join('\n')}\n` +
        'Run `npm run requirements -- check` for the full report.',
    );
  }
  const install = [...lock.packages.values()]
    .filter(
      (p) =>
        p.entry.requirement.marker === undefined ||
        evaluateMarker(p.entry.requirement.marker, baseline.markerEnvironment),
    )
    .filter((p) => {
      const shipped = baseline.packages.get(p.key);
      return shipped === undefined || !versionsEqual(shipped.version, p.version);
    })
    .map((p) => ({ name: p.key, version: p.version }));
  return fillInitScriptTemplate(
    {
      flavor,
      runtimeVersion: baseline.runtimeVersion,
      baseline: [...baseline.packages.values()].map((p) => ({ name: p.key, version: p.version })),
      lockWorkspacePath,
      lockSha256: fileSha256(files.lock),
      requireHashes: lock.hasHashes,
      install,
      snapshotDate: baseline.snapshotDate,
    },
    template,
  );
}
