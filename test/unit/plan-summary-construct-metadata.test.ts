import {
  configAddress,
  constructPathHint,
  readConstructMetadata,
} from '../../ops/plan-summary/construct-metadata';

describe('readConstructMetadata', () => {
  test('maps each resource address to its construct path and protected mark', () => {
    const metadata = readConstructMetadata({
      resource: {
        databricks_job: {
          Jobs_a_Job_1A2B3C4D: { '//': { metadata: { path: 'dev/Jobs/a/Job' } }, name: 'a' },
          Jobs_b_Job_5E6F7A8B: { '//': { metadata: { path: 'dev/Jobs/b/Job' }, protected: true }, name: 'b' },
        },
      },
    });
    expect(metadata.get('databricks_job.Jobs_a_Job_1A2B3C4D')).toEqual({
      constructPath: 'dev/Jobs/a/Job',
      protected: false,
    });
    expect(metadata.get('databricks_job.Jobs_b_Job_5E6F7A8B')).toEqual({
      constructPath: 'dev/Jobs/b/Job',
      protected: true,
    });
  });

  test('a resource without metadata is known by its name', () => {
    const metadata = readConstructMetadata({ resource: { databricks_job: { plain: { name: 'x' } } } });
    expect(metadata.get('databricks_job.plain')).toEqual({ constructPath: 'plain', protected: false });
  });
});

test('configAddress drops the instance key', () => {
  expect(configAddress('databricks_job.x[0]')).toBe('databricks_job.x');
  expect(configAddress('databricks_job.x["k"]')).toBe('databricks_job.x');
  expect(configAddress('databricks_job.x')).toBe('databricks_job.x');
});

test('constructPathHint reads the path back from a cdktf logical id', () => {
  expect(constructPathHint('Backup_DeepClone_Job_9E0F1A2B')).toBe('…/Backup/DeepClone/Job');
  expect(constructPathHint('hand_named')).toBe('…/hand/named');
});
