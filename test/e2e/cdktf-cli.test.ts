/**
 * The cdktf CLI as the README shows it (`npm run cdktf -- deploy|diff|destroy <env>`), offline, against
 * the emulator with the real terraform: what `npm run deploy` guarantees and Terraform can carry holds
 * here too — the Git folder at the planned commit, nothing left to change, protected objects not destroyed.
 */
import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { CommandResult, objectsOf, PROJECT_ROOT, Sandbox } from './sandbox';

jest.setTimeout(900_000);

let sandbox: Sandbox;
let planned: string;

/** `npm run cdktf -- <args>` in the project, with the sandbox's environment; never throws. */
function cdktf(args: readonly string[]): Promise<CommandResult> {
  const child = spawn(
    'npm',
    ['run', '--silent', 'cdktf', '--', ...args, '--output', path.join(sandbox.dir, 'cdktf-out')],
    {
      cwd: PROJECT_ROOT,
      env: { ...sandbox.env, DEVOPS_ENVIRONMENTS: 'dev,prod' },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code: code ?? 1, stdout, stderr })));
}

beforeAll(async () => {
  sandbox = await Sandbox.start();
  // Plan from the commit at the head of dev's branch, as CI does from the data repository's checkout.
  const url = 'https://github.com/acme-data/simple-project.git';
  const head = `${sandbox.emulator.url}/__emulator/repos/head?url=${encodeURIComponent(url)}&branch=main`;
  planned = ((await (await fetch(head)).json()) as { head_commit_id: string }).head_commit_id;
  Object.assign(sandbox.env, { DEVOPS_GIT_SHA: planned, DEVOPS_GIT_REF: 'main', DEVOPS_GIT_URL: url });
});
afterAll(async () => {
  await sandbox?.close();
});

test('cdktf deploy applies dev and prod offline; the Git folder is at the planned commit', async () => {
  const deployed = await cdktf(['deploy', 'dev', 'prod', '--auto-approve']);
  // On failure, the output shows in the diff.
  expect({
    code: deployed.code,
    output: deployed.code === 0 ? '' : deployed.stdout + deployed.stderr,
  }).toEqual({
    code: 0,
    output: '',
  });
  expect(deployed.stdout + deployed.stderr).not.toContain('checkpoint');
  const state = await sandbox.state();
  const dev = objectsOf(state, 'dev');
  expect(dev.repos).toHaveLength(1);
  expect(dev.repos[0].head_commit_id).toBe(planned);
  expect(objectsOf(state, 'prod').repos).toHaveLength(1);
});

test('cdktf diff then shows no changes', async () => {
  const diff = await cdktf(['diff', 'dev']);
  expect(diff.code).toBe(0);
  expect(diff.stdout).toMatch(/No changes/);
});

test('cdktf destroy prod is refused on its protected resources, and destroys nothing', async () => {
  const before = objectsOf(await sandbox.state(), 'prod');
  const destroy = await cdktf(['destroy', 'prod', '--auto-approve']);
  expect(destroy.code).not.toBe(0);
  expect(destroy.stdout + destroy.stderr).toMatch(/Instance cannot be destroyed/);
  expect(destroy.stdout + destroy.stderr).toMatch(/prevent_destroy/);
  const after = objectsOf(await sandbox.state(), 'prod');
  expect([after.repos.length, after.scopes.length, after.jobs.length]).toEqual([
    before.repos.length,
    before.scopes.length,
    before.jobs.length,
  ]);
});
