import { TerraformStack } from 'cdktf';
import { BaselinePack, packsFor, PolicyPack, ProdPack, ruleApplies } from '../../../lib/policy/policy-pack';
import { COMPLIANT, PolicyRule } from '../../../lib/policy/rule';
import { RULES } from '../../../lib/policy/rule-catalog';
import { StackIndex } from '../../../lib/policy/stack-index';
import { Principal } from '../../../lib/principal';
import { FAKE, policyKit, testContext } from './policy-kit';

const ids = (pack: PolicyPack) => pack.rules.map((r) => r.id).sort();

describe('policy packs', () => {
  it('gives every rule a unique DBX-<letter><number> id, a description and a fix', () => {
    expect(new Set(RULES.map((r) => r.id)).size).toBe(RULES.length);
    for (const rule of RULES) {
      expect(rule.id).toMatch(/^DBX-[CDJPST]\d+$/);
      expect(rule.description.length).toBeGreaterThan(20);
      expect(rule.fix.length).toBeGreaterThan(20);
      expect(rule.resourceTypes.length).toBeGreaterThan(0);
    }
  });

  it('puts rules for every environment in the baseline pack and the stricter ones in the prod pack', () => {
    expect(ids(new BaselinePack(testContext('dev')))).toEqual([
      'DBX-C1',
      'DBX-C3',
      'DBX-C4',
      'DBX-C5',
      'DBX-D1',
      'DBX-J4',
      'DBX-S1',
      'DBX-S2',
      'DBX-T1',
    ]);
    expect(ids(new ProdPack(testContext('prod')))).toEqual([
      'DBX-C2',
      'DBX-C6',
      'DBX-J1',
      'DBX-J2',
      'DBX-J3',
      'DBX-P1',
    ]);
  });

  it('applies the prod pack to staging with only its staging/prod rules', () => {
    expect(ids(new ProdPack(testContext('staging')))).toEqual(['DBX-C6', 'DBX-J1', 'DBX-J2', 'DBX-J3']);
    expect(ruleApplies('prod', 'staging')).toBe(false);
    expect(ruleApplies('staging/prod', 'staging')).toBe(true);
    expect(ruleApplies('all', 'dev')).toBe(true);
  });

  it('chooses packs by tier, not by name: baseline alone in the dev tier, both in staging and prod tiers', () => {
    expect(packsFor(testContext('dev')).map((p) => p.name)).toEqual(['baseline']);
    expect(packsFor(testContext('qa')).map((p) => p.name)).toEqual(['baseline']);
    expect(packsFor(testContext('production', { tier: 'prod' })).map((p) => p.name)).toEqual([
      'baseline',
      'prod',
    ]);
    expect(packsFor(testContext('prod', { tier: 'dev' })).map((p) => p.name)).toEqual(['baseline']);
    expect(packsFor(testContext('staging')).map((p) => p.name)).toEqual(['baseline', 'prod']);
    expect(packsFor(testContext('prod')).map((p) => p.name)).toEqual(['baseline', 'prod']);
  });

  it('evaluates a rule only on resources of the types it names', () => {
    const kit = policyKit('dev');
    kit.cluster('A');
    kit.cluster('B');
    kit.job('J');
    const seen: string[] = [];
    const spy: PolicyRule = {
      id: 'DBX-X1',
      description: 'test rule',
      fix: 'none',
      scope: 'all',
      resourceTypes: ['databricks_cluster'],
      evaluate: ({ resource }) => {
        seen.push(resource.node.path);
        return COMPLIANT;
      },
    };
    kit.violations(spy);
    expect(seen).toEqual(['dev/A/Resource', 'dev/B/Resource']);
  });

  it('builds the stack index once per stack', () => {
    const kit = policyKit('dev');
    const a = kit.cluster('A');
    const b = kit.job('B');
    expect(StackIndex.of(a)).toBe(StackIndex.of(b));
    expect(StackIndex.of(a).stack).toBe(TerraformStack.of(b));
    expect(StackIndex.of(a).policyReferences.size).toBe(1);
  });

  it('masks secret-shaped text a finding quotes (a token pasted as a group name) in the annotation itself', () => {
    const kit = policyKit('prod');
    const group = FAKE.githubToken;
    kit.job('Job').grant(Principal.group(group), 'CAN_MANAGE');
    const [violation] = kit.violations(RULES.find((r) => r.id === 'DBX-P1')!);
    expect(violation.message).toMatch(/^DBX-P1: group "ghp_.*masked.*" has CAN_MANAGE/);
    expect(violation.message).not.toContain(group.slice(8));
  });
});
