import {
  CanarySpec,
  CanaryWorkflow,
  canaryFolderPath,
  canaryJobSettings,
  canaryParameters,
  judgeCanary,
} from '../../ops/canary';

const SPEC: CanarySpec = {
  sampleFraction: 0.05,
  sampleParameter: 'sample_fraction',
  targets: {},
  maxDurationRatio: 1.5,
};

const WORKFLOW: CanaryWorkflow = {
  name: 'ingest-orders',
  jobId: 1,
  parameters: { source_path: 's3://landing/orders/', target_schema: 'prod.sales' },
  targetParameters: ['target_schema'],
  forbiddenTargets: ['dev.sales', 'staging.sales', 'prod.sales'],
  spec: SPEC,
};

describe('canaryParameters', () => {
  it('moves every write target to <value>_canary and adds the sample fraction', () => {
    expect(canaryParameters(WORKFLOW)).toEqual({
      source_path: 's3://landing/orders/',
      target_schema: 'prod.sales_canary',
      sample_fraction: '0.05',
    });
  });

  it('uses the declared canary target where one is given', () => {
    const spec = { ...SPEC, targets: { target_schema: 'sandbox.orders_canary' } };
    expect(canaryParameters({ ...WORKFLOW, spec }).target_schema).toBe('sandbox.orders_canary');
  });

  it('fails when the canary would write where an environment writes, naming the config field', () => {
    const spec = { ...SPEC, targets: { target_schema: 'staging.sales' } };
    expect(() => canaryParameters({ ...WORKFLOW, spec })).toThrow(
      'workflows.ingest-orders.canary.targets.target_schema: the canary would write to "staging.sales", where an environment writes; name a canary target of its own',
    );
  });
});

describe('canaryJobSettings', () => {
  const deployed = {
    name: 'Prod – ingest-orders',
    schedule: { quartz_cron_expression: '0 0 2 * * ?', timezone_id: 'UTC', pause_status: 'UNPAUSED' },
    email_notifications: { on_failure: ['oncall@acme.example'] },
    tags: { project: 'p', cdktf_path: 'prod/Jobs/ingest-orders/Resource' },
    tasks: [
      {
        task_key: 'main',
        notebook_task: {
          notebook_path: '/Repos/owner/simple-project/notebooks/workflows/ingest_orders',
          base_parameters: { target_schema: 'prod.sales' },
        },
      },
      {
        task_key: 'data_quality',
        notebook_task: {
          notebook_path: '/Shared/simple-project/prod/ops/data_quality',
          base_parameters: {
            checks: JSON.stringify([{ table: 'prod.sales.orders', rowCount: { min: 1000, max: 100001 } }]),
          },
        },
      },
    ],
  };
  const settings = canaryJobSettings(deployed, {
    mountPath: '/Repos/owner/simple-project',
    canaryPath: canaryFolderPath('/Repos/owner/simple-project'),
    parameters: canaryParameters(WORKFLOW),
    targets: [{ from: 'prod.sales', to: 'prod.sales_canary' }],
    sampleFraction: 0.05,
    ref: 'release/1.4',
  });
  const tasks = settings.tasks as Array<{
    notebook_task: { notebook_path: string; base_parameters: Record<string, string> };
  }>;

  it('runs the notebooks from the canary folder with the canary parameters', () => {
    expect(tasks[0].notebook_task).toEqual({
      notebook_path: '/Repos/owner/simple-project-canary/notebooks/workflows/ingest_orders',
      base_parameters: {
        source_path: 's3://landing/orders/',
        target_schema: 'prod.sales_canary',
        sample_fraction: '0.05',
      },
    });
  });

  it('checks the canary output, with row counts scaled to the sample', () => {
    expect(tasks[1].notebook_task.notebook_path).toBe('/Shared/simple-project/prod/ops/data_quality');
    expect(JSON.parse(tasks[1].notebook_task.base_parameters.checks)).toEqual([
      { table: 'prod.sales_canary.orders', rowCount: { min: 50, max: 5001 } },
    ]);
  });

  it('is a one-off job: renamed, unscheduled, silent, and not an object of the stack', () => {
    expect(settings.name).toBe('Prod – ingest-orders [canary release/1.4]');
    expect(settings).not.toHaveProperty('schedule');
    expect(settings).not.toHaveProperty('email_notifications');
    expect(settings.tags).toEqual({ project: 'p', canary: 'release/1.4' });
  });
});

describe('judgeCanary', () => {
  const run = {
    runId: 7,
    resultState: 'SUCCESS',
    durationMillis: 1000,
    tasks: { main: 'SUCCESS', data_quality: 'SUCCESS' },
  };

  it('passes a successful run within the duration ratio of the median of recent runs', () => {
    expect(judgeCanary(run, [600, 800, 5000], SPEC)).toEqual({
      passed: true,
      reasons: [],
      baselineMillis: 800,
    });
  });

  it('fails a run that took longer than the ratio allows', () => {
    const verdict = judgeCanary({ ...run, durationMillis: 1300 }, [800], SPEC);
    expect(verdict.passed).toBe(false);
    expect(verdict.reasons).toEqual([
      'the canary run took 1300 ms, more than 1.5 x the median 800 ms of recent runs',
    ]);
  });

  it('fails a failed run, naming the failed tasks (a data-quality breach among them)', () => {
    const verdict = judgeCanary(
      {
        ...run,
        resultState: 'FAILED',
        stateMessage: 'nullRate(customer_id) observed 0.04',
        tasks: { main: 'SUCCESS', data_quality: 'FAILED' },
      },
      [],
      SPEC,
    );
    expect(verdict).toEqual({
      passed: false,
      reasons: ['the canary run ended FAILED (data_quality FAILED): nullRate(customer_id) observed 0.04'],
    });
  });

  it('passes without a duration check when the workflow has no recent successful runs', () => {
    expect(judgeCanary({ ...run, durationMillis: 10_000_000 }, [], SPEC)).toEqual({
      passed: true,
      reasons: [],
    });
  });
});
