import { configOrigins } from '../../../app/config/config-origin';
import { loadConfig } from '../../../app/config/load-config';
import { synthesize } from '../../../app/synth';
import { SecretScanError } from '../../../lib/text/secret-scan';
import { copyDefaultConfig, editYaml, readYaml, tempDir } from '../../helpers/config-dir';
import { FAKE } from '../policy/policy-kit';

const TOKEN = FAKE.databricksToken;

/** A copy of the default config whose environments `envs` override the first workflow's parameters with `value`. */
function configWith(value: string, envs: readonly string[]): string {
  const dir = copyDefaultConfig();
  const workflow = readYaml(dir, 'project.yaml').workflows[0].name as string;
  for (const env of envs) {
    editYaml(dir, `${env}.yaml`, (d) => (d.workflows = { [workflow]: { parameters: { api: value } } }));
  }
  return dir;
}

describe('configOrigins', () => {
  it("blames the file of the environment being synthesized, never another environment's file", () => {
    const origin = configOrigins(loadConfig(configWith(TOKEN, ['dev', 'prod'])));
    expect(origin(TOKEN, 'prod')).toMatch(/prod\.yaml: workflows\.ingest-orders\.parameters\.api$/);
    expect(origin(TOKEN, 'dev')).toMatch(/dev\.yaml: workflows\.ingest-orders\.parameters\.api$/);
  });

  it('knows no origin for a value that only another environment holds', () => {
    const origin = configOrigins(loadConfig(configWith(TOKEN, ['dev'])));
    expect(origin(TOKEN, 'prod')).toBeUndefined();
  });

  it("falls back to project.yaml, which every environment shares, and ignores the loader's derived values", () => {
    const dir = copyDefaultConfig();
    editYaml(dir, 'project.yaml', (d) => (d.workflows[0].parameters.api = TOKEN));
    const origin = configOrigins(loadConfig(dir));
    expect(origin(TOKEN, 'staging')).toMatch(/project\.yaml: workflows\[0\]\.parameters\.api$/);
  });
});

describe('synthesize, with the same secret-shaped value in two environments', () => {
  it("names prod's file as the origin of what prod's stack holds, not dev's", () => {
    const dir = copyDefaultConfig();
    // A token pasted as the mount owner: the schema lets it through, the scan of the output catches it.
    for (const env of ['dev', 'prod']) editYaml(dir, `${env}.yaml`, (d) => (d.mount.owner = TOKEN));
    let error: unknown;
    try {
      synthesize(loadConfig(dir), { outdir: `${tempDir()}/out`, environments: ['prod'] });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(SecretScanError);
    const findings = (error as SecretScanError).findings;
    expect(findings.length).toBeGreaterThan(0);
    expect(new Set(findings.map((f) => `${f.stack} ${f.origin}`))).toEqual(
      new Set([expect.stringMatching(/^prod .*prod\.yaml: mount\.owner$/)]),
    );
    expect((error as Error).message).not.toContain(TOKEN);
  });
});
