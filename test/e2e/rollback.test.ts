/* eslint-disable @typescript-eslint/no-explicit-any -- the emulator's admin API answers untyped JSON, read here as such */
/**
 * One-command rollback: a temporary git repository holds the program at two tags (v1, v2) that
 * differ in the prod Git ref and a job definition. Deploying v2 and rolling back to v1 leaves the
 * workspace exactly as v1 defines it, and a plan of v1 shows no changes.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parse, stringify } from 'yaml';
import { objectsOf, PROJECT_ROOT, Sandbox } from './sandbox';

jest.setTimeout(300_000);

const PROGRAM = [
  'main.ts',
  'lib',
  'app',
  'ops',
  'stacks',
  'bin',
  'config',
  'assets',
  'requirements',
  'package.json',
  'tsconfig.json',
  'cdktf.json',
  '.gitignore',
];
let repo: string;
let sandbox: Sandbox;

function git(...args: string[]): string {
  return execFileSync('git', args, { cwd: repo, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
}

function editYaml(file: string, edit: (c: any) => void): void {
  const p = path.join(repo, 'config', file);
  const c = parse(fs.readFileSync(p, 'utf8'));
  edit(c);
  fs.writeFileSync(p, stringify(c));
}

beforeAll(async () => {
  repo = fs.mkdtempSync(path.join(os.tmpdir(), 'devops-rollback-repo-'));
  for (const entry of PROGRAM)
    fs.cpSync(path.join(PROJECT_ROOT, entry), path.join(repo, entry), { recursive: true });
  fs.symlinkSync(path.join(PROJECT_ROOT, 'node_modules'), path.join(repo, 'node_modules'), 'dir');
  fs.symlinkSync(path.join(PROJECT_ROOT, '.tools'), path.join(repo, '.tools'), 'dir');
  git('init', '-q', '-b', 'main');
  git('config', 'user.email', 'e2e@example.com');
  git('config', 'user.name', 'e2e');
  git('add', '-A');
  git('commit', '-qm', 'v1');
  git('tag', 'v1');
  editYaml('prod.yaml', (c) => (c.git.branch = 'release/1.4'));
  editYaml('project.yaml', (c) => (c.workflows[0].timeoutSeconds = 10800));
  git('commit', '-qam', 'v2: prod on release/1.4, ingest-orders timeout 3 h');
  git('tag', 'v2');
  sandbox = await Sandbox.start({}, repo);
  // The program's own config (taken at each ref), only the workspace and state are the sandbox's.
  delete sandbox.env.DEVOPS_CONFIG_DIR;
});
afterAll(async () => {
  await sandbox?.close();
  if (repo) fs.rmSync(repo, { recursive: true, force: true });
});

test('deploy v2, roll back to v1: the workspace is v1 again and a plan of v1 is empty', async () => {
  await sandbox.expect(0, 'deploy', ['prod', '--yes']);
  let prod = objectsOf(await sandbox.state(), 'prod');
  expect(prod.repos[0].branch).toBe('release/1.4');
  expect(prod.jobs.find((j) => j.settings.name === 'Prod – ingest-orders').settings.timeout_seconds).toBe(
    10800,
  );

  const res = await sandbox.expect(0, 'rollback', ['prod', '--to', 'v1', '--yes']);
  expect(res.stdout).toContain('Plan for `prod`');
  prod = objectsOf(await sandbox.state(), 'prod');
  expect(prod.repos[0].branch).toBe('release/1.3');
  expect(prod.jobs.find((j) => j.settings.name === 'Prod – ingest-orders').settings.timeout_seconds).toBe(
    7200,
  );

  const status = JSON.parse((await sandbox.expect(0, 'status', ['prod', '--json'])).stdout);
  expect(status.deployed_git_ref).toBe('v1');
  expect(status.deployed_git_sha).toBe(git('rev-parse', 'v1'));
  expect(status.repo_ref).toBe('release/1.3');

  git('checkout', '-q', 'v1');
  try {
    await sandbox.expect(0, 'plan', ['prod'], {
      DEVOPS_GIT_SHA: status.deployed_git_sha,
      DEVOPS_GIT_REF: 'v1',
    });
  } finally {
    git('checkout', '-q', 'main');
  }
});

test('fails when the ref does not exist', async () => {
  const res = await sandbox.expect(1, 'rollback', ['prod', '--to', 'release/9.9', '--yes']);
  expect(res.stderr).toContain('Unknown revision "release/9.9"');
});

test('fails when the working tree has uncommitted changes', async () => {
  fs.appendFileSync(path.join(repo, 'config', 'prod.yaml'), '# local edit\n');
  try {
    const res = await sandbox.expect(1, 'rollback', ['prod', '--to', 'v1', '--yes']);
    expect(res.stderr).toContain('uncommitted changes');
  } finally {
    git('checkout', '--', 'config/prod.yaml');
  }
});

test('fails when there is no --yes and no terminal (not in CI): shows the plan, applies nothing, exits 4', async () => {
  await sandbox.expect(0, 'deploy', ['prod', '--yes']); // back to v2
  const res = await sandbox.expect(4, 'rollback', ['prod', '--to', 'v1']);
  expect(res.stderr).toContain('Nothing done');
  expect(res.stderr).toContain('pass --yes');
  expect(objectsOf(await sandbox.state(), 'prod').repos[0].branch).toBe('release/1.4');
});
