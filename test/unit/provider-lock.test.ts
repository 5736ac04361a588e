import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadConfig } from '../../app/config/load-config';
import { providerHash1, renderProviderLock, writeProviderLocks } from '../../app/provider-lock';
import { synthesize } from '../../app/synth';
import { DEFAULT_CONFIG_DIR, tempDir } from '../helpers/config-dir';

const MIRRORED = {
  providerVersion: '1.84.0',
  providerBinary: '/p/.tools/terraform-mirror/x/terraform-provider-databricks_v1.84.0',
  providerSha256: 'c90cf5d1e7358de4861c9f6d71fb08f66894d9a1461c81a765c918ec87ea3649',
};

describe('providerHash1', () => {
  it('equals the h1: hash terraform 1.11 itself recorded for this binary of provider 1.84.0', () => {
    // Recorded: `terraform init` with this binary in a filesystem mirror wrote exactly this hash.
    expect(providerHash1(MIRRORED.providerSha256, 'terraform-provider-databricks_v1.84.0')).toBe(
      'h1:gefsjrtNXqoQh88LsWFUAhTfc+DtrtZ+6cjg0LBBTJ4=',
    );
  });

  it('changes with the file name and with the content', () => {
    const base = providerHash1(MIRRORED.providerSha256, 'terraform-provider-databricks_v1.84.0');
    expect(providerHash1(MIRRORED.providerSha256, 'terraform-provider-databricks_v1.85.0')).not.toBe(base);
    expect(providerHash1('0'.repeat(64), 'terraform-provider-databricks_v1.84.0')).not.toBe(base);
  });
});

it('renders a lock whose constraints are the ones cdktf compares with the stack', () => {
  const lock = renderProviderLock(MIRRORED, '>= 1.84.0, <= 1.99.0');
  expect(lock).toContain('provider "registry.terraform.io/databricks/databricks" {');
  expect(lock).toContain('  version     = "1.84.0"');
  expect(lock).toContain('  constraints = ">= 1.84.0, <= 1.99.0"');
  expect(lock).toContain('"h1:gefsjrtNXqoQh88LsWFUAhTfc+DtrtZ+6cjg0LBBTJ4="');
});

describe('synthesize with the mirrored provider', () => {
  it('writes .terraform.lock.hcl into every stack folder, with the constraint each stack requires', () => {
    const outdir = path.join(tempDir(), 'cdktf.out');
    synthesize(loadConfig(DEFAULT_CONFIG_DIR), { outdir, providerLock: MIRRORED });
    for (const env of ['dev', 'staging', 'prod']) {
      const stack = JSON.parse(fs.readFileSync(path.join(outdir, 'stacks', env, 'cdk.tf.json'), 'utf8'));
      const wanted = stack.terraform.required_providers.databricks.version as string;
      const lock = fs.readFileSync(path.join(outdir, 'stacks', env, '.terraform.lock.hcl'), 'utf8');
      expect(lock).toContain(`constraints = ${JSON.stringify(wanted)}`);
    }
  });

  it('writes no lock file before setup recorded a provider', () => {
    const outdir = path.join(tempDir(), 'cdktf.out');
    synthesize(loadConfig(DEFAULT_CONFIG_DIR), { outdir, environments: ['dev'] });
    expect(fs.existsSync(path.join(outdir, 'stacks', 'dev', '.terraform.lock.hcl'))).toBe(false);
  });
});

it('skips folders without a stack or without the Databricks provider', () => {
  const stacks = tempDir();
  fs.mkdirSync(path.join(stacks, 'empty'));
  fs.mkdirSync(path.join(stacks, 'other'));
  fs.writeFileSync(
    path.join(stacks, 'other', 'cdk.tf.json'),
    JSON.stringify({
      terraform: { required_providers: { aws: { source: 'hashicorp/aws', version: '5.0.0' } } },
    }),
  );
  expect(writeProviderLocks(stacks, MIRRORED)).toEqual([]);
});
