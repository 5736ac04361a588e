/**
 * Every synthesized stack is valid Terraform for the real Databricks provider: `terraform init`,
 * `validate` and `plan` on empty state, offline (the provider makes no HTTP call for that).
 * Needs `npm run setup:terraform`; fails (does not skip) without it.
 */
import { join } from 'node:path';
import { Toolchain } from '../../ops/toolchain';
import { ENVIRONMENTS, makeWorkDir, requireToolchain, synthesize, terraform } from './offline-stack';

jest.setTimeout(600_000);

interface Diagnostic {
  severity: 'error' | 'warning';
  summary: string;
  detail?: string;
}

let tc: Toolchain;
let outDir: string;

beforeAll(() => {
  tc = requireToolchain();
  outDir = synthesize(makeWorkDir());
});

describe.each(ENVIRONMENTS)('the %s stack', (environment) => {
  const stackDir = () => join(outDir, 'stacks', environment);

  test('initializes from the offline provider mirror', () => {
    const init = terraform(tc, stackDir(), ['init', '-input=false', '-no-color']);
    expect(init.stderr).toBe('');
    expect(init.status).toBe(0);
    expect(init.stdout).toMatch(
      /Installing databricks\/databricks v[\d.]+|Using databricks\/databricks v[\d.]+/,
    );
    // A filesystem mirror cannot supply the registry's signed checksums (zh:), so init always notes
    // that the lock file covers only this platform. Any other warning fails the test.
    const warnings = [...init.stdout.matchAll(/Warning: (.*)/g)].map((m) => m[1]);
    expect(warnings.filter((w) => w !== 'Incomplete lock file information for providers')).toEqual([]);
  });

  test('validates without errors or warnings', () => {
    const validate = terraform(tc, stackDir(), ['validate', '-json', '-no-color']);
    const result = JSON.parse(validate.stdout) as { valid: boolean; diagnostics: Diagnostic[] };
    expect(result.diagnostics.map((d) => `${d.severity}: ${d.summary} ${d.detail ?? ''}`)).toEqual([]);
    expect(result.valid).toBe(true);
    expect(validate.status).toBe(0);
  });

  test('plans on empty state: only creates, no warnings', () => {
    const plan = terraform(tc, stackDir(), [
      'plan',
      '-input=false',
      '-no-color',
      '-detailed-exitcode',
      '-out=plan.tfplan',
    ]);
    expect(plan.stderr).toBe('');
    expect(plan.stdout).not.toMatch(/Warning/);
    expect(plan.status).toBe(2);
    expect(plan.stdout).toMatch(/Plan: [1-9]\d* to add, 0 to change, 0 to destroy\./);
  });
});
