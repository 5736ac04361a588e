import { Aspects, TerraformStack, Testing } from 'cdktf';
import { ClusterPolicy } from '../../../lib/cluster-policy';
import { ManagedCluster, ManagedClusterProps } from '../../../lib/managed-cluster';
import { PinnedEnvironment } from '../../../lib/pinned-environment';
import { AnnotatedError, errorAnnotations } from '../../../app/policy/guardrails';
import { PolicyContext } from '../../../lib/policy/policy-context';
import { Tier, TIERS } from '../../../lib/vocabulary';
import { PolicyPack } from '../../../lib/policy/policy-pack';
import { PolicyRule } from '../../../lib/policy/rule';
import { Principal } from '../../../lib/principal';
import { RepoMount } from '../../../lib/repo-mount';
import { WorkflowJob, WorkflowJobProps } from '../../../lib/workflow-job';
import { WorkspaceFolder } from '../../../lib/workspace-folder';
import { projectPinnedFiles, testStack } from '../../helpers/construct-fixture';

/** Obviously fake credentials, assembled at run time so no scanner mistakes this file for a leak. */
export const FAKE = {
  databricksToken: 'dapi' + 'deadbeef'.repeat(4),
  githubToken: 'ghp_' + 'FAKE'.repeat(9),
  awsKeyId: 'AKIA' + 'FAKEFAKEFAKEFAKE',
  awsSecret: 'fAkE' + 'SecretKey0'.repeat(3) + 'fAkEfA',
};

/** The service principal staging/prod jobs of the kit run as. */
export const RUN_AS_SP = '3c4d5e6f-7a8b-4c9d-8e0f-a1b2c3d4e5f6';

/**
 * A policy context for `environment`, as policyContextFromConfig would build it for project `demo`.
 * The tier is the environment's name when it names one, else dev (override it for others).
 */
export function testContext(environment: string, overrides: Partial<PolicyContext> = {}): PolicyContext {
  return {
    environment,
    tier: (TIERS as readonly string[]).includes(environment) ? (environment as Tier) : 'dev',
    maxAutoterminationMinutes: 60,
    sourcePaths: [`/Repos/bot@acme.example/demo-${environment}`, `/Shared/demo/${environment}`],
    foreignSourcePaths: [
      { environment: 'dev', path: '/Repos/bot@acme.example/demo-dev' },
      { environment: 'dev', path: '/Shared/demo/dev' },
    ].filter((p) => p.environment !== environment),
    adminGroups: ['platform-admins'],
    foreignPrincipals: [
      { name: '8d2f3a1e-6b7c-4d5e-9f0a-1b2c3d4e5f60', why: 'the run-as service principal of staging' },
    ],
    writeTargets: [],
    foreignWriteTargets: [],
    readOnlyInputs: [],
    ...overrides,
  };
}

/** A small environment stack built with the real constructs, and a way to run one rule over it. */
export interface PolicyKit {
  readonly stack: TerraformStack;
  readonly context: PolicyContext;
  readonly folder: WorkspaceFolder;
  readonly repo: RepoMount;
  readonly pinned: PinnedEnvironment;
  readonly policy: ClusterPolicy;
  /** `project`, `environment`, `cost_centre`. */
  readonly tags: Readonly<Record<string, string>>;
  readonly admins: Principal;
  /** A compliant all-purpose cluster (admins may manage it). */
  cluster(id?: string, props?: Partial<ManagedClusterProps>): ManagedCluster;
  /** A compliant workflow job on a job cluster, run as the kit's service principal, notifying on failure. */
  job(id?: string, props?: Partial<WorkflowJobProps>): WorkflowJob;
  /**
   * Runs `rules` as a pack over the stack (a synth, as cdktf does it: aspects, then the JSON) and
   * returns the error annotations, paths relative to the stack. Call once per kit.
   */
  violations(...rules: PolicyRule[]): AnnotatedError[];
}

/** A {@link PolicyKit} for an environment (default `prod`). */
export function policyKit(environment = 'prod', overrides: Partial<PolicyContext> = {}): PolicyKit {
  const { stack } = testStack(environment);
  const context = testContext(environment, overrides);
  const tags = { project: 'demo', environment, cost_centre: 'cc-1' };
  const admins = Principal.group('platform-admins');
  const folder = new WorkspaceFolder(stack, 'Folder', { path: `/Shared/demo/${environment}` });
  folder.grant(admins, 'CAN_MANAGE');
  const repo = new RepoMount(stack, 'RepoMount', {
    url: 'https://github.com/acme/demo.git',
    path: `/Repos/bot@acme.example/demo-${environment}`,
    branch: 'main',
  });
  repo.grant(admins, 'CAN_MANAGE');
  const pinned = new PinnedEnvironment(stack, 'Pinned', {
    ...projectPinnedFiles('standard'),
    folder,
  });
  const policy = new ClusterPolicy(stack, 'Policy', {
    policyName: `demo-${environment}-standard`,
    pinnedEnvironment: pinned,
    allowedNodeTypes: ['i3.xlarge'],
    maxWorkers: 4,
    maxAutoterminationMinutes: 120,
    requiredTags: tags,
  });
  policy.grant(admins);
  return {
    stack,
    context,
    folder,
    repo,
    pinned,
    policy,
    tags,
    admins,
    cluster(id = 'Cluster', props = {}) {
      const c = new ManagedCluster(stack, id, {
        clusterName: `demo-${environment}-${id.toLowerCase()}`,
        policy,
        nodeTypeId: 'i3.xlarge',
        numWorkers: 1,
        autoterminationMinutes: 30,
        tags,
        singleUser: Principal.servicePrincipal(RUN_AS_SP),
        ...props,
      });
      c.grant(admins, 'CAN_MANAGE');
      return c;
    },
    job(id = 'Job', props = {}) {
      const j = new WorkflowJob(stack, id, {
        jobName: `demo ${id}`,
        repoMount: repo,
        notebook: 'notebooks/workflows/ingest',
        compute: { jobCluster: { policy, nodeTypeId: 'i3.xlarge', numWorkers: 1 } },
        runAs: Principal.servicePrincipal(RUN_AS_SP),
        notifications: { emails: ['oncall@acme.example'] },
        tags,
        ...props,
      });
      j.grant(admins, 'CAN_MANAGE');
      return j;
    },
    violations(...rules: PolicyRule[]) {
      Aspects.of(stack).add(new PolicyPack('test', rules, context));
      Testing.synth(stack);
      return errorAnnotations(stack).map((e) => ({ ...e, path: e.path.slice(stack.node.path.length + 1) }));
    },
  };
}
