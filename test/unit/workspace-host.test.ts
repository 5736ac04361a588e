import fc from 'fast-check';
import { sameWorkspace, workspaceHostKey } from '../../lib/workspace-host';

describe('workspaceHostKey', () => {
  it.each([
    'https://dbc-1.cloud.databricks.com',
    'https://DBC-1.Cloud.Databricks.com',
    'https://dbc-1.cloud.databricks.com.',
    'https://dbc-1.cloud.databricks.com:443/',
    'http://dbc-1.cloud.databricks.com',
    'https://dbc-1.cloud.databricks.com/?o=1234#jobs',
    'https://dbc-1.cloud.databricks.com/some/path',
  ])('reads %j as the workspace dbc-1.cloud.databricks.com', (url) => {
    expect(workspaceHostKey(url)).toBe('dbc-1.cloud.databricks.com');
  });

  it('keeps a non-default port', () => {
    expect(workspaceHostKey('http://localhost:8080')).toBe('localhost:8080');
    expect(sameWorkspace('http://localhost:8080', 'http://localhost:8081')).toBe(false);
  });

  it('tells different workspaces apart', () => {
    expect(sameWorkspace('https://dbc-1.cloud.databricks.com', 'https://dbc-2.cloud.databricks.com')).toBe(
      false,
    );
  });

  it('gives every spelling of a host the same key', () => {
    const label = fc.stringMatching(/^[a-z][a-z0-9-]{0,8}[a-z0-9]$/);
    fc.assert(
      fc.property(
        fc.array(label, { minLength: 2, maxLength: 4 }),
        fc.boolean(),
        fc.boolean(),
        fc.boolean(),
        (labels, upper, dot, port) => {
          const host = labels.join('.');
          const spelt = `${upper ? 'HTTPS' : 'https'}://${upper ? host.toUpperCase() : host}${dot ? '.' : ''}${port ? ':443' : ''}/x`;
          return workspaceHostKey(spelt) === workspaceHostKey(`https://${host}`);
        },
      ),
    );
  });
});
