import { Principal } from '../../lib/principal';
import { RepoMount } from '../../lib/repo-mount';
import { WorkflowJob, WorkflowJobProps } from '../../lib/workflow-job';
import { constructFixture, ConstructFixture, REQUIRED_TAGS } from '../helpers/construct-fixture';
import { resourcesOf, synthJson } from '../helpers/synthesized';

const MOUNT = '/Repos/bot@acme.example/demo-dev';

function workflow(f: ConstructFixture, props: Partial<WorkflowJobProps> = {}) {
  const repoMount = new RepoMount(f.stack, 'RepoMount', {
    url: 'https://github.com/acme/demo.git',
    path: MOUNT,
    branch: 'main',
  });
  repoMount.grant(Principal.group('platform-admins'), 'CAN_MANAGE');
  const job = new WorkflowJob(f.stack, 'Ingest', {
    jobName: 'Dev – ingest-orders',
    repoMount,
    notebook: 'notebooks/workflows/ingest_orders',
    compute: { jobCluster: { policy: f.policy(), nodeTypeId: 'i3.xlarge', numWorkers: 1 } },
    tags: { ...REQUIRED_TAGS },
    ...props,
  });
  job.grant(Principal.group('platform-admins'), 'CAN_MANAGE');
  return job;
}

describe('WorkflowJob', () => {
  it('runs one notebook from the Git folder of its environment, as task "main"', () => {
    const f = constructFixture();
    const job = workflow(f);
    expect(job.notebookPath).toBe(`${MOUNT}/notebooks/workflows/ingest_orders`);
    const [synthesized] = Object.values(resourcesOf(synthJson(f.stack), 'databricks_job'));
    expect(synthesized.task).toEqual([
      expect.objectContaining({
        task_key: 'main',
        notebook_task: { notebook_path: `${MOUNT}/notebooks/workflows/ingest_orders`, source: 'WORKSPACE' },
      }),
    ]);
  });

  it('passes its parameters as the notebook base parameters', () => {
    const f = constructFixture();
    workflow(f, { parameters: { target_schema: 'sales' } });
    const [synthesized] = Object.values(resourcesOf(synthJson(f.stack), 'databricks_job'));
    expect((synthesized.task as Array<{ notebook_task: unknown }>)[0].notebook_task).toEqual({
      notebook_path: `${MOUNT}/notebooks/workflows/ingest_orders`,
      source: 'WORKSPACE',
      base_parameters: { target_schema: 'sales' },
    });
  });

  it('keeps the job settings of NotebookJob (schedule, name)', () => {
    const f = constructFixture();
    const job = workflow(f, { schedule: { cron: '0 0 2 * * ?', paused: true } });
    expect(job.jobName).toBe('Dev – ingest-orders');
    const [synthesized] = Object.values(resourcesOf(synthJson(f.stack), 'databricks_job'));
    expect(synthesized.schedule).toMatchObject({ pause_status: 'PAUSED' });
  });

  it.each(['../other/notebook', '/Shared/elsewhere', 'notebooks/../../x'])(
    'fails when the notebook %j escapes the Git folder',
    (bad) => {
      expect(() => workflow(constructFixture(), { notebook: bad })).toThrow(
        `test/RepoMount: notebook path must stay inside the Git folder (relative, no "..", "." or empty segments), found ${JSON.stringify(bad)}`,
      );
    },
  );
});
