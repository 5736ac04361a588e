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
        '--log',
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
        log: true,
      },
    });
  });

  it('falls back to DATABRICKS_EMULATOR_* variables, with flags taking precedence', () => {
    const command = parseCli(['--port', '1'], {
      DATABRICKS_EMULATOR_PORT: '2',
      DATABRICKS_EMULATOR_FAULT_RATE: '0.5',
    });
    expect(command).toEqual({ kind: 'run', options: { port: 1, faultRate: 0.5, log: false } });
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
