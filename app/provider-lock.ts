/**
 * The `.terraform.lock.hcl` synthesis writes into every stack folder, computed from the offline
 * provider mirror (no network, no terraform call).
 *
 * Why: cdktf-cli (0.21, `@cdktf/cli-core` `checkNeedsLockfileUpdate`) runs
 * `terraform providers lock` against the public registry before `cdktf diff|deploy|destroy`
 * whenever the stack folder has no lock file, or its lock's constraints do not match the stack's
 * `required_providers`; synthesis recreates the folder every time, so without this file every
 * cdktf command needed the network. With it, `terraform init` verifies the mirrored binary
 * against the recorded `h1:` hash and installs it offline.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { PROVIDER_ADDRESS, ToolchainManifest } from './toolchain-manifest';

/** What a lock file records of the mirrored provider. */
export type ProviderLockSource = Pick<
  ToolchainManifest,
  'providerVersion' | 'providerBinary' | 'providerSha256'
>;

/**
 * Terraform's `h1:` package hash (dirhash "Hash1") of an unpacked provider folder holding one
 * file: base64 of the sha256 of the line `<hex sha256 of the file>  <file name>\n`.
 */
export function providerHash1(binarySha256: string, fileName: string): string {
  const line = `${binarySha256}  ${fileName}\n`;
  return `h1:${createHash('sha256').update(line).digest('base64')}`;
}

/** The lock file text for the mirrored provider under the stack's version constraint. */
export function renderProviderLock(source: ProviderLockSource, constraints: string): string {
  return [
    '# Written by synthesis from the offline provider mirror (.tools/toolchain.json); see app/provider-lock.ts.',
    `provider ${JSON.stringify(PROVIDER_ADDRESS)} {`,
    `  version     = ${JSON.stringify(source.providerVersion)}`,
    `  constraints = ${JSON.stringify(constraints)}`,
    '  hashes = [',
    `    ${JSON.stringify(providerHash1(source.providerSha256, path.basename(source.providerBinary)))},`,
    '  ]',
    '}',
    '',
  ].join('\n');
}

/**
 * Writes the lock file into every synthesized stack folder under `stacksDir` that requires the
 * Databricks provider, with that stack's own version constraint.
 * @returns the folders written
 */
export function writeProviderLocks(stacksDir: string, source: ProviderLockSource): string[] {
  const written: string[] = [];
  if (!fs.existsSync(stacksDir)) return written;
  for (const name of fs.readdirSync(stacksDir).sort()) {
    const file = path.join(stacksDir, name, 'cdk.tf.json');
    if (!fs.existsSync(file)) continue;
    const stack = JSON.parse(fs.readFileSync(file, 'utf8')) as {
      terraform?: { required_providers?: Record<string, { source?: string; version?: string }> };
    };
    const databricks = Object.values(stack.terraform?.required_providers ?? {}).find(
      (p) => p.source !== undefined && PROVIDER_ADDRESS.endsWith(p.source),
    );
    if (!databricks?.version) continue;
    fs.writeFileSync(
      path.join(stacksDir, name, '.terraform.lock.hcl'),
      renderProviderLock(source, databricks.version),
    );
    written.push(path.join(stacksDir, name));
  }
  return written;
}
