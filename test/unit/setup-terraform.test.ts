import { startFailure } from '../../bin/setup-terraform';

const enoent = (command: string) =>
  Object.assign(new Error(`spawnSync ${command} ENOENT`), { code: 'ENOENT' }) as NodeJS.ErrnoException;

describe('a missing tool says what to install', () => {
  it('go: names Go, the version and where to get it, never the raw spawn error', () => {
    const message = startFailure(['go', 'mod', 'download'], enoent('go'));
    expect(message).toContain('Go >= 1.24');
    expect(message).toContain('https://go.dev/dl/');
    expect(message).not.toContain('ENOENT');
  });

  it('terraform: names Terraform and the Go alternative', () => {
    const message = startFailure(['terraform', 'version'], enoent('terraform'));
    expect(message).toContain('Terraform >= 1.5.0');
    expect(message).not.toContain('ENOENT');
  });

  it('another start failure keeps the command and the reason', () => {
    const denied = Object.assign(new Error('spawnSync go EACCES'), { code: 'EACCES' });
    expect(startFailure(['go', 'build'], denied)).toBe('`go build` could not start: spawnSync go EACCES');
  });
});
