import * as fs from 'node:fs';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { UsageError } from '../../../bin/cli';
import { policyRun, USAGE } from '../../../bin/policy';
import { runPolicy } from '../../../ops/policy-cli';
import { RULES } from '../../../lib/policy/rule-catalog';
import { copyDefaultConfig, editYaml, tempDir } from '../../helpers/config-dir';

const ROOT = path.resolve(__dirname, '..', '..', '..');

function run(args: string[], env: NodeJS.ProcessEnv = {}, root = ROOT) {
  const out: string[] = [];
  const err: string[] = [];
  const io = { stdout: (l: string) => out.push(l), stderr: (l: string) => err.push(l) };
  const code = runPolicy(policyRun(args), env, io, root);
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

  it("report lists every rule and every suppression of the config (the default project's: locks without hashes)", () => {
    const { code, out } = run(['report'], { DEVOPS_CONFIG_DIR: copyDefaultConfig() });
    expect(code).toBe(0);
    expect(out).toContain(`Rules (${RULES.length}):`);
    expect(out).toMatch(/^ {2}DBX-P1 {2}\[prod, prod\] {2}In prod, no group but the admins/m);
    expect(out).toMatch(/Suppressions \(3\):\n {2}staging {2}Pinned\/standard {2}DBX-C6 /);
  });

  it('report --json prints rules and suppressions as one document', () => {
    const { code, out } = run(['report', '--json'], { DEVOPS_CONFIG_DIR: copyDefaultConfig() });
    expect(code).toBe(0);
    const report = JSON.parse(out);
    expect(report).toEqual({ rules: expect.any(Array), suppressions: expect.any(Array) });
    expect(
      report.suppressions.map(
        (s: { environment: string; path: string; rule: string }) => `${s.environment} ${s.path} ${s.rule}`,
      ),
    ).toEqual(['staging Pinned/standard DBX-C6', 'prod Pinned/ml DBX-C6', 'prod Pinned/standard DBX-C6']);
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

  it('fails when a suppression reason holds a secret, printing neither it nor any suppression', () => {
    const dir = copyDefaultConfig();
    const token = 'dapi' + 'deadbeef'.repeat(4);
    editYaml(dir, 'prod.yaml', (doc) => {
      (doc.suppressions as Array<{ reason: string }>)[0].reason = `Locks without hashes, see ${token}.`;
    });
    for (const args of [['report'], ['report', '--json']]) {
      const { code, out, err } = run(args, { DEVOPS_CONFIG_DIR: dir });
      expect(code).toBe(1);
      expect(err).toMatch(
        /prod\.yaml: suppressions\[0\]: the reason must say why in words, found a Databricks token/,
      );
      expect(`${out}\n${err}`).not.toContain('deadbeefdeadbeef');
    }
  });

  it('fails with a usage error on a missing or unknown command, an unknown option or an extra argument', () => {
    const mistakes: Array<[string[], string | RegExp]> = [
      [[], 'Missing command: rules, report, docs.'],
      [['lint'], 'Unknown command "lint".'],
      [['rules', '--yaml'], /Unknown option '--yaml'/],
      [['rules', 'extra'], 'Unexpected argument "extra".'],
    ];
    for (const [args, message] of mistakes) {
      expect(() => policyRun(args)).toThrow(UsageError);
      expect(() => policyRun(args)).toThrow(message);
    }
  });

  it('reads --json, --markdown and --check as flags of the command', () => {
    expect(policyRun(['rules', '--markdown'])).toEqual({
      command: 'rules',
      json: false,
      markdown: true,
      check: false,
    });
    expect(policyRun(['--json', 'report'])).toMatchObject({ command: 'report', json: true });
    expect(policyRun(['docs', '--check'])).toMatchObject({ command: 'docs', check: true });
  });

  it('the npm script prints the usage and exits 0 on --help, 2 with the mistake and the usage on a usage error', () => {
    const tsx = path.join(ROOT, 'node_modules', '.bin', 'tsx');
    const help = spawnSync(tsx, ['bin/policy.ts', '--help'], { cwd: ROOT, encoding: 'utf8' });
    expect([help.status, help.stdout, help.stderr]).toEqual([0, `${USAGE}\n`, '']);
    const usage = spawnSync(tsx, ['bin/policy.ts', 'lint'], { cwd: ROOT, encoding: 'utf8' });
    expect([usage.status, usage.stdout, usage.stderr]).toEqual([
      2,
      '',
      `Unknown command "lint".\n\n${USAGE}\n`,
    ]);
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
