/**
 * What a reviewer reads in the plan summary beyond the recorded scenarios: created resources with
 * their key attributes, grants by principal, drift labelled as drift, provider artefacts hidden and
 * outputs whole. Inputs are `terraform show -json` resource changes in the provider's own shape
 * (v1.84.0 schemas: `access_control` a set of blocks, `md5` defaulting to "different").
 */
import { PlanChangeJson, ResourceChangeJson, TerraformPlanJson } from '../../ops/plan-summary/plan-json';
import { renderPlanSummaryMarkdown } from '../../ops/plan-summary/render-markdown';
import { summarizePlan } from '../../ops/plan-summary/summarize-plan';
import { loadScenario } from '../fixtures/plans/load-scenario';

const PERMISSIONS = 'databricks_permissions.Jobs_ingest-orders_Permissions_0A1B2C3D';
const JOB = 'databricks_job.Jobs_ingest-orders_Job_1C2D3E4F';

function change(address: string, actions: PlanChangeJson['actions'], c: Omit<PlanChangeJson, 'actions'>) {
  const [type, name] = address.split('.');
  return { address, mode: 'managed', type, name, change: { actions, ...c } } satisfies ResourceChangeJson;
}

function summaryOf(plan: Partial<TerraformPlanJson>) {
  return summarizePlan({
    environment: 'prod',
    plan: { format_version: '1.2', ...plan },
    stackConfig: { resource: {} },
  });
}

const grants = (...entries: Array<[string, string, string]>) =>
  entries.map(([field, name, level]) => ({
    group_name: '',
    service_principal_name: '',
    user_name: '',
    [field]: name,
    permission_level: level,
  }));

describe('the plan summary, as a reviewer reads it', () => {
  test('a created job shows its name, notebook, schedule and pause status, compute and run-as', () => {
    const summary = summaryOf({
      resource_changes: [
        change(JOB, ['create'], {
          before: null,
          after: {
            name: 'prod-ingest-orders',
            schedule: [
              { quartz_cron_expression: '0 0 6 * * ?', timezone_id: 'Europe/Paris', pause_status: 'PAUSED' },
            ],
            run_as: [{ service_principal_name: 'sp-prod-runner', user_name: '' }],
            job_cluster: [
              {
                job_cluster_key: 'main',
                new_cluster: [
                  {
                    spark_version: '15.4.x-scala2.12',
                    node_type_id: 'Standard_DS3_v2',
                    num_workers: 2,
                    autoscale: [],
                    data_security_mode: 'SINGLE_USER',
                  },
                ],
              },
            ],
            task: [
              {
                task_key: 'main',
                job_cluster_key: 'main',
                notebook_task: [{ notebook_path: '/Repos/prod/x/ingest' }],
              },
            ],
          },
          after_unknown: { id: true, task: [{}] },
        }),
      ],
    });
    expect(summary.resources[0].keyAttributes).toEqual([
      { name: 'name', value: 'prod-ingest-orders' },
      { name: 'notebook', value: '/Repos/prod/x/ingest' },
      { name: 'schedule', value: '0 0 6 * * ? Europe/Paris (PAUSED)' },
      {
        name: 'compute',
        value: 'job cluster main: 15.4.x-scala2.12, Standard_DS3_v2, 2 workers, SINGLE_USER',
      },
      { name: 'run as', value: 'sp-prod-runner' },
    ]);
    expect(renderPlanSummaryMarkdown(summary)).toContain('schedule: `0 0 6 * * ? Europe/Paris (PAUSED)`');
  });

  test('a created cluster (recorded plan) shows its runtime, node type, size and access mode', () => {
    const { plan, stackConfig } = loadScenario('create');
    const cluster = summarizePlan({ environment: 'prod', plan, stackConfig }).resources.find(
      (r) => r.type === 'databricks_cluster',
    );
    expect(cluster?.keyAttributes.map((a) => `${a.name}: ${a.value}`)).toEqual([
      'name: prod-etl',
      'runtime: 15.4.x-scala2.12',
      'node type: i3.xlarge',
      'size: 2 workers',
      'access mode: default (set by the policy or workspace)',
    ]);
  });

  test('a created warehouse shows its size, auto stop and serverless; an SLO alert what triggers it', () => {
    const summary = summaryOf({
      resource_changes: [
        change('databricks_sql_endpoint.Monitoring_Warehouse_1', ['create'], {
          before: null,
          after: {
            name: 'Prod – job health',
            cluster_size: '2X-Small',
            auto_stop_mins: 10,
            enable_serverless_compute: true,
          },
        }),
        change('databricks_alert.Monitoring_Alerts_x_failure-rate_Alert_2', ['create'], {
          before: null,
          after: {
            display_name: 'Prod – x: failure-rate',
            condition: [
              {
                op: 'GREATER_THAN',
                operand: [{ column: [{ name: 'failure_rate' }] }],
                threshold: [{ value: [{ double_value: 0.1 }] }],
              },
            ],
          },
        }),
      ],
    });
    const shown = (type: string) =>
      summary.resources.find((r) => r.type === type)!.keyAttributes.map((a) => `${a.name}: ${a.value}`);
    expect(shown('databricks_sql_endpoint')).toEqual([
      'name: Prod – job health',
      'size: 2X-Small',
      'auto stop: after 10 idle minutes',
      'serverless: true',
    ]);
    expect(shown('databricks_alert')).toEqual([
      'name: Prod – x: failure-rate',
      'triggers when: failure_rate GREATER_THAN 0.1',
    ]);
  });

  test('created grants read principal → level', () => {
    const summary = summaryOf({
      resource_changes: [
        change(PERMISSIONS, ['create'], {
          before: null,
          after: {
            access_control: grants(
              ['group_name', 'data-engineers', 'CAN_VIEW'],
              ['service_principal_name', 'sp-1', 'CAN_MANAGE_RUN'],
            ),
          },
        }),
      ],
    });
    expect(summary.resources[0].keyAttributes).toEqual([
      { name: 'grants', value: 'group data-engineers → CAN_VIEW, service principal sp-1 → CAN_MANAGE_RUN' },
    ]);
  });

  test('a grant change names the principal, before → after, never a set position', () => {
    const summary = summaryOf({
      resource_changes: [
        change(PERMISSIONS, ['update'], {
          before: {
            job_id: '1001',
            access_control: grants(
              ['group_name', 'analysts', 'CAN_VIEW'],
              ['group_name', 'platform-admins', 'CAN_MANAGE'],
            ),
          },
          after: {
            job_id: '1001',
            access_control: grants(
              ['group_name', 'analysts', 'CAN_MANAGE_RUN'],
              ['group_name', 'platform-admins', 'CAN_MANAGE'],
              ['user_name', 'oncall@example.com', 'CAN_VIEW'],
            ),
          },
          after_unknown: { access_control: [{}, {}, {}] },
        }),
      ],
    });
    const attributes = summary.resources[0].changedAttributes;
    expect(attributes.map((a) => `${a.path}: ${a.before} → ${a.after}`)).toEqual([
      'access_control: group analysts: CAN_VIEW → CAN_MANAGE_RUN',
      'access_control: user oncall@example.com: (none) → CAN_VIEW',
    ]);
    expect(renderPlanSummaryMarkdown(summary)).not.toMatch(/access_control\[\d\]/);
  });

  test('the provider\'s md5 marker reads as a content change, not md5 → "different"', () => {
    const summary = summaryOf({
      resource_changes: [
        change('databricks_workspace_file.Assets_Smoke_File_0A0B0C0D', ['update'], {
          before: { path: '/Shared/prod/smoke.py', md5: '6f1ed002ab5595859014ebf0951522d9' },
          after: { path: '/Shared/prod/smoke.py', md5: 'different' },
        }),
      ],
    });
    expect(summary.resources[0].changedAttributes).toEqual([
      { path: 'content', before: 'previous', after: 'changed', forcesReplacement: false },
    ]);
    expect(renderPlanSummaryMarkdown(summary)).not.toContain('different');
  });

  test('drift is labelled as drift: what changed outside Terraform, and the change that reverts it', () => {
    const jobBefore = { name: 'prod-ingest-orders', max_concurrent_runs: 1 };
    const summary = summaryOf({
      resource_drift: [
        change(JOB, ['update'], { before: jobBefore, after: { ...jobBefore, max_concurrent_runs: 5 } }),
        change('databricks_cluster.Clusters_Etl_Cluster_7E8F9A0B', ['delete'], {
          before: { num_workers: 2 },
          after: null,
        }),
      ],
      resource_changes: [
        change(JOB, ['update'], { before: { ...jobBefore, max_concurrent_runs: 5 }, after: jobBefore }),
      ],
    });
    expect(summary.drift.map((d) => `${d.action} ${d.address}`)).toEqual([
      'delete databricks_cluster.Clusters_Etl_Cluster_7E8F9A0B',
      `update ${JOB}`,
    ]);
    expect(summary.drift[1].changedAttributes).toEqual([
      { path: 'max_concurrent_runs', before: '1', after: '5', forcesReplacement: false },
    ]);
    expect(summary.resources[0].revertsDrift).toBe(true);
    const markdown = renderPlanSummaryMarkdown(summary);
    expect(markdown).toContain('### Changed outside Terraform (drift)');
    expect(markdown).toContain(
      `| changed in the workspace | \`${JOB}\` | \`max_concurrent_runs\`: \`1\` → \`5\` |`,
    );
    expect(markdown).toContain('| update (reverts drift) |');
  });

  test('outputs are whole in the details, where the table cuts them', () => {
    const long = (branch: string) => `https://github.com/example/analytics-platform.git@${branch}`;
    const summary = summaryOf({
      output_changes: {
        repo_ref: { actions: ['update'], before: long('release/1.3'), after: long('release/1.4') },
      },
    });
    expect(summary.outputs[0]).toMatchObject({
      before: JSON.stringify(long('release/1.3')),
      after: JSON.stringify(long('release/1.4')),
    });
    const markdown = renderPlanSummaryMarkdown(summary);
    expect(markdown).toContain('<summary>Output values in full</summary>');
    expect(markdown).toContain(`\`\`\`json\n"${long('release/1.4')}"\n\`\`\``);
    // The table keeps the part where they differ.
    expect(markdown).toMatch(/\| `repo_ref` \| update \| `"….*1\.3"` \| `"….*1\.4"` \|/);
  });
});
