import { Aspects, Testing } from 'cdktf';
import { EnvironmentConfig, loadConfig, ProjectConfig } from '../../app/config/load-config';
import { errorAnnotations } from '../../app/policy/guardrails';
import { policyContextFromConfig } from '../../app/policy/policy-context-from-config';
import * as path from 'node:path';
import { PROGRAM_ASSETS, synthesize } from '../../app/synth';
import { PolicyContext } from '../../lib/policy/policy-context';
import { PolicyPack } from '../../lib/policy/policy-pack';
import { RULES } from '../../lib/policy/rule-catalog';
import { WorkspaceStack } from '../../stacks/workspace-stack';
import { DEFAULT_CONFIG_DIR, tempDir } from '../helpers/config-dir';
import { FAKE } from './policy/policy-kit';

/**
 * Every policy finding on a stack built from config names the config file and field that produced
 * it, as the user typed the file (`config/prod.yaml: ...`), before the rule id.
 */

let config: ProjectConfig;
beforeAll(() => {
  config = loadConfig(DEFAULT_CONFIG_DIR);
});

const prodOf = (c: ProjectConfig) => c.environments.find((e) => e.name === 'prod')!;

interface Change {
  readonly project?: (p: ProjectConfig) => Partial<ProjectConfig>;
  readonly prod?: (e: EnvironmentConfig) => Partial<EnvironmentConfig>;
  /** What the other environments make foreign to prod (principals, write targets). */
  readonly context?: (c: PolicyContext) => Partial<PolicyContext>;
}

/** Error messages of every rule on prod, built from the default config with `change` applied in memory. */
function prodFindings(change: Change): string[] {
  const project = { ...config, ...change.project?.(config) };
  const base = prodOf(config);
  const env = { ...base, ...change.prod?.(base) };
  const stack = new WorkspaceStack(Testing.app(), 'prod', {
    project,
    environment: env,
    assets: PROGRAM_ASSETS,
  });
  const context = policyContextFromConfig(project, env);
  Aspects.of(stack).add(new PolicyPack('all', RULES, { ...context, ...change.context?.(context) }));
  Testing.synth(stack);
  return errorAnnotations(stack).map((e) => e.message);
}

/** The findings of one rule, each cut to `<origin>: <rule>`. */
function originsOf(findings: readonly string[], rule: string): string[] {
  return findings.filter((m) => m.includes(`: ${rule}: `)).map((m) => m.slice(0, m.indexOf(`: ${rule}: `)));
}

/** Prod with one more notebook parameter of `ingest-orders` (resolved value and, optionally, the override). */
function withIngestParameter(env: EnvironmentConfig, key: string, value: string, override: boolean) {
  const parameters = { ...env.values.workflowParameters['ingest-orders'], [key]: value };
  return {
    ...(override ? { workflows: { ...env.workflows, 'ingest-orders': { parameters } } } : {}),
    values: {
      ...env.values,
      workflowParameters: { ...env.values.workflowParameters, 'ingest-orders': parameters },
    },
  };
}

describe('policy findings name the config file and field that produced them', () => {
  it('a cluster: its entry in the environment file', () => {
    // The config loader refuses this bound itself; a tighter policy context makes the rule find it.
    const findings = prodFindings({ context: () => ({ maxAutoterminationMinutes: 20 }) });
    expect(originsOf(findings, 'DBX-C2')).toEqual(['config/prod.yaml: clusters[0].autoterminationMinutes']);
  });

  it("a job: the environment file's run-as, default and per-workflow concurrency", () => {
    const findings = prodFindings({
      prod: (e) => ({
        runAs: { userName: 'alice@acme.example' },
        maxConcurrentRuns: 7,
        workflows: { ...e.workflows, 'ingest-orders': { maxConcurrentRuns: 10 } },
      }),
    });
    expect(new Set(originsOf(findings, 'DBX-J1'))).toEqual(new Set(['config/prod.yaml: runAs.userName']));
    const concurrency = originsOf(findings, 'DBX-J4');
    expect(concurrency).toContain('config/prod.yaml: workflows.ingest-orders.maxConcurrentRuns');
    expect(concurrency).toContain('config/prod.yaml: maxConcurrentRuns');
    expect(findings.find((m) => m.includes('workflows.ingest-orders.maxConcurrentRuns'))).toContain(
      'max_concurrent_runs is 10',
    );
  });

  it("a job: project.yaml's notifications and workflow parameters", () => {
    const findings = prodFindings({
      project: () => ({ notifications: { emails: [] } }),
      prod: (e) => withIngestParameter(e, 'api', FAKE.databricksToken, false),
    });
    expect(new Set(originsOf(findings, 'DBX-J3'))).toEqual(
      new Set(['config/project.yaml: notifications.emails']),
    );
    expect(originsOf(findings, 'DBX-S1')).toEqual(['config/project.yaml: workflows[0].parameters.api']);
  });

  it("a job: the environment file's parameter override", () => {
    const findings = prodFindings({ prod: (e) => withIngestParameter(e, 'api', FAKE.databricksToken, true) });
    expect(originsOf(findings, 'DBX-S1')).toEqual([
      'config/prod.yaml: workflows.ingest-orders.parameters.api',
    ]);
  });

  it("a job's write target: project.yaml's backup location, unless the environment file overrides it", () => {
    const clash = (c: PolicyContext) => ({
      foreignWriteTargets: c.writeTargets
        .filter((t) => t.parameter === 'location')
        .map((t) => ({ ...t, jobName: 'Staging – backup', environment: 'staging' })),
    });
    expect(originsOf(prodFindings({ context: clash }), 'DBX-D1')).toEqual(
      expect.arrayContaining([
        'config/project.yaml: backup.location',
        'config/project.yaml: unityCatalogExport.location',
      ]),
    );
    const overridden = prodFindings({
      prod: (e) => ({
        data: { ...e.data, backupLocation: 's3://acme-dr/prod' },
        values: { ...e.values, backup: { ...e.values.backup, location: 's3://acme-dr/prod' } },
      }),
      context: clash,
    });
    expect(originsOf(overridden, 'DBX-D1')).toContain('config/prod.yaml: data.backupLocation');
  });

  it("a permission: the environment file's access level of the role", () => {
    const findings = prodFindings({
      prod: (e) => ({
        access: {
          ...e.access,
          developers: { ...e.access.developers, clusters: 'CAN_MANAGE', jobs: 'CAN_MANAGE' },
        },
      }),
    });
    const origins = new Set(originsOf(findings, 'DBX-P1'));
    expect(origins).toEqual(
      new Set(['config/prod.yaml: access.developers.clusters', 'config/prod.yaml: access.developers.jobs']),
    );
    expect(findings.find((m) => m.startsWith('config/prod.yaml: access.developers.clusters'))).toMatch(
      /DBX-P1: group "data-engineers" has CAN_MANAGE\. .*on Clusters\/shared\/Permissions/,
    );
  });

  it("a secret scope: the environment file's run-as and access, project.yaml's admins group", () => {
    const findings = prodFindings({
      prod: (e) => ({ access: { ...e.access, developers: { ...e.access.developers, secrets: 'READ' } } }),
      context: () => ({
        foreignPrincipals: [
          { name: prodOf(config).runAs!.servicePrincipal!, why: 'the run-as of staging' },
          { name: config.groups.admins, why: 'an admins group of staging' },
          { name: config.groups.developers, why: 'group developers with secret access in staging' },
        ],
      }),
    });
    expect(new Set(originsOf(findings, 'DBX-S2'))).toEqual(
      new Set([
        'config/prod.yaml: runAs.servicePrincipal',
        'config/project.yaml: groups.admins',
        'config/prod.yaml: access.developers.secrets',
      ]),
    );
  });

  it('what no config field produces: says it is a program default, and the fix', () => {
    const findings = prodFindings({});
    const lock = findings.filter((m) => m.includes('DBX-C6'));
    expect(lock.length).toBeGreaterThan(0);
    for (const m of lock) {
      expect(m).toMatch(
        /^\(program default: the (standard|ml) lock of the requirements folder, .*\): DBX-C6: .* Fix: Re-lock/,
      );
    }
  });

  it('a job in a stack of its own (a partitioned environment): still the environment file it came from', () => {
    const staging = config.environments.find((e) => e.name === 'staging')!;
    const partitioned: ProjectConfig = {
      ...config,
      workflows: config.workflows.map((w, i) => (i === 0 ? { ...w, group: 'ingest' } : w)),
      environments: config.environments.map((e) =>
        e === staging
          ? {
              ...e,
              runAs: { userName: 'alice@acme.example' },
              partitioning: { enabled: true, maxStalenessHours: 24 },
            }
          : e,
      ),
    };
    let message = '';
    try {
      synthesize(partitioned, { outdir: path.join(tempDir(), 'cdktf.out'), environments: ['staging'] });
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toMatch(
      /^ {2}config\/staging\.yaml: runAs\.userName: DBX-J1: .*\(construct staging-jobs-ingest\/Jobs\/ingest-orders\/Resource\)$/m,
    );
    expect(message).toMatch(
      /^ {2}config\/staging\.yaml: runAs\.userName: DBX-J1: .*\(construct staging-monitoring\/Monitoring\/AlertJob\/Resource\)$/m,
    );
  });
});
