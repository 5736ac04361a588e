import { jobSourceFolder } from '../../../lib/policy/rules/job-source-folder';
import { NotebookJob } from '../../../lib/notebook-job';
import { policyKit } from './policy-kit';

describe("DBX-J2 staging and prod jobs run notebooks from their own environment's folders", () => {
  it("passes a job on the environment's Git folder and one on a notebook uploaded into its /Shared folder", () => {
    const kit = policyKit('prod');
    kit.job();
    const notebook = kit.folder.addNotebook(kit.stack, 'OpsNotebook', {
      name: 'ops/backup',
      content: '# ops',
    });
    new NotebookJob(kit.stack, 'Ops', {
      jobName: 'ops',
      tasks: [{ taskKey: 'backup', notebookPath: notebook.path }],
      compute: { jobCluster: { policy: kit.policy, nodeTypeId: 'i3.xlarge', numWorkers: 1 } },
      tags: kit.tags,
    }).grant(kit.admins, 'CAN_MANAGE');
    expect(kit.violations(jobSourceFolder)).toEqual([]);
  });

  it("fails when a prod job runs a notebook from dev's Git folder", () => {
    const kit = policyKit('prod');
    kit
      .job()
      .resource.addOverride(
        'task.0.notebook_task.notebook_path',
        '/Repos/bot@acme.example/demo-dev/notebooks/x',
      );
    expect(kit.violations(jobSourceFolder)).toEqual([
      {
        path: 'Job/Resource',
        message: expect.stringContaining(
          'DBX-J2: task[0].notebook_task runs "/Repos/bot@acme.example/demo-dev/notebooks/x", a path of dev (expected inside /Repos/bot@acme.example/demo-prod or /Shared/demo/prod)',
        ),
      },
    ]);
  });

  it("fails when a staging job runs a notebook from someone's home folder", () => {
    const kit = policyKit('staging');
    kit.job().resource.addOverride('task.0.notebook_task.notebook_path', '/Users/alice@acme.example/scratch');
    expect(kit.violations(jobSourceFolder).map((v) => v.message)).toEqual([
      expect.stringContaining('"/Users/alice@acme.example/scratch", outside the environment'),
    ]);
  });

  it('does not take a sibling folder with the same prefix for the Git folder', () => {
    const kit = policyKit('prod');
    kit
      .job()
      .resource.addOverride('task.0.notebook_task.notebook_path', '/Repos/bot@acme.example/demo-prod-old/x');
    expect(kit.violations(jobSourceFolder)).toHaveLength(1);
  });
});
