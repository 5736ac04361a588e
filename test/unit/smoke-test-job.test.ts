import { Principal } from '../../lib/principal';
import { RepoMount } from '../../lib/repo-mount';
import { SmokeTestJob, SmokeTestJobProps } from '../../lib/smoke-test-job';
import { constructFixture, ConstructFixture, REQUIRED_TAGS } from '../helpers/construct-fixture';
import { resourcesOf, synthJson } from '../helpers/synthesized';

const MOUNT = '/Repos/bot@acme.example/demo-stg';

function smoke(f: ConstructFixture, props: Partial<SmokeTestJobProps> = {}) {
  const repoMount = new RepoMount(f.stack, 'RepoMount', {
    url: 'https://github.com/acme/demo.git',
    path: MOUNT,
    branch: 'release/1.4-RC',
  });
  repoMount.grant(Principal.group('platform-admins'), 'CAN_MANAGE');
  const job = new SmokeTestJob(f.stack, 'Smoke', {
    jobName: 'Stg – smoke-tests',
    repoMount,
    notebooks: ['notebooks/smoke_tests/run_smoke_tests'],
    compute: { jobCluster: { policy: f.policy(), nodeTypeId: 'i3.xlarge', numWorkers: 1 } },
    tags: { ...REQUIRED_TAGS },
    ...props,
  });
  job.grant(Principal.group('platform-admins'), 'CAN_MANAGE');
  return job;
}

function synthesizedJob(f: ConstructFixture) {
  const jobs = Object.values(resourcesOf(synthJson(f.stack), 'databricks_job'));
  expect(jobs).toHaveLength(1);
  return jobs[0] as { task: Array<Record<string, unknown>>; schedule?: unknown };
}

describe('SmokeTestJob', () => {
  it('runs the smoke notebooks from the Git folder, unscheduled and without retries', () => {
    const f = constructFixture();
    smoke(f);
    const job = synthesizedJob(f);
    expect(job.schedule).toBeUndefined();
    expect(job.task).toEqual([
      expect.objectContaining({
        task_key: 'smoke_1_run_smoke_tests',
        max_retries: 0,
        notebook_task: {
          notebook_path: `${MOUNT}/notebooks/smoke_tests/run_smoke_tests`,
          source: 'WORKSPACE',
        },
      }),
    ]);
  });

  it('runs several notebooks in order, one task each, keyed by position and name', () => {
    const f = constructFixture();
    smoke(f, { notebooks: ['smoke/check tables.py', 'smoke/check-jobs', 'other/check-jobs'] });
    const tasks = synthesizedJob(f).task;
    expect(tasks.map((t) => t.task_key)).toEqual([
      'smoke_1_check_tables_py',
      'smoke_2_check-jobs',
      'smoke_3_check-jobs',
    ]);
    expect(tasks[2].depends_on).toEqual([{ task_key: 'smoke_2_check-jobs' }]);
    expect((tasks[0].notebook_task as { notebook_path: string }).notebook_path).toBe(
      `${MOUNT}/smoke/check tables`,
    );
  });

  it('keeps task keys within 100 characters', () => {
    const f = constructFixture();
    smoke(f, { notebooks: [`smoke/${'n'.repeat(150)}`] });
    expect((synthesizedJob(f).task[0].task_key as string).length).toBe(100);
  });

  it('takes explicit retries', () => {
    const f = constructFixture();
    smoke(f, { maxRetries: 2 });
    expect(synthesizedJob(f).task[0].max_retries).toBe(2);
  });

  it('fails when there is no smoke notebook', () => {
    expect(() => smoke(constructFixture(), { notebooks: [] })).toThrow(
      'test/Smoke: at least one smoke notebook is needed',
    );
  });

  it('fails when a smoke notebook escapes the Git folder', () => {
    expect(() => smoke(constructFixture(), { notebooks: ['../x'] })).toThrow(
      /notebook path must stay inside the Git folder/,
    );
  });
});
