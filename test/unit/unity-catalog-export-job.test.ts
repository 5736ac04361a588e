import { Principal } from '../../lib/principal';
import { UnityCatalogExportJob, UnityCatalogExportJobProps } from '../../lib/unity-catalog-export-job';
import { constructFixture, ConstructFixture } from '../helpers/construct-fixture';
import { decodeContent, opsJobProps, synthesizedOpsJob } from '../helpers/ops-job';
import { reference } from '../helpers/synthesized';

function ucExport(f: ConstructFixture, props: Partial<UnityCatalogExportJobProps> = {}) {
  const job = new UnityCatalogExportJob(f.stack, 'Export', {
    ...opsJobProps(f, 'Prod – unity-catalog-export', UnityCatalogExportJob.NOTEBOOK_NAME),
    catalogs: ['main', 'finance'],
    location: 'abfss://dr@acme.dfs.core.windows.net/uc',
    schedule: { cron: '0 0 3 ? * SUN' },
    ...props,
  });
  job.grant(Principal.group('platform-admins'), 'CAN_MANAGE');
  return job;
}

describe('UnityCatalogExportJob', () => {
  it('uploads the export notebook into <folder>/ops and runs it with catalogs and location', () => {
    const f = constructFixture();
    ucExport(f);
    const { job, notebook, notebookId } = synthesizedOpsJob(f);
    expect(notebook.path).toBe('/Shared/demo/dev/ops/export_unity_catalog');
    expect(decodeContent(notebook).length).toBeGreaterThan(0);
    expect(job.task).toEqual([
      expect.objectContaining({
        task_key: 'export_unity_catalog',
        notebook_task: {
          notebook_path: reference('databricks_notebook', notebookId, 'path'),
          source: 'WORKSPACE',
          base_parameters: { catalogs: 'main,finance', location: 'abfss://dr@acme.dfs.core.windows.net/uc' },
        },
      }),
    ]);
    expect(job.schedule).toEqual({
      quartz_cron_expression: '0 0 3 ? * SUN',
      timezone_id: 'UTC',
      pause_status: 'UNPAUSED',
    });
  });

  it('when protected, carries the plan guard marker', () => {
    const f = constructFixture();
    ucExport(f, { protected: true });
    expect(synthesizedOpsJob(f).job['//']).toMatchObject({ protected: true });
  });

  it.each([[[]], [['main', 'bad-name']], [['1main']]])('fails when the catalogs are %j', (catalogs) => {
    expect(() => ucExport(constructFixture(), { catalogs })).toThrow(
      `test/Export: catalogs must be non-empty catalog names, found ${JSON.stringify(catalogs)}`,
    );
  });

  it('fails when the location is not a cloud storage URL', () => {
    expect(() => ucExport(constructFixture(), { location: 'https://example.com/x' })).toThrow(
      'test/Export: location must be an s3://, gs:// or abfss:// URL, found https://example.com/x',
    );
  });
});
