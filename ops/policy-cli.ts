import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ConfigError } from '../app/config/config-error';
import { defaultConfigDir, loadConfig } from '../app/config/load-config';
import { PROJECT_ROOT } from '../app/paths/project-paths';
import { buildApp } from '../app/synth';
import { DeclaredSuppression, PolicySuppressions } from '../lib/policy/policy-suppressions';
import { packOf, RULES } from '../lib/policy/rule-catalog';
import { renderRulesTable, replaceRulesBlock } from '../lib/policy/rules-table';

/** Where the CLI writes. */
export interface PolicyCliIo {
  stdout(line: string): void;
  stderr(line: string): void;
}

function rulesJson() {
  return RULES.map((r) => ({
    id: r.id,
    pack: packOf(r),
    scope: r.scope,
    resourceTypes: r.resourceTypes,
    description: r.description,
    fix: r.fix,
  }));
}

/** Every suppression of the config's environments: the stacks are built in memory, nothing is written. */
export function configSuppressions(configDir: string): DeclaredSuppression[] {
  const config = loadConfig(configDir);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'policy-report-'));
  try {
    return PolicySuppressions.list(buildApp(config, { outdir: tmp }, tmp));
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

/** docs/guardrails.md with its rule reference regenerated and formatted by the project's prettier. */
export function renderGuardrailsDoc(root: string): { file: string; current: string; next: string } {
  const file = path.join(root, 'docs', 'guardrails.md');
  const current = fs.readFileSync(file, 'utf8');
  const next = execFileSync(path.join(root, 'node_modules', '.bin', 'prettier'), ['--stdin-filepath', file], {
    input: replaceRulesBlock(current),
    encoding: 'utf8',
    cwd: root,
  });
  return { file, current, next };
}

/** The commands of `npm run policy`. */
export const POLICY_COMMANDS = ['rules', 'report', 'docs'] as const;

/** What one `npm run policy` run does (bin/policy.ts parses it from the command line). */
export interface PolicyRun {
  readonly command: (typeof POLICY_COMMANDS)[number];
  /** `rules`, `report`: one JSON document instead of text. */
  readonly json: boolean;
  /** `rules`: the README's markdown table. */
  readonly markdown: boolean;
  /** `docs`: only check (exit 1 when stale), write nothing. */
  readonly check: boolean;
}

/**
 * Runs `npm run policy -- rules|report|docs`.
 * @param root the project folder (for `docs`)
 * @returns the process exit code: 0 done, 1 config error or stale docs
 */
export function runPolicy(
  run: PolicyRun,
  env: NodeJS.ProcessEnv,
  io: PolicyCliIo,
  root: string = PROJECT_ROOT,
): number {
  const { command, json } = run;
  if (command === 'rules') {
    if (json) io.stdout(JSON.stringify(rulesJson(), null, 2));
    else if (run.markdown) io.stdout(renderRulesTable().trimEnd());
    else
      for (const r of RULES)
        io.stdout(`${r.id}  [${packOf(r)}, ${r.scope}]  ${r.description}\n        fix: ${r.fix}`);
    return 0;
  }
  if (command === 'report') {
    let suppressions: DeclaredSuppression[];
    try {
      suppressions = configSuppressions(defaultConfigDir(env));
    } catch (e) {
      if (e instanceof ConfigError) {
        io.stderr(e.message);
        return 1;
      }
      throw e;
    }
    if (json) {
      io.stdout(
        JSON.stringify(
          {
            rules: rulesJson(),
            suppressions: suppressions.map((s) => ({
              environment: s.stack,
              path: s.path,
              rule: s.rule,
              reason: s.reason,
              source: s.source,
            })),
          },
          null,
          2,
        ),
      );
      return 0;
    }
    io.stdout(`Rules (${RULES.length}):`);
    for (const r of RULES) io.stdout(`  ${r.id}  [${packOf(r)}, ${r.scope}]  ${r.description}`);
    io.stdout('');
    io.stdout(`Suppressions (${suppressions.length}):`);
    if (suppressions.length === 0) io.stdout('  none');
    for (const s of suppressions) {
      io.stdout(`  ${s.stack}  ${s.path}  ${s.rule}  (${s.source})\n      ${s.reason}`);
    }
    return 0;
  }
  // docs
  const { file, current, next } = renderGuardrailsDoc(root);
  if (next === current) return 0;
  if (run.check) {
    io.stderr(`${path.relative(root, file)}: the rule reference is stale; run \`npm run policy -- docs\`.`);
    return 1;
  }
  fs.writeFileSync(file, next);
  io.stdout(`${path.relative(root, file)} updated.`);
  return 0;
}
