import { resourceAction, summarizePlan } from '../../ops/plan-summary/summarize-plan';
import { loadScenario } from '../fixtures/plans/load-scenario';

const REPO = 'databricks_repo.Repos_Main_Repo_1A2B3C4D';
const DIRECTORY = 'databricks_directory.Workspace_Shared_Directory_5E6F7A8B';
const BACKUP_JOB = 'databricks_job.Backup_DeepClone_Job_9E0F1A2B';

describe('summarizePlan on plans recorded from real terraform runs', () => {
  test('a plan on empty state only creates, each resource with its construct path', () => {
    const { plan, stackConfig } = loadScenario('create');
    const summary = summarizePlan({ environment: 'prod', plan, stackConfig });
    expect(summary.counts).toEqual({ create: 8, update: 0, replace: 0, delete: 0 });
    expect(summary.resources.find((r) => r.address === REPO)?.constructPath).toBe('prod/Repos/Main/Repo');
    expect(summary.destroyGuard.blocked).toEqual([]);
  });

  test('a plan that matches the state has no changes', () => {
    const { plan, stackConfig } = loadScenario('no-changes');
    const summary = summarizePlan({ environment: 'prod', plan, stackConfig });
    expect(summary.hasChanges).toBe(false);
    expect(summary.resources).toEqual([]);
    expect(summary.outputs).toEqual([]);
  });

  test('output-only changes are listed apart from resources', () => {
    const { plan, stackConfig } = loadScenario('outputs-only');
    const summary = summarizePlan({ environment: 'prod', plan, stackConfig });
    expect(summary.resources).toEqual([]);
    expect(summary.outputs.map((o) => `${o.name}:${o.action}`)).toEqual([
      'ingest_job_id:create',
      'protected_resources:create',
      'repo_branch:create',
    ]);
    expect(summary.hasChanges).toBe(true);
  });

  test('counts every kind of change and sorts resources by address', () => {
    const { plan, stackConfig } = loadScenario('changes');
    const summary = summarizePlan({ environment: 'prod', plan, stackConfig });
    expect(summary.counts).toEqual({ create: 1, update: 2, replace: 3, delete: 2 });
    const addresses = summary.resources.map((r) => r.address);
    expect(addresses).toEqual([...addresses].sort());
  });

  test('an update lists exactly the attributes whose values differ', () => {
    const { plan, stackConfig } = loadScenario('changes');
    const job = summarizePlan({ environment: 'prod', plan, stackConfig }).resources.find(
      (r) => r.address === 'databricks_job.Jobs_ingest-orders_Job_1C2D3E4F',
    );
    expect(job?.changedAttributes.map((a) => `${a.path}: ${a.before} → ${a.after}`)).toEqual([
      'max_concurrent_runs: 1 → 2',
      'task[0].max_retries: 1 → 3',
    ]);
  });

  test('a replace names the attribute that forces it', () => {
    const { plan, stackConfig } = loadScenario('changes');
    const repo = summarizePlan({ environment: 'prod', plan, stackConfig }).resources.find(
      (r) => r.address === REPO,
    );
    expect(repo?.action).toBe('replace');
    expect(repo?.changedAttributes.filter((a) => a.forcesReplacement).map((a) => a.path)).toEqual(['url']);
  });

  test('sensitive values are masked and never reach the summary', () => {
    const { plan, stackConfig } = loadScenario('changes');
    const summary = summarizePlan({ environment: 'prod', plan, stackConfig });
    const secret = summary.resources.find((r) => r.type === 'databricks_secret');
    expect(secret?.changedAttributes).toEqual([
      { path: 'string_value', before: '(sensitive)', after: '(sensitive)', forcesReplacement: true },
    ]);
    expect(JSON.stringify(plan)).toContain('fake-secret-value-two'); // the plan JSON holds it in clear
    expect(JSON.stringify(summary)).not.toContain('fake-secret-value');
  });

  test('a resource removed from the code gets a construct path hint from its logical id', () => {
    const { plan, stackConfig } = loadScenario('changes');
    const backup = summarizePlan({ environment: 'prod', plan, stackConfig }).resources.find(
      (r) => r.address === BACKUP_JOB,
    );
    expect(backup).toMatchObject({
      action: 'delete',
      inConfiguration: false,
      constructPath: '…/Backup/DeepClone/Job',
    });
  });
});

describe('the destroy guard', () => {
  const { plan, stackConfig } = loadScenario('changes');

  test('blocks deletes and replaces of resources the synthesized stack protects', () => {
    const summary = summarizePlan({ environment: 'prod', plan, stackConfig });
    expect(summary.destroyGuard.blocked).toEqual([DIRECTORY, BACKUP_JOB, REPO]);
    const protectedBy = (address: string) =>
      summary.resources.find((r) => r.address === address)?.protectedBy;
    expect(protectedBy(REPO)).toBe('kind repoMount');
    expect(protectedBy(DIRECTORY)).toBe('marked protected by its construct');
    // Gone from the code: only the protected_resources output of the last apply knows it.
    expect(protectedBy(BACKUP_JOB)).toBe('kind backupJob, recorded at the last apply');
  });

  test('lets through what --allow-destroy names, and reports names that match nothing', () => {
    const summary = summarizePlan({
      environment: 'prod',
      plan,
      stackConfig,
      allowDestroy: [REPO, 'databricks_job.NoSuchJob'],
    });
    expect(summary.destroyGuard).toEqual({
      blocked: [DIRECTORY, BACKUP_JOB],
      allowed: [REPO],
      unused: ['databricks_job.NoSuchJob'],
    });
  });

  test('reads protection from the stack only, never from the environment name', () => {
    const summary = summarizePlan({ environment: 'any-name', plan, stackConfig });
    expect(summary.destroyGuard.blocked).toEqual([DIRECTORY, BACKUP_JOB, REPO]);
  });

  test('without protected kinds and a record, only resources their construct marks protected are guarded', () => {
    const unkinded = JSON.parse(JSON.stringify(stackConfig), (key, value) =>
      key === 'protected_kind' ? undefined : value,
    );
    const otherOutputs = Object.fromEntries(
      Object.entries(plan.output_changes ?? {}).filter(([name]) => name !== 'protected_resources'),
    );
    const summary = summarizePlan({
      environment: 'prod',
      plan: { ...plan, output_changes: otherOutputs },
      stackConfig: unkinded,
    });
    expect(summary.destroyGuard.blocked).toEqual([DIRECTORY, REPO]);
  });

  test('does not guard unprotected deletes', () => {
    const summary = summarizePlan({ environment: 'prod', plan, stackConfig });
    expect(summary.destroyGuard.blocked).not.toContain('databricks_job.Jobs_legacy-report_Job_5A6B7C8D');
  });
});

describe('resourceAction', () => {
  test.each([
    [['create'], 'create'],
    [['update'], 'update'],
    [['delete'], 'delete'],
    [['delete', 'create'], 'replace'],
    [['create', 'delete'], 'replace'],
    [['no-op'], undefined],
    [['read'], undefined],
  ] as const)('%j is %s', (actions, expected) => {
    expect(resourceAction(actions)).toBe(expected);
  });
});

test('fails when the plan errored', () => {
  expect(() =>
    summarizePlan({ environment: 'dev', plan: { format_version: '1.2', errored: true }, stackConfig: {} }),
  ).toThrow(/the plan for dev errored/);
});
