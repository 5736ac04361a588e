import { parseCli } from '../cli-options';

describe('parseCli', () => {
  it('reads every flag', () => {
    const command = parseCli(
      [
        '--port',
        '8080',
        '--token=dapi-x',
        '--state',
        's.json',
        '--fault-rate',
        '0.1',
        '--seed',
        '7',
        '--latency-ms',
        '20',
        '--fault-statuses',
        '429',
        '--user',
        'u@x',
        '--rate-limits',
        'documented',
        '--log',
        '--no-strict-principals',
      ],
      {},
    );
    expect(command).toEqual({
      kind: 'run',
      options: {
        port: 8080,
        token: 'dapi-x',
        stateFile: 's.json',
        faultRate: 0.1,
        faultSeed: 7,
        latencyMs: 20,
        faultStatuses: [429],
        userName: 'u@x',
        rateLimits: 'documented',
        log: true,
        strictPrincipals: false,
      },
    });
  });

  it('fails when --rate-limits is neither off nor documented, naming the choices', () => {
    expect(() => parseCli(['--rate-limits', 'strict'], {})).toThrow(
      '--rate-limits expects one of off, documented, got "strict".',
    );
    expect(parseCli([], { DATABRICKS_EMULATOR_RATE_LIMITS: 'documented' })).toEqual({
      kind: 'run',
      options: { rateLimits: 'documented', log: false, strictPrincipals: true },
    });
  });

  it('falls back to DATABRICKS_EMULATOR_* variables, with flags taking precedence', () => {
    const command = parseCli(['--port', '1'], {
      DATABRICKS_EMULATOR_PORT: '2',
      DATABRICKS_EMULATOR_FAULT_RATE: '0.5',
    });
    expect(command).toEqual({
      kind: 'run',
      options: { port: 1, faultRate: 0.5, log: false, strictPrincipals: true },
    });
  });

  it('reads repeated --git-content URL[#BRANCH]=DIR seeds, or ;-separated ones from the environment', () => {
    const command = parseCli(
      [
        '--git-content',
        'https://github.com/a/b.git=./checkout',
        '--git-content=https://github.com/a/b.git#release/1.0=/tmp/rc',
      ],
      {},
    );
    expect(command).toEqual({
      kind: 'run',
      options: {
        log: false,
        strictPrincipals: true,
        gitContent: [
          { url: 'https://github.com/a/b.git', dir: './checkout' },
          { url: 'https://github.com/a/b.git', branch: 'release/1.0', dir: '/tmp/rc' },
        ],
      },
    });
    expect(
      parseCli([], {
        DATABRICKS_EMULATOR_GIT_CONTENT: 'https://x.example/a.git=/a;https://x.example/b.git=/b',
      }),
    ).toMatchObject({ options: { gitContent: [{ dir: '/a' }, { dir: '/b' }] } });
  });

  it('fails when --git-content is not URL[#BRANCH]=DIR', () => {
    expect(() => parseCli(['--git-content', './checkout'], {})).toThrow(
      '--git-content expects URL[#BRANCH]=DIR, got "./checkout".',
    );
  });

  it('returns help for --help', () => {
    expect(parseCli(['--help'], {})).toEqual({ kind: 'help' });
  });

  it('fails when a flag is unknown or a number is malformed', () => {
    expect(() => parseCli(['--verbose'], {})).toThrow('Unknown option --verbose');
    expect(() => parseCli(['--port', 'eighty'], {})).toThrow('--port expects an integer');
    expect(() => parseCli(['--seed'], {})).toThrow('--seed needs a value');
  });
});
