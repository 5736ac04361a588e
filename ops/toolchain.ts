import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { PROVIDER_ADDRESS, readManifest, toolchainPaths, ToolchainPaths } from '../app/toolchain-manifest';

export {
  PROVIDER_ADDRESS,
  readManifest,
  toolchainPaths,
  type ToolchainManifest,
  type ToolchainPaths,
} from '../app/toolchain-manifest';

/** The Databricks provider version the generated bindings target; setup tries it first. */
export const WANTED_PROVIDER_VERSION = '1.99.0';

/**
 * Provider versions setup falls back to, newest first, when the Go module proxy refuses the
 * wanted one (here it serves nothing newer than v1.84.0).
 */
export const FALLBACK_PROVIDER_VERSIONS: readonly string[] = ['1.84.0'];

/** Oldest Terraform CLI the project supports (`import` blocks, `-json` diagnostics). */
export const MIN_TERRAFORM_VERSION = '1.5.0';

/** A ready toolchain: the binary to run and the environment to run it with. */
export interface Toolchain {
  /** Absolute path of the Terraform CLI. */
  readonly terraform: string;
  /** The Databricks provider version the mirror serves. */
  readonly providerVersion: string;
  /**
   * The environment for every terraform process: the caller's environment (DATABRICKS_* auth
   * variables pass through) plus TF_CLI_CONFIG_FILE, TF_PLUGIN_CACHE_DIR, CHECKPOINT_DISABLE
   * and TF_IN_AUTOMATION.
   */
  readonly env: Record<string, string>;
}

/** Thrown when the toolchain is missing or damaged; the message says how to fix it. */
export class ToolchainMissingError extends Error {
  constructor(reason: string) {
    super(`Terraform toolchain not ready: ${reason}. Run \`npm run setup:terraform\` first.`);
    this.name = 'ToolchainMissingError';
  }
}

/**
 * Terraform's platform name for this machine (`linux_amd64`, `darwin_arm64`, ...).
 */
export function terraformPlatform(
  platform: NodeJS.Platform = process.platform,
  arch: string = process.arch,
): string {
  const goArch: Record<string, string> = { x64: 'amd64', arm64: 'arm64', ia32: '386', arm: 'arm' };
  const goOs = platform === 'win32' ? 'windows' : platform;
  return `${goOs}_${goArch[arch] ?? arch}`;
}

/**
 * Path of the provider binary in the mirror's unpacked layout:
 * `<mirror>/registry.terraform.io/databricks/databricks/<version>/<platform>/terraform-provider-databricks_v<version>`.
 */
export function providerMirrorPath(
  mirrorDir: string,
  version: string,
  platform = terraformPlatform(),
): string {
  return join(mirrorDir, PROVIDER_ADDRESS, version, platform, `terraform-provider-databricks_v${version}`);
}

/**
 * The Terraform CLI configuration: databricks/databricks comes only from the local mirror (never
 * the network), and installed providers go to a cache shared by all stacks.
 */
export function renderCliConfig(paths: Pick<ToolchainPaths, 'mirrorDir' | 'pluginCacheDir'>): string {
  return [
    '# Written by `npm run setup:terraform`; do not edit (it is rewritten on every run).',
    'provider_installation {',
    '  filesystem_mirror {',
    `    path    = ${JSON.stringify(paths.mirrorDir)}`,
    `    include = [${JSON.stringify(PROVIDER_ADDRESS)}]`,
    '  }',
    '  direct {',
    `    exclude = [${JSON.stringify(PROVIDER_ADDRESS)}]`,
    '  }',
    '}',
    '',
    `plugin_cache_dir = ${JSON.stringify(paths.pluginCacheDir)}`,
    '# The mirror is local and trusted: link from the cache even before a lock file records a checksum.',
    'plugin_cache_may_break_dependency_lock_file = true',
    '',
  ].join('\n');
}

/**
 * Compares dotted version strings numerically (`1.10.0` > `1.9.3`); pre-release suffixes are ignored.
 * @returns negative, zero or positive like a sort comparator
 */
export function compareVersions(a: string, b: string): number {
  const parts = (v: string) =>
    v
      .replace(/^v/, '')
      .split(/[-+]/)[0]
      .split('.')
      .map((p) => Number.parseInt(p, 10) || 0);
  const [pa, pb] = [parts(a), parts(b)];
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const diff = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (diff !== 0) return diff;
  }
  return 0;
}

/**
 * The ready toolchain for a project: every command and test that runs terraform uses it.
 *
 * Checks cheaply (existence, size, exec bit) that what setup recorded is still in place; setup
 * itself does the full checksum.
 * @throws ToolchainMissingError when setup has not run or its files are gone
 * @example
 *   const tc = toolchain(projectRoot);
 *   spawnSync(tc.terraform, ['init', '-input=false'], { cwd: stackDir, env: tc.env });
 */
export function toolchain(projectRoot: string, baseEnv: NodeJS.ProcessEnv = process.env): Toolchain {
  const paths = toolchainPaths(projectRoot);
  const manifest = readManifest(projectRoot);
  if (!manifest) throw new ToolchainMissingError(`${paths.manifestFile} does not exist`);
  if (!isExecutable(manifest.terraform)) {
    throw new ToolchainMissingError(`the Terraform CLI ${manifest.terraform} is missing`);
  }
  if (
    !isExecutable(manifest.providerBinary) ||
    statSync(manifest.providerBinary).size !== manifest.providerSize
  ) {
    throw new ToolchainMissingError(`the provider binary ${manifest.providerBinary} is missing or damaged`);
  }
  if (!existsSync(paths.cliConfigFile)) {
    throw new ToolchainMissingError(`the Terraform CLI config ${paths.cliConfigFile} is missing`);
  }
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(baseEnv)) if (value !== undefined) env[key] = value;
  Object.assign(env, {
    TF_CLI_CONFIG_FILE: paths.cliConfigFile,
    TF_PLUGIN_CACHE_DIR: paths.pluginCacheDir,
    CHECKPOINT_DISABLE: '1',
    TF_IN_AUTOMATION: '1',
    TF_INPUT: '0',
  });
  return { terraform: manifest.terraform, providerVersion: manifest.providerVersion, env };
}

/** True when the path is a regular file with an exec bit set. */
export function isExecutable(path: string): boolean {
  try {
    const stat = statSync(path);
    return stat.isFile() && (stat.mode & 0o111) !== 0;
  } catch {
    return false;
  }
}
