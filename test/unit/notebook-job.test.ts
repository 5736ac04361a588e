import { Job } from '@cdktf/provider-databricks/lib/job';
import { Permissions } from '@cdktf/provider-databricks/lib/permissions';
import { Testing } from 'cdktf';
import { ManagedCluster } from '../../lib/managed-cluster';
import { NotebookJob, NotebookJobProps } from '../../lib/notebook-job';
import { Principal } from '../../lib/principal';
import { constructFixture, ConstructFixture, REQUIRED_TAGS } from '../helpers/construct-fixture';
import { resourcesOf, synthJson } from '../helpers/synthesized';

const SP = '3c4d5e6f-7a8b-4c9d-8e0f-a1b2c3d4e5f6';

function job(f: ConstructFixture, props: Partial<NotebookJobProps> = {}) {
  const j = new NotebookJob(f.stack, 'Job', {
    jobName: 'Dev – ingest',
    tasks: [{ taskKey: 'main', notebookPath: '/Repos/bot/demo-dev/notebooks/ingest' }],
    compute: { jobCluster: { policy: f.policy('standard'), nodeTypeId: 'i3.xlarge', numWorkers: 1 } },
    tags: { ...REQUIRED_TAGS },
    ...props,
  });
  j.grant(Principal.group('platform-admins'), 'CAN_MANAGE');
  return j;
}

/** The only databricks_job of the fixture, as synthesized. */
function synthesizedJob(f: ConstructFixture): Record<string, unknown> {
  const jobs = Object.values(resourcesOf(synthJson(f.stack), 'databricks_job'));
  expect(jobs).toHaveLength(1);
  return jobs[0];
}

describe('NotebookJob', () => {
  it('carries its identity: the standard tags plus its resource construct path (orphans are found by it)', () => {
    const f = constructFixture();
    job(f);
    expect(synthesizedJob(f).tags).toEqual({
      ...REQUIRED_TAGS,
      cdktf_path: `${f.stack.node.path}/Job/Resource`,
    });
  });

  it('has safe defaults: unscheduled, no retries, 4 hour timeout, one run at a time, queued', () => {
    const f = constructFixture();
    job(f);
    const synthesized = synthesizedJob(f);
    expect(synthesized).toMatchObject({
      name: 'Dev – ingest',
      max_concurrent_runs: 1,
      timeout_seconds: 14400,
      queue: { enabled: true },
      tags: { ...REQUIRED_TAGS },
    });
    for (const absent of ['schedule', 'email_notifications', 'webhook_notifications', 'health', 'run_as']) {
      expect(synthesized).not.toHaveProperty(absent);
    }
    expect(synthesized.task).toEqual([
      {
        task_key: 'main',
        job_cluster_key: 'main',
        notebook_task: { notebook_path: '/Repos/bot/demo-dev/notebooks/ingest', source: 'WORKSPACE' },
        max_retries: 0,
        min_retry_interval_millis: 60000,
      },
    ]);
  });

  it('runs on a job cluster of the pinned environment, under the policy', () => {
    const f = constructFixture();
    job(f);
    const env = f.pinned('standard');
    expect(Testing.synth(f.stack)).toHaveResourceWithProperties(Job, {
      job_cluster: [
        {
          job_cluster_key: 'main',
          new_cluster: {
            spark_version: env.sparkVersion,
            node_type_id: 'i3.xlarge',
            num_workers: 1,
            policy_id: expect.stringMatching(/^\$\{databricks_cluster_policy\.Policy-standard_\w+\.id\}$/),
            init_scripts: [{ workspace: { destination: env.initScriptPath } }],
            custom_tags: { ...REQUIRED_TAGS, pinned_env: env.digest },
            data_security_mode: 'SINGLE_USER',
          },
        },
      ],
    });
  });

  it('runs on an existing all-purpose cluster instead, with no job cluster', () => {
    const f = constructFixture();
    const cluster = new ManagedCluster(f.stack, 'Shared', {
      clusterName: 'demo-dev-shared',
      policy: f.policy('standard'),
      nodeTypeId: 'i3.xlarge',
      numWorkers: 1,
      tags: { ...REQUIRED_TAGS },
      singleUser: Principal.user('data-engineer@acme.example'),
    });
    cluster.grant(Principal.group('platform-admins'), 'CAN_MANAGE');
    job(f, { compute: { cluster } });
    const synthesized = synthesizedJob(f);
    expect(synthesized).not.toHaveProperty('job_cluster');
    expect(synthesized.task).toEqual([
      expect.objectContaining({
        existing_cluster_id: expect.stringMatching(/^\$\{databricks_cluster\.Shared_\w+\.id\}$/),
      }),
    ]);
  });

  it('chains several tasks, each after the previous one, with their parameters', () => {
    const f = constructFixture();
    job(f, {
      tasks: [
        { taskKey: 'a', notebookPath: '/Shared/a', parameters: { day: '2024-01-01' } },
        { taskKey: 'b', notebookPath: '/Shared/b', parameters: {} },
        { taskKey: 'c', notebookPath: '/Shared/c' },
      ],
    });
    const tasks = synthesizedJob(f).task as Array<Record<string, unknown>>;
    expect(tasks.map((t) => [t.task_key, t.depends_on])).toEqual([
      ['a', undefined],
      ['b', [{ task_key: 'a' }]],
      ['c', [{ task_key: 'b' }]],
    ]);
    expect(tasks[0].notebook_task).toEqual({
      notebook_path: '/Shared/a',
      source: 'WORKSPACE',
      base_parameters: { day: '2024-01-01' },
    });
    expect(tasks[1].notebook_task).not.toHaveProperty('base_parameters');
  });

  it('lists tasks by task key, as the provider reads them back, and keeps the run order in depends_on', () => {
    const f = constructFixture();
    job(f, {
      tasks: [
        { taskKey: 'main', notebookPath: '/Shared/main' },
        { taskKey: 'data_quality', notebookPath: '/Shared/dq' },
        { taskKey: 'Z_report', notebookPath: '/Shared/z' },
      ],
    });
    const tasks = synthesizedJob(f).task as Array<Record<string, unknown>>;
    // Byte order, as the provider's Go sort: upper case first.
    expect(tasks.map((t) => [t.task_key, t.depends_on])).toEqual([
      ['Z_report', [{ task_key: 'data_quality' }]],
      ['data_quality', [{ task_key: 'main' }]],
      ['main', undefined],
    ]);
  });

  it('schedules in UTC, unpaused, unless told otherwise', () => {
    const f = constructFixture();
    job(f, { schedule: { cron: '0 0 2 * * ?' } });
    expect(synthesizedJob(f).schedule).toEqual({
      quartz_cron_expression: '0 0 2 * * ?',
      timezone_id: 'UTC',
      pause_status: 'UNPAUSED',
    });
    const g = constructFixture();
    job(g, { schedule: { cron: '0 0 4 ? * SUN', timezone: 'Europe/Berlin', paused: true } });
    expect(synthesizedJob(g).schedule).toEqual({
      quartz_cron_expression: '0 0 4 ? * SUN',
      timezone_id: 'Europe/Berlin',
      pause_status: 'PAUSED',
    });
  });

  it('runs its job cluster dedicated (SINGLE_USER) to the run-as identity, and depends on the pinned files', () => {
    const f = constructFixture();
    job(f, { runAs: Principal.servicePrincipal(SP) });
    const synthesized = synthesizedJob(f);
    const [jobCluster] = synthesized.job_cluster as Array<{ new_cluster: Record<string, unknown> }>;
    expect(jobCluster.new_cluster).toMatchObject({ data_security_mode: 'SINGLE_USER', single_user_name: SP });
    const env = f.pinned('standard');
    expect(synthesized.depends_on).toEqual([
      `databricks_workspace_file.${env.initScriptFile.friendlyUniqueId}`,
      `databricks_workspace_file.${env.lockFile.friendlyUniqueId}`,
    ]);
  });

  it('fails when the cron expression is one Databricks refuses at apply', () => {
    expect(() => job(constructFixture(), { schedule: { cron: '0 0 25 * * ?' } })).toThrow(
      'schedule.cron "0 0 25 * * ?" is not a Quartz cron expression Databricks accepts (hours: expected 0-23, found 25)',
    );
    expect(() => job(constructFixture(), { schedule: { cron: '0 0 2 * * *' } })).toThrow(
      'day-of-month and day-of-week: exactly one of them must be "?"',
    );
  });

  it('fails when the time zone is not an IANA id', () => {
    expect(() =>
      job(constructFixture(), { schedule: { cron: '0 0 2 * * ?', timezone: 'Europe/Berln' } }),
    ).toThrow(
      'schedule.timezone: expected an IANA time zone id such as UTC or Europe/Berlin (did you mean Europe/Berlin?), found "Europe/Berln"',
    );
  });

  it('notifies e-mails and destinations on failure, and on a slow run when a warning threshold is set', () => {
    const f = constructFixture();
    job(f, {
      notifications: {
        emails: ['oncall@acme.example'],
        destinationIds: ['5b8e1c2a-3f4d-4e6a-9b7c-0d1e2f3a4b5c'],
      },
      runDurationWarningSeconds: 3600,
      timeoutSeconds: 7200,
    });
    expect(synthesizedJob(f)).toMatchObject({
      email_notifications: {
        on_failure: ['oncall@acme.example'],
        on_duration_warning_threshold_exceeded: ['oncall@acme.example'],
      },
      webhook_notifications: {
        on_failure: [{ id: '5b8e1c2a-3f4d-4e6a-9b7c-0d1e2f3a4b5c' }],
        on_duration_warning_threshold_exceeded: [{ id: '5b8e1c2a-3f4d-4e6a-9b7c-0d1e2f3a4b5c' }],
      },
      health: { rules: [{ metric: 'RUN_DURATION_SECONDS', op: 'GREATER_THAN', value: 3600 }] },
      timeout_seconds: 7200,
    });
  });

  it('notifies on failure only when there is no warning threshold', () => {
    const f = constructFixture();
    job(f, { notifications: { emails: ['oncall@acme.example'] } });
    expect(synthesizedJob(f).email_notifications).toEqual({ on_failure: ['oncall@acme.example'] });
  });

  it('runs as a service principal or a user', () => {
    const f = constructFixture();
    job(f, { runAs: Principal.servicePrincipal(SP) });
    expect(synthesizedJob(f).run_as).toEqual({ service_principal_name: SP });
    const g = constructFixture();
    job(g, { runAs: Principal.user('ada@acme.example') });
    expect(synthesizedJob(g).run_as).toEqual({ user_name: 'ada@acme.example' });
  });

  it('takes retries, retry interval and concurrency', () => {
    const f = constructFixture();
    job(f, { maxRetries: 3, minRetryIntervalMillis: 1000, maxConcurrentRuns: 5 });
    const synthesized = synthesizedJob(f);
    expect(synthesized.max_concurrent_runs).toBe(5);
    expect(synthesized.task).toEqual([
      expect.objectContaining({ max_retries: 3, min_retry_interval_millis: 1000 }),
    ]);
  });

  it('grants on the job by id, one permissions resource with merged grants', () => {
    const f = constructFixture();
    const j = job(f);
    j.grant(Principal.group('data-engineers'), 'CAN_VIEW');
    j.grant(Principal.group('data-engineers'), 'CAN_MANAGE_RUN');
    expect(Testing.synth(f.stack)).toHaveResourceWithProperties(Permissions, {
      job_id: expect.stringMatching(/^\$\{databricks_job\.Job_\w+\.id\}$/),
      access_control: [
        { group_name: 'data-engineers', permission_level: 'CAN_MANAGE_RUN' },
        { group_name: 'platform-admins', permission_level: 'CAN_MANAGE' },
      ],
    });
  });

  it('fails when there is no task', () => {
    expect(() => job(constructFixture(), { tasks: [] })).toThrow('test/Job: a job needs at least one task');
  });

  it('fails when two tasks share a key', () => {
    const tasks = [
      { taskKey: 'x', notebookPath: '/Shared/a' },
      { taskKey: 'x', notebookPath: '/Shared/b' },
    ];
    expect(() => job(constructFixture(), { tasks })).toThrow('test/Job: task keys must be unique');
  });

  it.each([0, 1001, 1.5])('fails when maxConcurrentRuns is %p', (bad) => {
    expect(() => job(constructFixture(), { maxConcurrentRuns: bad })).toThrow(
      `test/Job: maxConcurrentRuns must be a whole number from 1 to 1000, found ${bad}`,
    );
  });

  it.each([0, -5, 2.5])('fails when timeoutSeconds is %p', (bad) => {
    expect(() => job(constructFixture(), { timeoutSeconds: bad })).toThrow(
      `test/Job: timeoutSeconds must be a positive whole number, found ${bad}`,
    );
  });

  it.each([0, 7200, 9000, 1.5])('fails when runDurationWarningSeconds is %p with a 7200 s timeout', (bad) => {
    expect(() => job(constructFixture(), { timeoutSeconds: 7200, runDurationWarningSeconds: bad })).toThrow(
      `test/Job: runDurationWarningSeconds must be below the timeout (7200), found ${bad}`,
    );
  });

  it('fails when asked to run as a group', () => {
    expect(() => job(constructFixture(), { runAs: Principal.group('data-engineers') })).toThrow(
      'test/Job: a job cannot run as a group',
    );
  });

  it('fails when the job cluster breaks the policy', () => {
    const f = constructFixture();
    expect(() =>
      job(f, {
        compute: { jobCluster: { policy: f.policy('standard'), nodeTypeId: 'i3.xlarge', numWorkers: 99 } },
      }),
    ).toThrow("test/Job: 99 workers exceed the policy's maximum of 4");
  });
});
