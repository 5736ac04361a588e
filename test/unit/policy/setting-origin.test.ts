import { Construct } from 'constructs';
import { recordSettingOrigins, settingOrigin, WHOLE } from '../../../lib/policy/setting-origin';
import { testStack } from '../../helpers/construct-fixture';

/** A stack with a job construct and its resource below it. */
function tree() {
  const { stack } = testStack('prod');
  const job = new Construct(stack, 'Job');
  const resource = new Construct(job, 'Resource');
  return { stack, job, resource };
}

describe('settingOrigin', () => {
  it('finds the origin a scope recorded for the setting, nearest scope first', () => {
    const { stack, job, resource } = tree();
    recordSettingOrigins(stack, { max_concurrent_runs: 'config/prod.yaml: maxConcurrentRuns' });
    recordSettingOrigins(job, {
      max_concurrent_runs: 'config/prod.yaml: workflows.ingest.maxConcurrentRuns',
    });
    expect(settingOrigin(resource, 'max_concurrent_runs')).toBe(
      'config/prod.yaml: workflows.ingest.maxConcurrentRuns',
    );
  });

  it('prefers a setting recorded further up to the nearest record of the construct as a whole', () => {
    const { stack, job, resource } = tree();
    recordSettingOrigins(stack, { run_as: 'config/prod.yaml: runAs.servicePrincipal' });
    recordSettingOrigins(job, { [WHOLE]: 'config/project.yaml: workflows[0]' });
    expect(settingOrigin(resource, 'run_as')).toBe('config/prod.yaml: runAs.servicePrincipal');
    expect(settingOrigin(resource, 'tags')).toBe('config/project.yaml: workflows[0]');
    expect(settingOrigin(resource)).toBe('config/project.yaml: workflows[0]');
  });

  it('widens a setting to the settings it belongs to, the exact entry first (names may hold dots)', () => {
    const { job, resource } = tree();
    recordSettingOrigins(job, {
      'task.notebook_task.base_parameters.target.schema':
        'config/prod.yaml: workflows.ingest.parameters.target.schema',
      job_cluster: 'config/prod.yaml: jobCluster',
    });
    expect(settingOrigin(resource, 'task.notebook_task.base_parameters.target.schema')).toBe(
      'config/prod.yaml: workflows.ingest.parameters.target.schema',
    );
    expect(settingOrigin(resource, 'job_cluster.new_cluster.policy_id')).toBe('config/prod.yaml: jobCluster');
  });

  it('lets a later record override an earlier one on the same construct', () => {
    const { job, resource } = tree();
    recordSettingOrigins(job, { run_as: 'first' });
    recordSettingOrigins(job, { run_as: 'second' });
    expect(settingOrigin(resource, 'run_as')).toBe('second');
  });

  it('is undefined for a construct nobody recorded an origin for (built by hand)', () => {
    expect(settingOrigin(tree().resource, 'run_as')).toBeUndefined();
  });
});
