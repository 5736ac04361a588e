import { dataTargetIsolation } from '../../../lib/policy/rules/data-target-isolation';
import { policyKit } from './policy-kit';

const own = [{ jobName: 'demo Job', parameter: 'target_schema', target: 'staging.sales' }];

describe("DBX-D1 no job writes another environment's data", () => {
  it('passes a job writing its own catalog while staging reads prod read-only', () => {
    const kit = policyKit('staging', {
      writeTargets: own,
      foreignWriteTargets: [
        { environment: 'prod', jobName: 'Prod – ingest', parameter: 'target_schema', target: 'prod.sales' },
      ],
      readOnlyInputs: ['prod.sales'],
    });
    kit.job('Job', { parameters: { target_schema: 'staging.sales', source_table: 'prod.sales.orders' } });
    expect(kit.violations(dataTargetIsolation)).toEqual([]);
  });

  it('does not apply to a job with no write targets', () => {
    const kit = policyKit('staging');
    kit.job();
    expect(kit.violations(dataTargetIsolation)).toEqual([]);
  });

  it("fails when a job writes where another environment's job writes, or into a read-only input", () => {
    const kit = policyKit('staging', {
      writeTargets: own,
      foreignWriteTargets: [
        {
          environment: 'prod',
          jobName: 'Prod – backup-delta-tables',
          parameter: 'target_catalog',
          target: 'PROD',
        },
      ],
      readOnlyInputs: ['prod.sales'],
    });
    kit.job('Job', { parameters: { target_schema: 'prod.sales' } });
    expect(kit.violations(dataTargetIsolation)).toEqual([
      {
        path: 'Job/Resource',
        message: expect.stringContaining(
          `DBX-D1: task[0].notebook_task.base_parameters.target_schema writes "prod.sales", where prod's job "Prod – backup-delta-tables" writes "PROD" (target_catalog)`,
        ),
      },
      {
        path: 'Job/Resource',
        message: expect.stringContaining(
          'DBX-D1: task[0].notebook_task.base_parameters.target_schema writes "prod.sales", which staging declares a read-only input ("prod.sales")',
        ),
      },
    ]);
  });
});
