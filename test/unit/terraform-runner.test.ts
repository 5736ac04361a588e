import { describeFailure } from '../../ops/terraform-runner';

const LOCK_STDERR = `
Error: Error acquiring the state lock

Lock Info:
  ID:        1b2c
  Path:      /x/.state/dev.tfstate
  Operation: OperationTypeApply
  Who:       ci@runner-1
  Created:   2026-01-01 10:00:00
`;

describe('describeFailure', () => {
  it('reports a terraform killed by a signal as killed, not as an exit code, with the command to run next', () => {
    const text = describeFailure(
      ['apply'],
      { exitCode: 1, stdout: '', stderr: '', signal: 'SIGKILL' },
      'dev',
    );
    expect(text).toContain('terraform apply was killed by SIGKILL');
    expect(text).toContain('`npm run state -- orphans dev`');
    expect(text).not.toContain('exit 1');
  });

  it('reports an interrupted terraform as interrupted', () => {
    const text = describeFailure(
      ['apply'],
      { exitCode: 1, stdout: '', stderr: '', interruptedBy: 'SIGTERM' },
      'dev',
    );
    expect(text).toContain('terraform apply was interrupted (SIGTERM received, forwarded as SIGINT)');
  });

  it("shows Terraform's errors whole, however long", () => {
    const body = Array.from({ length: 40 }, (_, i) => `detail line ${i + 1}`).join('\n');
    const stderr = `Warning: something\n\nError: Instance cannot be destroyed\n\n${body}\n\nError: second\n\nmore`;
    const text = describeFailure(['plan'], { exitCode: 1, stdout: '', stderr });
    expect(text).toContain('detail line 1\n');
    expect(text).toContain('detail line 40');
    expect(text).toContain('Error: second\n\nmore');
    const plain = Array.from({ length: 30 }, (_, i) => `line ${i + 1}`).join('\n');
    expect(describeFailure(['init'], { exitCode: 1, stdout: '', stderr: plain })).toContain(
      'line 1\nline 2\n',
    );
  });

  it('never ends on an empty line when terraform wrote nothing to stderr', () => {
    expect(describeFailure(['plan'], { exitCode: 1, stdout: '', stderr: '' })).toBe(
      'terraform plan failed (exit 1):\n(terraform wrote nothing to stderr; its output is above)',
    );
  });

  it('gives local-state unlock advice: an OS lock force-unlock cannot release, and the leftover lock.info', () => {
    const text = describeFailure(['plan'], { exitCode: 1, stdout: '', stderr: LOCK_STDERR }, 'dev', {
      type: 'local',
      stateFile: '/x/.state/dev.tfstate',
      settings: {},
    });
    expect(text).toContain('Who: ci@runner-1');
    expect(text).toContain('`terraform force-unlock` cannot release it');
    expect(text).toContain('fuser -v /x/.state/dev.tfstate');
    expect(text).toContain('/x/.state/.dev.tfstate.lock.info');
  });

  it('names the pg lock holder PostgreSQL reported, not Terraform’s Lock Info (which describes the run that asked)', () => {
    const text = describeFailure(
      ['plan'],
      { exitCode: 1, stdout: '', stderr: LOCK_STDERR },
      'dev',
      { type: 'pg', settings: {} },
      'deploy dev --yes · ci@runner-2 pid 77 [session pid 123, client 10.0.0.2, connected 2026-01-01T00:00:00Z]',
    );
    expect(text).toContain('Who: deploy dev --yes · ci@runner-2 pid 77 [session pid 123');
    expect(text).not.toContain('ci@runner-1');
    expect(text).toContain('`terraform force-unlock` cannot release it');
    expect(text).toContain('pg_terminate_backend(<session pid>)');
  });

  it('says the pg lock holder is unknown rather than naming the run that asked', () => {
    const text = describeFailure(['plan'], { exitCode: 1, stdout: '', stderr: LOCK_STDERR }, 'dev', {
      type: 'pg',
      settings: {},
    });
    expect(text).toContain('Who: unknown');
    expect(text).not.toContain('ci@runner-1');
  });

  it('gives s3 unlock advice: the .tflock object and force-unlock with the lock id', () => {
    const text = describeFailure(['plan'], { exitCode: 1, stdout: '', stderr: LOCK_STDERR }, 'dev', {
      type: 's3',
      settings: { bucket: 'tf', key: 'dev.tfstate' },
    });
    expect(text).toContain('s3://tf/dev.tfstate.tflock');
    expect(text).toContain('terraform force-unlock 1b2c');
  });
});
