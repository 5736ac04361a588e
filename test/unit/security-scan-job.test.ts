import { Principal } from '../../lib/principal';
import { SecurityScanJob, SecurityScanJobProps } from '../../lib/security-scan-job';
import { constructFixture, ConstructFixture } from '../helpers/construct-fixture';
import { opsJobProps, synthesizedOpsJob } from '../helpers/ops-job';
import { reference, resourcesOf, synthJson } from '../helpers/synthesized';

function scan(f: ConstructFixture, props: Partial<SecurityScanJobProps> = {}) {
  const job = new SecurityScanJob(f.stack, 'Scan', {
    ...opsJobProps(f, 'Dev – security-scan-standard', SecurityScanJob.NOTEBOOK_NAME),
    pinnedEnvironment: f.pinned('standard'),
    ...props,
  });
  job.grant(Principal.group('platform-admins'), 'CAN_MANAGE');
  return job;
}

describe('SecurityScanJob', () => {
  it('scans the uploaded lock of its pinned environment (read through /Workspace) for the default licences', () => {
    const f = constructFixture();
    scan(f);
    const { job, notebook, notebookId } = synthesizedOpsJob(f);
    expect(notebook.path).toBe('/Shared/demo/dev/ops/security_scan');
    expect(job.task).toEqual([
      expect.objectContaining({
        task_key: 'security_scan',
        notebook_task: {
          notebook_path: reference('databricks_notebook', notebookId, 'path'),
          source: 'WORKSPACE',
          base_parameters: {
            lock_path: `/Workspace${f.pinned('standard').lockPath}`,
            disallowed_licenses: 'GPL,LGPL,AGPL',
          },
        },
      }),
    ]);
  });

  it('runs on a cluster of the same pinned environment', () => {
    const f = constructFixture();
    scan(f);
    const { job } = synthesizedOpsJob(f);
    expect(job.job_cluster).toEqual([
      expect.objectContaining({
        new_cluster: expect.objectContaining({
          init_scripts: [{ workspace: { destination: f.pinned('standard').initScriptPath } }],
        }),
      }),
    ]);
  });

  it('takes its own list of disallowed licences', () => {
    const f = constructFixture();
    scan(f, { disallowedLicenses: ['SSPL', 'BUSL'] });
    const params = (
      synthesizedOpsJob(f).job.task[0].notebook_task as { base_parameters: Record<string, string> }
    ).base_parameters;
    expect(params.disallowed_licenses).toBe('SSPL,BUSL');
  });

  it('uploads the scan notebook once when an environment scans several flavors', () => {
    const f = constructFixture();
    const props = opsJobProps(f, 'x', SecurityScanJob.NOTEBOOK_NAME);
    new SecurityScanJob(f.stack, 'ScanStandard', {
      ...props,
      jobName: 'Prod – security-scan-standard',
      pinnedEnvironment: f.pinned('standard'),
    });
    new SecurityScanJob(f.stack, 'ScanMl', {
      ...props,
      jobName: 'Prod – security-scan-ml',
      compute: { jobCluster: { policy: f.policy('ml'), nodeTypeId: 'i3.xlarge', numWorkers: 1 } },
      pinnedEnvironment: f.pinned('ml'),
    });
    // Two databricks_notebook resources on one path would overwrite each other in the workspace:
    // the folder uploads the notebook once and both jobs run it, each with its own lock.
    const json = synthJson(f.stack);
    const paths = Object.values(resourcesOf(json, 'databricks_notebook')).map((n) => n.path);
    expect(paths).toHaveLength(1);
    const jobs = Object.values(resourcesOf(json, 'databricks_job'));
    type NotebookTask = { notebook_path: string; base_parameters: Record<string, string> };
    const tasks = jobs.map((j) => (j.task as Array<{ notebook_task: NotebookTask }>)[0].notebook_task);
    expect(new Set(tasks.map((t) => t.notebook_path)).size).toBe(1);
    expect(new Set(tasks.map((t) => t.base_parameters.lock_path)).size).toBe(2);
  });

  it('fails when its compute breaks the policy', () => {
    const f = constructFixture();
    expect(() =>
      scan(f, { compute: { jobCluster: { policy: f.policy(), nodeTypeId: 'm5.large', numWorkers: 1 } } }),
    ).toThrow(
      'test/Scan/Job: node type m5.large is not allowed by the policy (allowed: i3.xlarge, i3.2xlarge)',
    );
  });
});
