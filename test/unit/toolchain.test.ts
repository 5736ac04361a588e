import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import {
  compareVersions,
  providerMirrorPath,
  renderCliConfig,
  terraformPlatform,
  toolchain,
  toolchainPaths,
  ToolchainMissingError,
} from '../../ops/toolchain';

describe('compareVersions', () => {
  test('compares numerically, not as text', () => {
    expect(compareVersions('1.10.0', '1.9.3')).toBeGreaterThan(0);
    expect(compareVersions('1.5.0', '1.5')).toBe(0);
    expect(compareVersions('v1.4.7', '1.5.0')).toBeLessThan(0);
    expect(compareVersions('1.6.0-beta1', '1.6.0')).toBe(0);
  });
});

test('the mirror uses Terraform unpacked layout', () => {
  expect(providerMirrorPath('/m', '1.84.0', 'linux_amd64')).toBe(
    '/m/registry.terraform.io/databricks/databricks/1.84.0/linux_amd64/terraform-provider-databricks_v1.84.0',
  );
  expect(terraformPlatform('linux', 'x64')).toBe('linux_amd64');
  expect(terraformPlatform('darwin', 'arm64')).toBe('darwin_arm64');
});

test('the CLI config takes the provider only from the mirror and shares a plugin cache', () => {
  const config = renderCliConfig({
    mirrorDir: '/p/.tools/terraform-mirror',
    pluginCacheDir: '/p/.tools/plugin-cache',
  });
  expect(config).toContain('filesystem_mirror {\n    path    = "/p/.tools/terraform-mirror"');
  expect(config).toContain('direct {\n    exclude = ["registry.terraform.io/databricks/databricks"]');
  expect(config).toContain('plugin_cache_dir = "/p/.tools/plugin-cache"');
});

describe('toolchain', () => {
  const fakeProject = () => {
    const root = mkdtempSync(join(tmpdir(), 'toolchain-test-'));
    const paths = toolchainPaths(root);
    const terraform = join(paths.binDir, 'terraform');
    const provider = providerMirrorPath(paths.mirrorDir, '1.84.0');
    for (const file of [terraform, provider]) {
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, '#!/bin/sh\n');
      chmodSync(file, 0o755);
    }
    writeFileSync(paths.cliConfigFile, renderCliConfig(paths));
    const manifest = { terraform, providerVersion: '1.84.0', providerBinary: provider, providerSize: 10 };
    writeFileSync(paths.manifestFile, JSON.stringify(manifest));
    return { root, paths, provider };
  };

  test('gives the binary and an environment pointing terraform at the project config', () => {
    const { root, paths } = fakeProject();
    const tc = toolchain(root, { PATH: '/usr/bin', DATABRICKS_TOKEN: 'fake-token' });
    expect(tc.terraform).toBe(join(paths.binDir, 'terraform'));
    expect(tc.providerVersion).toBe('1.84.0');
    expect(tc.env).toMatchObject({
      TF_CLI_CONFIG_FILE: paths.cliConfigFile,
      TF_PLUGIN_CACHE_DIR: paths.pluginCacheDir,
      CHECKPOINT_DISABLE: '1',
      TF_IN_AUTOMATION: '1',
      DATABRICKS_TOKEN: 'fake-token', // auth passes through for real workspaces
    });
  });

  test('fails when setup has not run, and says how to fix it', () => {
    const root = mkdtempSync(join(tmpdir(), 'toolchain-test-'));
    expect(() => toolchain(root)).toThrow(ToolchainMissingError);
    expect(() => toolchain(root)).toThrow(/Run `npm run setup:terraform` first/);
  });

  test('fails when the provider binary was truncated', () => {
    const { root, provider } = fakeProject();
    writeFileSync(provider, '#!');
    expect(() => toolchain(root)).toThrow(/provider binary .* is missing or damaged/);
  });
});
