/**
 * `npm run setup:terraform`: makes Terraform work offline for this project.
 *
 * 1. Terraform CLI: the one on PATH when it is >= 1.5, else one built from source into `.tools/bin`.
 * 2. The Databricks provider, built from source through the Go module proxy into a filesystem
 *    mirror under `.tools/terraform-mirror` (the wanted version first, a fallback when refused).
 * 3. `.tools/terraformrc`: install databricks/databricks only from that mirror; share a plugin cache.
 *
 * Idempotent: a second run checks what is there (checksum included) and touches no network.
 * See docs/offline-terraform.md.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { delimiter, dirname, join } from 'node:path';
import {
  FALLBACK_PROVIDER_VERSIONS,
  MIN_TERRAFORM_VERSION,
  WANTED_PROVIDER_VERSION,
  ToolchainManifest,
  compareVersions,
  isExecutable,
  providerMirrorPath,
  readManifest,
  renderCliConfig,
  toolchainPaths,
} from '../ops/toolchain';
import { parseCli, PROJECT_ROOT, runCli } from './cli';

const TERRAFORM_MODULE = 'github.com/hashicorp/terraform';
const PROVIDER_MODULE = 'github.com/databricks/terraform-provider-databricks';
/** Terraform versions to build when none suitable is on PATH, first that builds wins. */
const TERRAFORM_BUILD_VERSIONS = ['1.5.7', '1.8.5'];

/** A step failed: the message names the command and the reason. */
class SetupError extends Error {}

function main(): void {
  const started = Date.now();
  const paths = toolchainPaths(PROJECT_ROOT);
  mkdirSync(paths.toolsDir, { recursive: true });
  const previous = readManifest(PROJECT_ROOT);

  const terraform = findOrBuildTerraform(paths.binDir);
  log(`terraform ${terraform.version} at ${terraform.path}`);

  const provider = reuseProvider(previous, paths.mirrorDir) ?? buildProvider(paths.toolsDir, paths.mirrorDir);

  mkdirSync(paths.pluginCacheDir, { recursive: true });
  writeAtomically(paths.cliConfigFile, renderCliConfig(paths));
  const manifest: ToolchainManifest = {
    terraform: terraform.path,
    terraformVersion: terraform.version,
    wantedProviderVersion: WANTED_PROVIDER_VERSION,
    ...provider,
  };
  writeAtomically(paths.manifestFile, JSON.stringify(manifest, null, 2) + '\n');
  log(`CLI config ${paths.cliConfigFile} (provider from ${paths.mirrorDir} only)`);
  log(`ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

/** The Terraform CLI: PATH first, then a previous build in .tools/bin, then a fresh build. */
function findOrBuildTerraform(binDir: string): { path: string; version: string } {
  const candidates = [...onPath('terraform'), join(binDir, 'terraform')];
  for (const candidate of candidates) {
    const version = terraformVersion(candidate);
    if (version && compareVersions(version, MIN_TERRAFORM_VERSION) >= 0) return { path: candidate, version };
    if (version) log(`ignoring terraform ${version} at ${candidate}: older than ${MIN_TERRAFORM_VERSION}`);
  }
  log(`no terraform >= ${MIN_TERRAFORM_VERSION} found; building one from source (takes a few minutes)`);
  const failures: string[] = [];
  for (const version of TERRAFORM_BUILD_VERSIONS) {
    try {
      const target = join(binDir, 'terraform');
      buildGoModule(TERRAFORM_MODULE, version, target, dirname(binDir));
      return { path: target, version: terraformVersion(target) ?? version };
    } catch (error) {
      failures.push((error as Error).message);
      log(`terraform ${version} did not build: ${(error as Error).message}`);
    }
  }
  throw new SetupError(`could not build terraform:\n  ${failures.join('\n  ')}`);
}

/**
 * Keeps a provider already in the mirror (built by an earlier run, or carried in for an air-gapped
 * install): binaries only ever land there by rename, so one present is complete. A binary whose
 * checksum no longer matches what an earlier run recorded is removed and rebuilt.
 */
function reuseProvider(previous: ToolchainManifest | undefined, mirrorDir: string) {
  for (const version of [WANTED_PROVIDER_VERSION, ...FALLBACK_PROVIDER_VERSIONS]) {
    const binary = providerMirrorPath(mirrorDir, version);
    if (!isExecutable(binary)) continue;
    const checksum = sha256(binary);
    if (previous?.providerVersion === version && checksum !== previous.providerSha256) {
      log(`provider ${version} in the mirror does not match its recorded checksum; rebuilding it`);
      rmSync(binary, { force: true });
      continue;
    }
    const fallbackReason =
      version === WANTED_PROVIDER_VERSION
        ? undefined
        : (previous?.fallbackReason ??
          `provider ${WANTED_PROVIDER_VERSION} is not in the mirror; using ${version}`);
    log(`provider ${version} already in the mirror (sha256 ${checksum.slice(0, 12)}…)`);
    if (fallbackReason) {
      log(`  note: ${fallbackReason}`);
      log(
        `  to try ${WANTED_PROVIDER_VERSION} again: rm -rf .tools/terraform-mirror && npm run setup:terraform`,
      );
    }
    return pick({
      providerVersion: version,
      providerBinary: binary,
      providerSha256: checksum,
      providerSize: statSync(binary).size,
      fallbackReason,
    });
  }
  return undefined;
}

/** Builds the wanted provider version, or the first fallback the module proxy serves. */
function buildProvider(toolsDir: string, mirrorDir: string) {
  const refusals: string[] = [];
  for (const version of [WANTED_PROVIDER_VERSION, ...FALLBACK_PROVIDER_VERSIONS]) {
    const binary = providerMirrorPath(mirrorDir, version);
    log(`building terraform-provider-databricks ${version} from source`);
    const download = goModDownload(PROVIDER_MODULE, version);
    if ('refused' in download) {
      refusals.push(`${version}: ${download.refused}`);
      log(`the Go module proxy refuses ${PROVIDER_MODULE}@v${version}: ${download.refused}`);
      continue;
    }
    goBuild(download.dir, binary, toolsDir);
    const fallbackReason =
      version === WANTED_PROVIDER_VERSION
        ? undefined
        : `wanted provider ${WANTED_PROVIDER_VERSION} is not available (${refusals.join('; ')}); installed ${version} instead`;
    if (fallbackReason) log(`FALLBACK: ${fallbackReason}`);
    return pick({
      providerVersion: version,
      providerBinary: binary,
      providerSha256: sha256(binary),
      providerSize: statSync(binary).size,
      fallbackReason,
    });
  }
  throw new SetupError(`no provider version could be downloaded:\n  ${refusals.join('\n  ')}`);
}

function pick(
  m: Pick<
    ToolchainManifest,
    'providerVersion' | 'providerBinary' | 'providerSha256' | 'providerSize' | 'fallbackReason'
  >,
) {
  const { providerVersion, providerBinary, providerSha256, providerSize, fallbackReason } = m;
  return {
    providerVersion,
    providerBinary,
    providerSha256,
    providerSize,
    ...(fallbackReason ? { fallbackReason } : {}),
  };
}

/** Downloads and builds a Go module's main package at its root into `target`. */
function buildGoModule(module: string, version: string, target: string, toolsDir: string): void {
  const download = goModDownload(module, version);
  if ('refused' in download)
    throw new SetupError(`go mod download ${module}@v${version}: ${download.refused}`);
  goBuild(download.dir, target, toolsDir);
}

/**
 * `go mod download -json module@vX` (not `go install pkg@version`, which also reads the module's
 * version list for its deprecation check; this proxy refuses that list for the provider).
 */
function goModDownload(module: string, version: string): { dir: string } | { refused: string } {
  const command = ['go', 'mod', 'download', '-json', `${module}@v${version}`];
  // Run outside any module so GOFLAGS and a go.mod nearby cannot interfere.
  const result = run(command, { cwd: toolchainPaths(PROJECT_ROOT).toolsDir, capture: true });
  let info: { Dir?: string; Error?: string };
  try {
    info = JSON.parse(result.stdout) as typeof info;
  } catch {
    throw new SetupError(`\`${command.join(' ')}\` failed (exit ${result.status}): ${result.stderr.trim()}`);
  }
  if (info.Error) {
    if (/\b(403|404|410)\b|not available|not found|unknown revision/i.test(info.Error)) {
      return { refused: info.Error.replace(/\s+/g, ' ').trim() };
    }
    throw new SetupError(`\`${command.join(' ')}\` failed: ${info.Error}`);
  }
  if (!info.Dir) throw new SetupError(`\`${command.join(' ')}\` returned no module directory`);
  return { dir: info.Dir };
}

/**
 * `go build` inside the (read-only) downloaded module into a temp path, then rename into place:
 * a later run never trusts a half-written binary.
 */
function goBuild(moduleDir: string, target: string, toolsDir: string): void {
  const tmpDir = join(toolsDir, `tmp-build-${process.pid}`);
  mkdirSync(tmpDir, { recursive: true });
  const tmpBinary = join(tmpDir, 'out');
  try {
    const command = ['go', 'build', '-trimpath', '-o', tmpBinary, '.'];
    const result = run(command, {
      cwd: moduleDir,
      env: { ...process.env, GOFLAGS: '-mod=mod -buildvcs=false', CGO_ENABLED: '0' },
    });
    if (result.status !== 0) {
      throw new SetupError(
        `\`${command.join(' ')}\` in ${moduleDir} failed (exit ${result.status}); go's output is above`,
      );
    }
    if (!isExecutable(tmpBinary) || statSync(tmpBinary).size < 1_000_000) {
      throw new SetupError(`\`${command.join(' ')}\` produced no usable binary at ${tmpBinary}`);
    }
    mkdirSync(dirname(target), { recursive: true });
    renameSync(tmpBinary, target);
  } finally {
    rmSync(tmpDir, { recursive: true, force: true });
  }
}

/** `terraform version -json` → version, or undefined when the binary is missing or broken. */
function terraformVersion(binary: string): string | undefined {
  if (!isExecutable(binary)) return undefined;
  const result = spawnSync(binary, ['version', '-json'], {
    encoding: 'utf8',
    env: { ...process.env, CHECKPOINT_DISABLE: '1' },
  });
  if (result.status !== 0) return undefined;
  try {
    return (JSON.parse(result.stdout) as { terraform_version: string }).terraform_version;
  } catch {
    return undefined;
  }
}

function onPath(name: string): string[] {
  return (process.env.PATH ?? '')
    .split(delimiter)
    .filter(Boolean)
    .map((dir) => join(dir, name))
    .filter(isExecutable);
}

function run(
  command: string[],
  options: { cwd: string; env?: NodeJS.ProcessEnv; capture?: boolean },
): { status: number; stdout: string; stderr: string } {
  const result = spawnSync(command[0], command.slice(1), {
    cwd: options.cwd,
    env: options.env ?? process.env,
    encoding: 'utf8',
    stdio: options.capture ? 'pipe' : ['ignore', 'inherit', 'inherit'],
    maxBuffer: 64 * 1024 * 1024,
  });
  if (result.error) throw new SetupError(startFailure(command, result.error));
  return { status: result.status ?? 1, stdout: result.stdout ?? '', stderr: result.stderr ?? '' };
}

/** What to install when a command could not start (a missing `go` names Go, never `spawnSync go ENOENT`). */
export function startFailure(command: readonly string[], error: NodeJS.ErrnoException): string {
  if (error.code !== 'ENOENT') return `\`${command.join(' ')}\` could not start: ${error.message}`;
  const install: Record<string, string> = {
    go:
      'Go >= 1.24 is needed to build the Databricks provider (and Terraform, when none >= ' +
      `${MIN_TERRAFORM_VERSION} is on PATH): install it from https://go.dev/dl/ (or your package manager) ` +
      'and make sure `go` is on PATH, then re-run `npm run setup:terraform`',
    terraform:
      `Terraform >= ${MIN_TERRAFORM_VERSION} is needed: install it from ` +
      'https://developer.hashicorp.com/terraform/install, or install Go >= 1.24 and let `npm run setup:terraform` build it',
  };
  return install[command[0]] ?? `\`${command[0]}\` is not installed or not on PATH`;
}

function sha256(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

function writeAtomically(path: string, content: string): void {
  const tmp = `${path}.tmp-${process.pid}`;
  writeFileSync(tmp, content);
  renameSync(tmp, path);
}

function log(message: string): void {
  process.stderr.write(`setup:terraform: ${message}\n`);
}

const USAGE = `Usage: npm run setup:terraform

Makes Terraform work offline for this project: finds terraform >= ${MIN_TERRAFORM_VERSION} on PATH (or builds one
with Go into .tools/bin), builds the Databricks provider through the Go module proxy into the mirror
.tools/terraform-mirror, and writes .tools/terraformrc and .tools/toolchain.json. Idempotent: a second
run checks the checksum and touches no network. Needs Go >= 1.24 only when something must be built.
See docs/offline-terraform.md.

Exit codes: 0 ready, 1 failed (the message says what to install or fix), 2 usage.`;

if (require.main === module) {
  runCli(USAGE, () => {
    parseCli(process.argv.slice(2), {}, USAGE);
    try {
      main();
    } catch (error) {
      if (error instanceof SetupError) throw new Error(`setup:terraform: ${error.message}`);
      throw error;
    }
    return 0;
  });
}
