import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

describe('npm run emulator (main.ts)', () => {
  it('prints the listening line first and serves requests on that port until SIGTERM', async () => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', join(__dirname, '..', 'main.ts'), '--port', '0'],
      {
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    try {
      const lines = createInterface({ input: child.stdout });
      const [firstLine] = (await once(lines, 'line')) as [string];
      const match = /^Databricks emulator listening on (http:\/\/127\.0\.0\.1:(\d+))$/.exec(firstLine);
      expect(match).not.toBeNull();
      const response = await fetch(`${match?.[1]}/api/2.0/preview/scim/v2/Me`, {
        headers: { authorization: 'Bearer dapi-test' },
      });
      expect(response.status).toBe(200);
      child.kill('SIGTERM');
      const [code] = await once(child, 'exit');
      expect(code).toBe(0);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  });
});
