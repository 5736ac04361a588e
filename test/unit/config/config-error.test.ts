import { ConfigError, formatPath } from '../../../app/config/config-error';

describe('ConfigError', () => {
  it('lists one problem under a singular count', () => {
    const error = new ConfigError([
      {
        file: 'config/dev.yaml',
        path: 'policy.maxWorkers',
        message: 'expected a number at least 1, found 0',
      },
    ]);
    expect(error.message).toBe(
      'Invalid configuration (1 problem):\n  config/dev.yaml: policy.maxWorkers: expected a number at least 1, found 0',
    );
    expect(error.name).toBe('ConfigError');
    expect(error).toBeInstanceOf(Error);
  });

  it('lists every problem on its own line, leaving out an empty path', () => {
    const error = new ConfigError([
      { file: 'config/dev.yaml', path: '', message: 'expected a YAML mapping, found an empty file' },
      { file: 'config/project.yaml', path: 'workflows[0].name', message: 'expected a job key, found "X"' },
    ]);
    expect(error.message.split('\n')).toEqual([
      'Invalid configuration (2 problems):',
      '  config/dev.yaml: expected a YAML mapping, found an empty file',
      '  config/project.yaml: workflows[0].name: expected a job key, found "X"',
    ]);
    expect(error.issues).toHaveLength(2);
  });
});

describe('ConfigError redaction', () => {
  const token = 'dapi' + 'deadbeef'.repeat(4);

  it('masks secret-shaped text in every issue, whatever check wrote it', () => {
    const error = new ConfigError([
      { file: 'config/dev.yaml', path: 'workspace.host', message: `expected a URL, found "${token}"` },
      { file: 'config/dev.yaml', path: `workflows.${token}`, message: 'expected a known workflow' },
    ]);
    expect(error.message).not.toContain('deadbeef');
    expect(error.issues.map((i) => i.path + i.message).join()).not.toContain('deadbeef');
    expect(error.issues[0].message).toBe('expected a URL, found "dapi…(36 chars, masked)"');
  });

  it('masks every quoted value of a field whose name says it holds a credential', () => {
    const error = new ConfigError([
      {
        file: 'config/dev.yaml',
        path: 'registry.password',
        message: 'expected no inline password, found "hunter2"',
      },
    ]);
    expect(error.issues[0].message).toBe('expected no inline password, found "…(7 chars, masked)"');
  });
});

describe('formatPath', () => {
  it('joins keys with dots and indexes with brackets', () => {
    expect(formatPath(['clusters', 0, 'autoscale', 'maxWorkers'])).toBe('clusters[0].autoscale.maxWorkers');
    expect(formatPath(['workflows', 'ingest-orders', 'paused'])).toBe('workflows.ingest-orders.paused');
    expect(formatPath([0, 'name'])).toBe('[0].name');
    expect(formatPath([])).toBe('');
  });
});
