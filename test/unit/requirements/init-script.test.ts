import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { flavorFiles, FLAVORS, Flavor } from '../../../lib/requirements/flavor';
import {
  fillInitScriptTemplate,
  InitScriptValues,
  renderInitScript,
} from '../../../lib/requirements/init-script';
import { readRuntimeBaseline } from '../../../lib/requirements/runtime-baseline';
import { copyFixture, editFile, FIXTURES, PROJECT_REQUIREMENTS } from './fixture-dir';
import { PROJECT_PATHS } from '../../../app/paths/project-paths';

const LOCK_WORKSPACE_PATH = '/Shared/pinned/requirements.txt';

/** The program's template (`assets/init/pinned-environment.sh.tmpl`): what the clusters run. */
const TEMPLATE = fs.readFileSync(PROJECT_PATHS.initScriptTemplate, 'utf8');

/** The packages the standard flavor's lock adds on top of the runtime (new ones and the databricks-sdk override). */
const STANDARD_INSTALLS = [
  'databricks-sdk==0.50.0',
  'multimethod==1.10',
  'pandera==0.23.1',
  'pydantic-settings==2.8.1',
  'python-dotenv==1.0.1',
  'structlog==25.2.0',
  'tenacity==9.0.0',
  'typeguard==4.4.2',
  'typing-inspect==0.9.0',
];

interface Sandbox {
  readonly dir: string;
  readonly script: string;
  readonly pipState: string;
  readonly lockOnCluster: string;
}

/**
 * A fake cluster node: the rendered script, the lock where the workspace would mount it, and a fake pip
 * whose installed packages start as the runtime baseline, exactly as a fresh cluster would have them.
 */
function sandbox(flavor: Flavor, requirementsDir = PROJECT_REQUIREMENTS): Sandbox {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'init-script-test-'));
  const script = path.join(dir, 'init.sh');
  fs.writeFileSync(script, renderInitScript(requirementsDir, flavor, LOCK_WORKSPACE_PATH, TEMPLATE));
  const lockOnCluster = path.join(dir, 'Workspace', LOCK_WORKSPACE_PATH);
  fs.mkdirSync(path.dirname(lockOnCluster), { recursive: true });
  fs.copyFileSync(flavorFiles(requirementsDir, flavor).lock, lockOnCluster);
  const pipState = path.join(dir, 'pip');
  fs.mkdirSync(pipState);
  const baseline = fs.readFileSync(flavorFiles(requirementsDir, flavor).baseline, 'utf8');
  // What `pip list --format=freeze` prints: the snapshot's own lines, original spelling.
  fs.writeFileSync(
    path.join(pipState, 'installed.txt'),
    baseline
      .split('\n')
      .filter((l) => /^[A-Za-z0-9]/.test(l))
      .join('\n') + '\n',
  );
  fs.writeFileSync(path.join(pipState, 'calls.log'), '');
  fs.copyFileSync(path.join(FIXTURES, 'fake-pip.sh'), path.join(dir, 'pip.sh'));
  fs.chmodSync(path.join(dir, 'pip.sh'), 0o755);
  return { dir, script, pipState, lockOnCluster };
}

function run(box: Sandbox, env: Record<string, string | undefined> = {}) {
  const result = spawnSync('bash', [box.script], {
    encoding: 'utf8',
    env: {
      PATH: process.env.PATH,
      PIP: path.join(box.dir, 'pip.sh'),
      FAKE_PIP_DIR: box.pipState,
      WORKSPACE_ROOT: path.join(box.dir, 'Workspace'),
      DATABRICKS_RUNTIME_VERSION: '16.4',
      ...env,
    },
  });
  const calls = fs
    .readFileSync(path.join(box.pipState, 'calls.log'), 'utf8')
    .trim()
    .split('\n')
    .filter((l) => l !== '');
  return { status: result.status, stderr: result.stderr, calls };
}

const installed = (box: Sandbox) =>
  fs
    .readFileSync(path.join(box.pipState, 'requirements.txt'), 'utf8')
    .split('\n')
    .filter((l) => /^[a-z]/.test(l))
    .map((l) => l.split(/\s/)[0]);

describe('renderInitScript', () => {
  test.each(FLAVORS)('the %s script passes bash -n and shellcheck', (flavor) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'init-script-lint-'));
    const script = path.join(dir, 'init.sh');
    fs.writeFileSync(script, renderInitScript(PROJECT_REQUIREMENTS, flavor, LOCK_WORKSPACE_PATH, TEMPLATE));
    expect(spawnSync('bash', ['-n', script], { encoding: 'utf8' }).status).toBe(0);
    const shellcheck = spawnSync('shellcheck', ['--severity=style', script], { encoding: 'utf8' });
    if (shellcheck.error !== undefined) {
      throw new Error(
        'shellcheck is required for this test: apt-get update && apt-get install -y shellcheck',
      );
    }
    expect(shellcheck.stdout).toBe('');
    expect(shellcheck.status).toBe(0);
  });

  test('embeds the runtime, the lock path under /Workspace, its digest, and whether hashes are required', () => {
    const script = renderInitScript(PROJECT_REQUIREMENTS, 'gpu', '/Shared/pinned/gpu/lock.txt', TEMPLATE);
    expect(script).toContain("readonly EXPECTED_RUNTIME='16.4'\n");
    expect(script).toContain(
      `readonly LOCK_FILE="\${WORKSPACE_ROOT:-/Workspace}"'/Shared/pinned/gpu/lock.txt'\n`,
    );
    expect(script).toMatch(/readonly LOCK_SHA256='[0-9a-f]{64}'\n/);
    expect(script).toContain("readonly REQUIRE_HASHES='true'\n");
    expect(script).toContain('readonly PIP="${PIP:-/databricks/python/bin/pip}"\n');
    expect(script).not.toMatch(/\{\{[A-Z_]+\}\}/);
  });

  test('accepts a lock path that already starts with /Workspace', () => {
    expect(renderInitScript(PROJECT_REQUIREMENTS, 'ml', '/Workspace/Shared/x/lock.txt', TEMPLATE)).toContain(
      `"'/Shared/x/lock.txt'`,
    );
  });

  test('fails when the lock path could break out of its shell string', () => {
    expect(() => renderInitScript(PROJECT_REQUIREMENTS, 'ml', "/Shared/it's/lock.txt", TEMPLATE)).toThrow(
      /lock workspace path "\/Shared\/it's\/lock.txt" is not valid/,
    );
    expect(() => renderInitScript(PROJECT_REQUIREMENTS, 'ml', 'relative/lock.txt', TEMPLATE)).toThrow(
      /is not valid/,
    );
  });

  test('fails when the lock is not fully pinned', () => {
    const dir = copyFixture(PROJECT_REQUIREMENTS);
    editFile(flavorFiles(dir, 'standard').lock, (t) => t.replace('tenacity==9.0.0', 'tenacity>=9'));
    expect(() => renderInitScript(dir, 'standard', LOCK_WORKSPACE_PATH, TEMPLATE)).toThrow(
      /cannot render the standard init script:\nrequirements\/requirements.txt:\d+: "tenacity>=9" is not pinned/,
    );
  });

  test('fails on an unknown template placeholder', () => {
    const values: InitScriptValues = {
      flavor: 'standard',
      runtimeVersion: '16.4',
      baseline: [],
      lockWorkspacePath: LOCK_WORKSPACE_PATH,
      lockSha256: 'a'.repeat(64),
      requireHashes: false,
      install: [],
      snapshotDate: '2025-06-02',
    };
    expect(fillInitScriptTemplate(values, 'x={{FLAVOR}}')).toBe('x=standard');
    expect(() => fillInitScriptTemplate(values, '{{NOPE}}')).toThrow('unknown placeholder {{NOPE}}');
  });
});

describe('the init script on a (fake) cluster node', () => {
  test('installs exactly the locked packages the runtime lacks, with --no-deps, then runs pip check', () => {
    const box = sandbox('standard');
    const result = run(box);
    expect(result.stderr).toContain('environment matches the lock.');
    expect(result.status).toBe(0);
    expect(result.calls).toEqual([
      'list --format=freeze --disable-pip-version-check',
      `install --no-deps --disable-pip-version-check -r ${result.calls[1].split(' -r ')[1]}`,
      'list --format=freeze --disable-pip-version-check',
      'check --disable-pip-version-check',
    ]);
    expect(installed(box)).toEqual(STANDARD_INSTALLS);
    expect(result.calls.join('\n')).not.toContain('uninstall');
  });

  test('installs with --require-hashes, passing the hashes and the index option through, when the lock has hashes', () => {
    const box = sandbox('gpu');
    const result = run(box);
    expect(result.status).toBe(0);
    expect(result.calls[1]).toMatch(/^install --no-deps --disable-pip-version-check --require-hashes -r /);
    const requirements = fs.readFileSync(path.join(box.pipState, 'requirements.txt'), 'utf8');
    expect(requirements).toContain('--extra-index-url https://download.pytorch.org/whl/cu124');
    expect(requirements).toMatch(/^peft==0\.14\.0 +--hash=sha256:[0-9a-f]{64} +--hash=sha256:[0-9a-f]{64}/m);
    expect(installed(box)).toEqual([
      'einops==0.8.1',
      'markdown-it-py==3.0.0',
      'mdurl==0.1.2',
      'peft==0.14.0',
      'rich==13.9.4',
      'trl==0.15.2',
    ]);
  });

  test('installs nothing when the runtime ships every locked package, and still runs pip check', () => {
    const dir = copyFixture(PROJECT_REQUIREMENTS);
    const baseline = readRuntimeBaseline(dir, 'ml');
    const lock = [...baseline.packages.values()].map((p) => `${p.key}==${p.version}`).join('\n');
    fs.writeFileSync(flavorFiles(dir, 'ml').lock, `${lock}\n`);
    const box = sandbox('ml', dir);
    const result = run(box);
    expect(result.status).toBe(0);
    expect(result.stderr).toContain('nothing to install');
    expect(result.calls).toEqual([
      'list --format=freeze --disable-pip-version-check',
      'check --disable-pip-version-check',
    ]);
  });

  test('fails when the cluster runs another runtime version, before touching pip', () => {
    const result = run(sandbox('ml'), { DATABRICKS_RUNTIME_VERSION: '15.4' });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(
      'FAILED: the cluster runs Databricks Runtime 15.4, but the ml lock was tested on 16.4.',
    );
    expect(result.calls).toEqual([]);
  });

  test('fails when DATABRICKS_RUNTIME_VERSION is not set', () => {
    const result = run(sandbox('ml'), { DATABRICKS_RUNTIME_VERSION: undefined });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('DATABRICKS_RUNTIME_VERSION is not set');
  });

  test('fails when the runtime packages drifted from the baseline, listing each one, and installs nothing', () => {
    const box = sandbox('standard');
    editFile(path.join(box.pipState, 'installed.txt'), (t) =>
      t.replace('pandas==2.2.3', 'pandas==2.2.2').replace('six==1.16.0\n', ''),
    );
    const result = run(box);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(
      "FAILED: the runtime's packages differ from the standard runtime baseline of 2025-06-02:",
    );
    expect(result.stderr).toContain('  pandas: 2.2.2 installed, expected 2.2.3');
    expect(result.stderr).toContain('  six: not installed, expected 1.16.0');
    expect(result.calls).toEqual(['list --format=freeze --disable-pip-version-check']);
  });

  test('matches installed names and versions after PEP 503 / PEP 440 normalization', () => {
    const box = sandbox('standard');
    editFile(path.join(box.pipState, 'installed.txt'), (t) =>
      t.replace('PyYAML==6.0.2', 'pyyaml==6.0.2').replace('typing_extensions', 'Typing.Extensions'),
    );
    expect(run(box).status).toBe(0);
  });

  test('fails when pip install fails', () => {
    const result = run(sandbox('standard'), { FAKE_PIP_FAIL: 'install' });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('FAILED: pip could not install the locked packages');
    expect(result.calls.some((c) => c.startsWith('check'))).toBe(false);
  });

  test('fails when the packages are not at the locked versions after installing', () => {
    const result = run(sandbox('standard'), { FAKE_PIP_FAIL: 'no-op' });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('FAILED: after installing, packages differ from the lock:');
    expect(result.stderr).toContain('  databricks-sdk: 0.49.0 installed, expected 0.50.0');
    expect(result.stderr).toContain('  pandera: not installed, expected 0.23.1');
  });

  test('fails when pip check finds broken requirements', () => {
    const result = run(sandbox('standard'), { FAKE_PIP_FAIL: 'check' });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('FAILED: pip check found broken requirements');
  });

  test('fails when the lock on the workspace is not the one the script was rendered for', () => {
    const box = sandbox('standard');
    fs.appendFileSync(box.lockOnCluster, 'extra==1.0\n');
    const result = run(box);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(
      /FAILED: lock file .*requirements.txt has sha256 [0-9a-f]{64}, but this script was generated for [0-9a-f]{64}\./,
    );
    expect(result.calls).toEqual(['list --format=freeze --disable-pip-version-check']);
  });

  test('fails when the lock is missing on the workspace', () => {
    const box = sandbox('standard');
    fs.rmSync(box.lockOnCluster);
    const result = run(box);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('is missing or unreadable');
  });
});
