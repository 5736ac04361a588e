import { TerraformVariable } from 'cdktf';
import { JobHealthMonitoring, JobHealthMonitoringProps } from '../../lib/job-health-monitoring';
import { Principal } from '../../lib/principal';
import { constructFixture, ConstructFixture } from '../helpers/construct-fixture';
import { onlyResource, reference, resourcesOf, synthJson } from '../helpers/synthesized';

const WORKFLOWS = [
  { name: 'ingest', jobId: '111', slo: { p95DurationMinutes: 60, maxHoursSinceSuccess: 26 } },
  { name: 'train', jobId: '222' },
];

function monitoring(f: ConstructFixture, props: Partial<JobHealthMonitoringProps> = {}) {
  const m = new JobHealthMonitoring(f.stack, 'Monitoring', {
    namePrefix: 'Prod – ',
    folder: f.folder,
    workflows: WORKFLOWS,
    destinationIds: ['dest-1'],
    runAs: Principal.servicePrincipal('3c4d5e6f-7a8b-4c9d-8e0f-a1b2c3d4e5f6'),
    ...props,
  });
  m.warehouse.grant(Principal.group('admins'), 'CAN_MANAGE');
  if (m.alertJob) m.alertJob.grant(Principal.group('admins'), 'CAN_MANAGE');
  return m;
}

describe('JobHealthMonitoring', () => {
  it('creates a serverless warehouse that stops after 10 idle minutes, tagged with its construct path', () => {
    const f = constructFixture();
    monitoring(f, { tags: { project: 'demo' } });
    const warehouse = onlyResource(synthJson(f.stack), 'databricks_sql_endpoint');
    expect(warehouse).toMatchObject({
      name: 'Prod – job health',
      cluster_size: '2X-Small',
      auto_stop_mins: 10,
      enable_serverless_compute: true,
      warehouse_type: 'PRO',
      tags: {
        custom_tags: [
          { key: 'cdktf_path', value: 'test/Monitoring/Warehouse/Resource' },
          { key: 'project', value: 'demo' },
        ],
      },
    });
  });

  it('creates one query and alert per kind of objective, in the folder, alerting when any workflow breaches', () => {
    const f = constructFixture();
    monitoring(f);
    const json = synthJson(f.stack);
    const alerts = Object.values(resourcesOf(json, 'databricks_alert'));
    expect(alerts.map((a) => a.display_name).sort()).toEqual([
      'Prod – SLO: failure-rate',
      'Prod – SLO: missed-schedule',
      'Prod – SLO: p95-duration',
    ]);
    for (const alert of alerts) {
      expect(alert.condition).toEqual({
        op: 'GREATER_THAN',
        operand: { column: { name: 'breaching_workflows' } },
        threshold: { value: { double_value: 0 } },
        empty_result_state: 'OK',
      });
    }
    const folderPath = reference('databricks_directory', 'Folder_40F61B82', 'path');
    for (const q of Object.values(resourcesOf(json, 'databricks_query'))) {
      expect(q.parent_path).toBe(folderPath);
      expect(q.warehouse_id).toBe(reference('databricks_sql_endpoint', 'Monitoring_Warehouse_B84C8220'));
    }
  });

  it('keeps three alerts and three alert tasks however many workflows it watches', () => {
    const f = constructFixture();
    const workflows = Array.from({ length: 250 }, (_, i) => ({
      name: `w${i}`,
      jobId: String(i),
      slo: { p95DurationMinutes: 30, maxHoursSinceSuccess: 26 },
    }));
    monitoring(f, { workflows });
    const json = synthJson(f.stack);
    expect(Object.keys(resourcesOf(json, 'databricks_alert'))).toHaveLength(3);
    expect(Object.keys(resourcesOf(json, 'databricks_query'))).toHaveLength(3);
    expect(onlyResource(json, 'databricks_job').task).toHaveLength(3);
  });

  it('publishes a dashboard listing every workflow with its objectives', () => {
    const f = constructFixture();
    monitoring(f);
    const dashboard = onlyResource(synthJson(f.stack), 'databricks_dashboard');
    expect(dashboard.display_name).toBe('Prod – job health');
    const serialized = JSON.parse(dashboard.serialized_dashboard as string);
    expect(serialized.datasets.map((d: { name: string }) => d.name)).toEqual(['slo', 'daily']);
    const sql = serialized.datasets[0].queryLines.join('');
    expect(sql).toContain("('ingest', '111', 7, 0.1, 60, 26)");
    expect(sql).toContain("('train', '222', 7, 0.1, CAST(NULL AS DOUBLE), CAST(NULL AS DOUBLE))");
  });

  it('evaluates every alert hourly in a job that notifies the destinations', () => {
    const f = constructFixture();
    monitoring(f);
    const job = onlyResource(synthJson(f.stack), 'databricks_job');
    expect(job.schedule).toEqual({
      quartz_cron_expression: '0 0 * * * ?',
      timezone_id: 'UTC',
      pause_status: 'UNPAUSED',
    });
    expect(job.run_as).toEqual({ service_principal_name: '3c4d5e6f-7a8b-4c9d-8e0f-a1b2c3d4e5f6' });
    const tasks = job.task as Array<{ task_key: string; sql_task: { alert: { subscriptions: unknown } } }>;
    expect(tasks.map((t) => t.task_key)).toEqual(['failure-rate', 'missed-schedule', 'p95-duration']);
    for (const t of tasks) expect(t.sql_task.alert.subscriptions).toEqual([{ destination_id: 'dest-1' }]);
  });

  it('creates no alert job when nobody would be notified', () => {
    const f = constructFixture();
    const m = monitoring(f, { destinationIds: [] });
    expect(m.alertJob).toBeUndefined();
    expect(resourcesOf(synthJson(f.stack), 'databricks_job')).toEqual({});
  });

  it('fails when an objective is out of range, naming the workflow and the field', () => {
    const f = constructFixture();
    expect(() =>
      monitoring(f, { workflows: [{ name: 'w', jobId: '1', slo: { maxFailureRate: 2 } }] }),
    ).toThrow(
      'test/Monitoring: workflow w: slo.maxFailureRate is a share of runs from 0 to below 1 (0.1 = 10%), found 2',
    );
  });

  it('fails when the warehouse would never stop, or stops sooner than the API allows', () => {
    expect(() => monitoring(constructFixture(), { warehouse: { autoStopMinutes: 0 } })).toThrow(
      /autoStopMinutes must be/,
    );
    expect(() => monitoring(constructFixture(), { warehouse: { autoStopMinutes: 5 } })).toThrow(
      /at least 10/,
    );
  });

  it('takes Terraform variables for the warehouse settings without validating them', () => {
    const f = constructFixture();
    const minutes = new TerraformVariable(f.stack, 'auto_stop', { type: 'number' });
    monitoring(f, { warehouse: { autoStopMinutes: minutes.numberValue } });
    expect(onlyResource(synthJson(f.stack), 'databricks_sql_endpoint').auto_stop_mins).toBe(
      '${var.auto_stop}',
    );
  });
});
