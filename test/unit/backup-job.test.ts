import * as fs from 'node:fs';
import * as path from 'node:path';
import { BackupJob, BackupJobProps } from '../../lib/backup-job';
import { Principal } from '../../lib/principal';
import { constructFixture, ConstructFixture, projectNotebook } from '../helpers/construct-fixture';
import { decodeContent, opsJobProps, synthesizedOpsJob } from '../helpers/ops-job';
import { reference } from '../helpers/synthesized';
import { tempDir } from '../helpers/temp-dir';

const TABLES = ['main.sales.orders', 'main.finance.invoices'];

function backup(f: ConstructFixture, props: Partial<BackupJobProps> = {}) {
  const job = new BackupJob(f.stack, 'Backup', {
    ...opsJobProps(f, 'Prod – backup-delta-tables', BackupJob.NOTEBOOK_NAME),
    tables: TABLES,
    targetCatalog: 'dr_backup',
    location: 's3://acme-dr/demo',
    ...props,
  });
  job.grant(Principal.group('platform-admins'), 'CAN_MANAGE');
  return job;
}

describe('BackupJob', () => {
  it('uploads the backup notebook shipped with the program into <folder>/ops', () => {
    const f = constructFixture();
    backup(f);
    const { notebook } = synthesizedOpsJob(f);
    expect(notebook.path).toBe('/Shared/demo/dev/ops/backup_delta_tables');
    expect(notebook.language).toBe('PYTHON');
    expect(decodeContent(notebook)).toBe(fs.readFileSync(projectNotebook('backup_delta_tables'), 'utf8'));
  });

  it('uploads whichever notebook file it is given, under its own name', () => {
    const f = constructFixture();
    const notebookFile = path.join(tempDir('backup-notebook-'), 'my-backup.py');
    fs.writeFileSync(notebookFile, '# Databricks notebook source\nprint("backup")\n');
    backup(f, { notebookFile });
    const { notebook } = synthesizedOpsJob(f);
    expect(notebook.path).toBe('/Shared/demo/dev/ops/backup_delta_tables');
    expect(decodeContent(notebook)).toBe('# Databricks notebook source\nprint("backup")\n');
  });

  it('fails when the notebook file cannot be read, naming the prop and the file', () => {
    const f = constructFixture();
    const notebookFile = path.join(tempDir('backup-notebook-'), 'missing.py');
    expect(() => backup(f, { notebookFile })).toThrow(
      `test/Backup: notebookFile ${notebookFile} cannot be read (ENOENT); pass the path of the notebook's .py source`,
    );
  });

  it('runs that notebook with the tables, target catalog and location as parameters', () => {
    const f = constructFixture();
    backup(f);
    const { job, notebookId } = synthesizedOpsJob(f);
    expect(job.name).toBe('Prod – backup-delta-tables');
    expect(job.task).toEqual([
      expect.objectContaining({
        task_key: 'backup_delta_tables',
        notebook_task: {
          notebook_path: reference('databricks_notebook', notebookId, 'path'),
          source: 'WORKSPACE',
          base_parameters: {
            tables: 'main.sales.orders,main.finance.invoices',
            target_catalog: 'dr_backup',
            location: 's3://acme-dr/demo',
          },
        },
      }),
    ]);
  });

  it('is not protected by default', () => {
    const f = constructFixture();
    backup(f);
    expect(synthesizedOpsJob(f).job['//']).not.toHaveProperty('protected');
  });

  it('when protected, carries the plan guard marker but no prevent_destroy (a rollback may redefine it)', () => {
    const f = constructFixture();
    backup(f, { protected: true });
    const { job } = synthesizedOpsJob(f);
    expect(job['//']).toMatchObject({ protected: true });
    expect(job).not.toHaveProperty('lifecycle');
  });

  it('exposes the job id and the underlying NotebookJob', () => {
    const f = constructFixture();
    const job = backup(f);
    expect(job.jobId).toBe(job.job.jobId);
  });

  it.each([
    [[], '[]'],
    [['main.sales'], '["main.sales"]'],
    [['main.sales.orders', 'bad table.x.y'], '["bad table.x.y"]'],
    [['a.b.c.d'], '["a.b.c.d"]'],
  ])('fails when the tables are %j', (tables, shown) => {
    expect(() => backup(constructFixture(), { tables })).toThrow(
      `test/Backup: tables must be non-empty catalog.schema.table names, found ${shown}`,
    );
  });

  it.each(['http://bucket/x', 'file:///tmp', '/mnt/backup', 's3://'])(
    'fails when the location is %j',
    (bad) => {
      expect(() => backup(constructFixture(), { location: bad })).toThrow(
        `test/Backup: location must be an s3://, gs:// or abfss:// URL, found ${bad}`,
      );
    },
  );
});
