/**
 * Where `npm run setup:terraform` keeps the offline toolchain and what it recorded there. Read by
 * synthesis (the provider lock of every stack) and by ops/toolchain (the commands that run terraform).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The provider's registry address, as Terraform writes it in mirrors and lock files. */
export const PROVIDER_ADDRESS = 'registry.terraform.io/databricks/databricks';

/** Where every toolchain file lives, all under the git-ignored `.tools/` folder. */
export interface ToolchainPaths {
  /** `.tools/`: everything setup writes. */
  readonly toolsDir: string;
  /** `.tools/bin/`: a Terraform CLI built by setup when none suitable is on PATH. */
  readonly binDir: string;
  /** `.tools/terraform-mirror/`: the filesystem mirror Terraform installs the provider from. */
  readonly mirrorDir: string;
  /** `.tools/plugin-cache/`: shared by every stack so `terraform init` links instead of copying. */
  readonly pluginCacheDir: string;
  /** `.tools/terraformrc`: the Terraform CLI configuration (TF_CLI_CONFIG_FILE). */
  readonly cliConfigFile: string;
  /** `.tools/toolchain.json`: what setup installed ({@link ToolchainManifest}). */
  readonly manifestFile: string;
}

/** What `npm run setup:terraform` installed, recorded in `.tools/toolchain.json`. */
export interface ToolchainManifest {
  /** Absolute path of the Terraform CLI to run. */
  readonly terraform: string;
  /** Its version, e.g. `1.11.4`. */
  readonly terraformVersion: string;
  /** The provider version in the mirror, e.g. `1.84.0`. */
  readonly providerVersion: string;
  /** The version setup wanted; differs from providerVersion after a fallback. */
  readonly wantedProviderVersion: string;
  /** Why the wanted version was not installed, when it was not. */
  readonly fallbackReason?: string;
  /** Absolute path of the provider binary inside the mirror. */
  readonly providerBinary: string;
  /** Hex sha256 of the provider binary, checked by setup before it trusts the mirror. */
  readonly providerSha256: string;
  /** Size in bytes of the provider binary, a cheap check for every command. */
  readonly providerSize: number;
}

/** The toolchain file locations for a project root. */
export function toolchainPaths(projectRoot: string): ToolchainPaths {
  const toolsDir = join(projectRoot, '.tools');
  return {
    toolsDir,
    binDir: join(toolsDir, 'bin'),
    mirrorDir: join(toolsDir, 'terraform-mirror'),
    pluginCacheDir: join(toolsDir, 'plugin-cache'),
    cliConfigFile: join(toolsDir, 'terraformrc'),
    manifestFile: join(toolsDir, 'toolchain.json'),
  };
}

/** Reads `.tools/toolchain.json`, or returns undefined when setup has not run. */
export function readManifest(projectRoot: string): ToolchainManifest | undefined {
  const { manifestFile } = toolchainPaths(projectRoot);
  if (!existsSync(manifestFile)) return undefined;
  return JSON.parse(readFileSync(manifestFile, 'utf8')) as ToolchainManifest;
}
