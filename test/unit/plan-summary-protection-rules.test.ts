import { protectionOf, recordedProtection } from '../../ops/plan-summary/protection-rules';
import { TerraformPlanJson } from '../../ops/plan-summary/plan-json';

const REPO = 'databricks_repo.RepoMount_37EA02A4';
const BACKUP = 'databricks_job.Backup_Job_3D7CAD39';

const planRecording = (before: unknown): TerraformPlanJson => ({
  format_version: '1.2',
  output_changes: { protected_resources: { actions: ['update'], before, after: {} } },
});

describe('recordedProtection', () => {
  it('reads the protected addresses per kind from the protected_resources output before the plan', () => {
    const recorded = recordedProtection(planRecording({ repoMount: [REPO], backupJob: [BACKUP] }));
    expect([...recorded]).toEqual([
      [REPO, 'repoMount'],
      [BACKUP, 'backupJob'],
    ]);
  });

  it('is empty for a state without the output (a new environment, or one that protects nothing)', () => {
    expect(recordedProtection({ format_version: '1.2' }).size).toBe(0);
    expect(recordedProtection(planRecording(null)).size).toBe(0);
  });

  it('skips values that are not lists of addresses instead of failing', () => {
    expect([...recordedProtection(planRecording({ repoMount: 'x', jobs: [1, BACKUP] }))]).toEqual([
      [BACKUP, 'jobs'],
    ]);
  });
});

describe('protectionOf', () => {
  const meta = (m: { protected?: boolean; protectedKind?: string }) => ({
    constructPath: 'prod/X',
    protected: m.protected ?? false,
    ...m,
  });

  it('names the kind the stack wrote into the resource metadata first', () => {
    expect(protectionOf(REPO, meta({ protected: true, protectedKind: 'repoMount' }), new Map())).toBe(
      'kind repoMount',
    );
  });

  it("falls back to the construct's own mark", () => {
    expect(protectionOf(REPO, meta({ protected: true }), new Map())).toBe(
      'marked protected by its construct',
    );
  });

  it('protects a resource the code no longer defines when the last apply recorded it', () => {
    expect(protectionOf(BACKUP, undefined, new Map([[BACKUP, 'backupJob']]))).toBe(
      'kind backupJob, recorded at the last apply',
    );
  });

  it('leaves a resource neither marked nor recorded unprotected, whatever its type or name', () => {
    expect(protectionOf(BACKUP, meta({}), new Map([[REPO, 'repoMount']]))).toBeUndefined();
    expect(protectionOf(REPO, undefined, new Map())).toBeUndefined();
  });
});
