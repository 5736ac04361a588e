import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { tempDir } from '../helpers/temp-dir';

/** bin/pytest.sh: the one way npm test runs pytest (Debian's pytest under /usr/bin/python3). */
const SCRIPT = path.resolve(__dirname, '..', '..', 'bin', 'pytest.sh');
const run = (...args: string[]) => spawnSync('bash', [SCRIPT, ...args], { encoding: 'utf8' });

function suite(files: Record<string, string>): string {
  const dir = tempDir('pytest-suite-');
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
  return dir;
}

describe('bin/pytest.sh', () => {
  it('passes a passing suite, with /usr/bin/python3 and no cache or bytecode left behind', () => {
    const dir = suite({
      'test_ok.py': 'import sys\ndef test_ok():\n    assert sys.executable.startswith("/usr/bin/python3")\n',
    });
    const res = run(dir);
    expect(res.stdout).toContain('1 passed');
    expect(res.status).toBe(0);
    expect(fs.readdirSync(dir)).toEqual(['test_ok.py']);
  });

  it('fails when a test fails', () => {
    expect(run(suite({ 'test_bad.py': 'def test_bad():\n    assert 1 == 2\n' })).status).toBe(1);
  });

  it('fails when no tests are collected where tests are expected (pytest exit 5), saying what to check', () => {
    const res = run(suite({ 'helper.py': 'X = 1\n' }));
    expect(res.status).toBe(5);
    expect(res.stderr).toContain('no tests collected in');
    expect(res.stderr).toContain('where tests are expected');
  });

  it('passes an empty suite with --allow-empty', () => {
    expect(run('--allow-empty', suite({ 'helper.py': 'X = 1\n' })).status).toBe(0);
  });

  it('fails with usage when the folder does not exist', () => {
    const res = run(path.join(tempDir(), 'missing'));
    expect(res.status).toBe(2);
    expect(res.stderr).toContain('usage: bash bin/pytest.sh');
  });
});
