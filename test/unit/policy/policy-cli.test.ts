import * as fs from 'node:fs';
import * as path from 'node:path';
import { runPolicyCli } from '../../../ops/policy-cli';
import { RULES } from '../../../lib/policy/rule-catalog';
import { copyDefaultConfig, editYaml, tempDir } from '../../helpers/config-dir';

const ROOT = path.resolve(__dirname, '..', '..', '..');

function run(args: string[], env: NodeJS.ProcessEnv = {}, root = ROOT) {
  const out: string[] = [];
  const err: string[] = [];
  const code = runPolicyCli(args, env, { stdout: (l) => out.push(l), stderr: (l) => err.push(l) }, root);
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('npm run policy', () => {
  it('rules --json lists every rule with id, pack, scope, description and fix', () => {
    const { code, out } = run(['rules', '--json']);
    expect(code).toBe(0);
    const rules = JSON.parse(out);
    expect(rules).toHaveLength(RULES.length);
    expect(rules[0]).toEqual({
      id: 'DBX-C1',
      pack: 'baseline',
      scope: 'all',
      resourceTypes: ['databricks_cluster'],
      description: RULES[0].description,
      fix: RULES[0].fix,
    });
  });

  it('report lists every rule and every suppression of the config (none in the default project)', () => {
    const { code, out } = run(['report'], { DEVOPS_CONFIG_DIR: copyDefaultConfig() });
    expect(code).toBe(0);
    expect(out).toContain(`Rules (${RULES.length}):`);
    expect(out).toMatch(/^ {2}DBX-P1 {2}\[prod, prod\] {2}In prod, no group but the admins/m);
    expect(out).toMatch(/Suppressions \(0\):\n {2}none$/);
  });

  it('report --json prints rules and suppressions as one document', () => {
    const { code, out } = run(['report', '--json'], { DEVOPS_CONFIG_DIR: copyDefaultConfig() });
    expect(code).toBe(0);
    expect(JSON.parse(out)).toEqual({ rules: expect.any(Array), suppressions: [] });
  });

  it('fails with the config problems when the config is invalid', () => {
    const dir = copyDefaultConfig();
    editYaml(dir, 'prod.yaml', (doc) => {
      doc.colour = 'blue';
    });
    const { code, err } = run(['report'], { DEVOPS_CONFIG_DIR: dir });
    expect(code).toBe(1);
    expect(err).toContain('colour');
  });

  it('fails with usage on an unknown command', () => {
    const { code, err } = run(['lint']);
    expect(code).toBe(2);
    expect(err).toMatch(/^Unknown command "lint"\.\nUsage: npm run policy/);
  });

  it('docs --check fails on a stale rule reference; docs rewrites it', () => {
    const root = tempDir();
    fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(root, 'node_modules'));
    fs.mkdirSync(path.join(root, 'docs'));
    const doc = path.join(root, 'docs', 'guardrails.md');
    fs.writeFileSync(
      doc,
      '# Guardrails\n\n<!-- policy-rules:start -->\n\nold\n\n<!-- policy-rules:end -->\n',
    );
    expect(run(['docs', '--check'], {}, root)).toMatchObject({
      code: 1,
      err: expect.stringContaining('stale'),
    });
    expect(run(['docs'], {}, root)).toMatchObject({ code: 0, out: 'docs/guardrails.md updated.' });
    expect(fs.readFileSync(doc, 'utf8')).toContain('| `DBX-C1` | baseline |');
    expect(run(['docs', '--check'], {}, root).code).toBe(0);
  });
});
