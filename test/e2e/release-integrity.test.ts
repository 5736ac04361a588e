/* eslint-disable @typescript-eslint/no-explicit-any -- the emulator's admin API answers untyped JSON, read here as such */
/**
 * What runs is exactly what was reviewed, and no environment touches another's data, against the
 * emulator with the real terraform and provider. The sandbox's config folder is a Git checkout of
 * its own, so the deployment record comes from git as on a laptop: a dirty tree deploys dev (recorded
 * `<sha>-dirty`) but never prod; prod planned from a commit of the repository its Git folder mounts
 * (as CI plans it: DEVOPS_GIT_SHA/REF, the checkout's origin) runs that commit, whatever its branch
 * does afterwards; and dev, staging and prod write to their own targets as their own principals.
 * One sandbox; the scenarios build on each other in order.
 */
import { execFileSync, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadConfig } from '../../app/config/load-config';
import { toolchain } from '../../ops/toolchain';
import { isCreate, objectsOf, PROJECT_ROOT, Sandbox } from './sandbox';

jest.setTimeout(900_000);

let sandbox: Sandbox;
let gitUrl: string;
const PROD_BRANCH = 'release/1.3';

beforeAll(async () => {
  sandbox = await Sandbox.start();
  gitUrl = loadConfig(sandbox.configDir).git.url;
  git('init', '--quiet', '--initial-branch', 'main');
  git('add', '--all');
  git('commit', '--quiet', '--message', 'config');
});
afterAll(async () => {
  await sandbox?.close();
});

/** git in the sandbox's config folder (a checkout with no origin: nothing is pinned from it). */
function git(...args: string[]): string {
  return execFileSync(
    'git',
    ['-c', 'user.name=e2e', '-c', 'user.email=e2e@acme.example', '-c', 'commit.gpgsign=false', ...args],
    { cwd: sandbox.configDir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] },
  ).trim();
}

/** The deployment record CI gives a plan of `commit` on prod's branch of the Git folder's repository. */
const plannedAt = (commit: string) => ({
  DEVOPS_GIT_SHA: commit,
  DEVOPS_GIT_REF: PROD_BRANCH,
  DEVOPS_GIT_URL: gitUrl,
});

/** Pushes a commit nobody reviewed to prod's branch; returns its id. */
async function push(text: string): Promise<string> {
  const url = gitUrl;
  const files = {
    'notebooks/workflows/ingest_orders.py': `# Databricks notebook source\nprint(${JSON.stringify(text)})\n`,
  };
  return (await sandbox.admin('repos/advance', { url, branch: PROD_BRANCH, files })).head_commit_id;
}

/** The commit prod's Git folder is at in the workspace. */
async function prodFolderCommit(): Promise<string> {
  const repos = objectsOf(await sandbox.state(), 'prod').repos;
  expect(repos).toHaveLength(1);
  return repos[0].head_commit_id;
}

const status = async (environment: string, code = 0) =>
  JSON.parse((await sandbox.expect(code, 'status', [environment, '--json'])).stdout);

/** `terraform apply plan.tfplan` in the stack folder, as deploy.yml's deploy job applies a reviewed plan. */
function applySavedPlan(environment: string): Promise<{ code: number; output: string }> {
  const { terraform, env } = toolchain(PROJECT_ROOT, sandbox.env);
  const stack = path.join(sandbox.dir, 'out', 'stacks', environment);
  const child = spawn(terraform, ['apply', '-input=false', '-no-color', 'plan.tfplan'], {
    cwd: stack,
    env: { ...env, TF_IN_AUTOMATION: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code: code ?? 1, output })));
}

test('a dirty working tree: prod is refused before anything is applied; dev deploys, recorded <sha>-dirty', async () => {
  const sha = git('rev-parse', 'HEAD');
  fs.writeFileSync(path.join(sandbox.configDir, 'NOTES.md'), 'not committed\n');

  const refused = await sandbox.run('deploy', ['prod', '--yes']);
  expect(refused.code).toBe(1);
  const said = (refused.stdout + refused.stderr).replace(/\s+/g, ' ');
  expect(said).toContain('prod (tier prod) was synthesized from a working tree with uncommitted changes');
  expect(said).toContain('Commit or stash the changes and plan again');
  expect(sandbox.emulator.requests().filter(isCreate)).toEqual([]);
  const prod = objectsOf(await sandbox.state(), 'prod');
  expect([prod.jobs, prod.clusters, prod.repos, prod.scopes]).toEqual([[], [], [], []]);

  await sandbox.expect(0, 'deploy', ['dev', '--yes']);
  const dev = await status('dev');
  expect(dev.deployed_git_sha).toBe(`${sha}-dirty`);
  expect(dev.repo_planned_commit).toBeNull(); // a dirty tree pins nothing

  fs.rmSync(path.join(sandbox.configDir, 'NOTES.md'));
});

test('prod runs exactly the planned commit: its branch moving on is never pulled, and a move between plan and apply fails the apply', async () => {
  const head = `${sandbox.emulator.url}/__emulator/repos/head?url=${encodeURIComponent(gitUrl)}&branch=${PROD_BRANCH}`;
  const reviewed = ((await (await fetch(head)).json()) as { head_commit_id: string }).head_commit_id;
  await sandbox.expect(0, 'deploy', ['prod', '--yes'], plannedAt(reviewed));
  expect(await prodFolderCommit()).toBe(reviewed);

  // Someone pushes to the release branch; the reviewed commit is deployed again: nothing moves.
  await push('unreviewed 1');
  await sandbox.expect(0, 'deploy', ['prod', '--yes'], plannedAt(reviewed));
  expect(await prodFolderCommit()).toBe(reviewed);
  expect(await status('prod')).toMatchObject({
    deployed_git_sha: reviewed,
    repo_planned_commit: reviewed,
    repo_commit: reviewed,
    repo_at_planned_commit: true,
  });

  // The next release commit is planned and reviewed; the branch moves again before the apply.
  const next = await push('reviewed 2');
  await sandbox.expect(2, 'plan', ['prod'], plannedAt(next));
  const moved = await push('unreviewed 3');
  const applied = await applySavedPlan('prod');
  expect(applied.code).not.toBe(0);
  expect(applied.output.replace(/\s+/g, ' ')).toContain(`is not at the planned commit ${next}`);
  // The folder followed the branch (the Repos API pulls its head): status and sync say so and fail.
  expect(await prodFolderCommit()).toBe(moved);
  const after = await status('prod', 1);
  expect(after.repo_commit).toBe(moved);
  expect(after.repo_at_planned_commit).toBe(false);
  const sync = await sandbox.run('sync', ['prod']);
  expect(sync.code).toBe(1);
  expect(sync.stderr).toContain(`is at ${moved}, not at the planned commit`);

  // The fix the messages name: deploy the commit to run, once reviewed.
  await sandbox.expect(0, 'deploy', ['prod', '--yes'], plannedAt(moved));
  expect(await status('prod')).toMatchObject({ repo_planned_commit: moved, repo_at_planned_commit: true });
});

test('dev, staging and prod write to distinct targets, each as its own principal', async () => {
  await sandbox.expect(0, 'deploy', ['staging', '--yes']);
  const state = await sandbox.state();
  const written = (environment: string) => {
    const params = objectsOf(state, environment).jobs.flatMap((j: any) =>
      j.settings.tasks.map((t: any) => t.notebook_task?.base_parameters ?? {}),
    );
    return params
      .flatMap((p: Record<string, string>) => [p.target_schema, p.target_catalog, p.location])
      .filter((v: string | undefined) => v !== undefined)
      .sort();
  };
  const targets = Object.fromEntries(['dev', 'staging', 'prod'].map((e) => [e, written(e)]));
  for (const [environment, catalog] of [
    ['dev', 'dev'],
    ['staging', 'staging'],
    ['prod', 'prod'],
  ]) {
    const root = `s3://acme-data-${environment}/simple-project`;
    expect(targets[environment]).toEqual(
      [`${catalog}.sales`, `${catalog}_dr_backup`, `${root}/dr-backups`, `${root}/uc-exports`].sort(),
    );
  }
  const all = Object.values(targets).flat();
  expect(new Set(all).size).toBe(all.length);

  const identities = Object.fromEntries(
    ['dev', 'staging', 'prod'].map((environment) => [
      environment,
      [
        ...new Set(
          objectsOf(state, environment).jobs.map(
            (j: any) =>
              j.settings.run_as?.service_principal_name ??
              j.settings.run_as?.user_name ??
              j.creator_user_name,
          ),
        ),
      ],
    ]),
  );
  expect(identities).toEqual({
    dev: ['deployer@example.com'], // the deployer (the emulator's calling user): dev sets no run_as
    staging: ['8d2f3a1e-6b7c-4d5e-9f0a-1b2c3d4e5f60'],
    prod: ['3c4d5e6f-7a8b-4c9d-8e0f-a1b2c3d4e5f6'],
  });
  expect(new Set(Object.values(identities).flat()).size).toBe(3);
});
