import * as fs from 'node:fs';
import * as path from 'node:path';
import { App, TerraformStack, TerraformVariable } from 'cdktf';
import { LibraryExampleStack } from '../example/library-app';
import { ClusterPolicy, ManagedCluster, Principal, RepoMount, SecretScope, WorkspaceFolder } from '../../lib';
import {
  constructFixture,
  PROJECT_INIT_SCRIPT_TEMPLATE,
  PROJECT_REQUIREMENTS,
  testStack,
} from '../helpers/construct-fixture';
import { resourcesOf, TerraformJson } from '../helpers/synthesized';
import { tempDir } from '../helpers/temp-dir';

type Acl = Array<Record<string, string>>;

describe('an app that uses only lib/index.ts, with Terraform variables as inputs', () => {
  let stack: LibraryExampleStack;
  let json: TerraformJson;

  beforeAll(() => {
    const outdir = tempDir('library-example-');
    const app = new App({ outdir });
    stack = new LibraryExampleStack(app, 'example', {
      requirementsDir: PROJECT_REQUIREMENTS,
      initScriptTemplate: PROJECT_INIT_SCRIPT_TEMPLATE,
    });
    app.synth(); // the real synth: node validations run
    json = JSON.parse(fs.readFileSync(path.join(outdir, 'stacks', 'example', 'cdk.tf.json'), 'utf8'));
  });

  const only = (type: string) => {
    const all = Object.values(resourcesOf(json, type));
    expect(all).toHaveLength(1);
    return all[0];
  };
  const permissionsOn = (key: string) =>
    Object.values(resourcesOf(json, 'databricks_permissions')).find((p) => key in p)!.access_control as Acl;

  it('synthesizes the variables as references, unvalidated', () => {
    expect(Object.keys(json.variable as object).sort()).toEqual([
      'job_name',
      'max_workers',
      'repo_url',
      'secret_scope',
    ]);
    expect(only('databricks_repo').url).toBe('${var.repo_url}');
    expect(only('databricks_secret_scope').name).toBe('${var.secret_scope}');
    expect(only('databricks_job').name).toBe('${var.job_name}');
  });

  it('builds the cluster from the policy’s typed attributes', () => {
    const cluster = only('databricks_cluster');
    expect(cluster.spark_version).toBe(stack.policy.sparkVersion);
    expect(cluster.init_scripts).toEqual(
      stack.policy.initScripts.map((destination) => ({ workspace: { destination } })),
    );
    expect(cluster.custom_tags).toMatchObject({ project: 'example' });
  });

  it('runs the job on the cluster, from the Git folder', () => {
    const [task] = only('databricks_job').task as Array<Record<string, unknown>>;
    expect(task.existing_cluster_id).toMatch(/^\$\{databricks_cluster\.\w+\.id\}$/);
    expect(task.notebook_task).toMatchObject({
      notebook_path: '/Repos/bot@example.com/example/notebooks/ingest',
    });
  });

  it('grants through the intent-named methods', () => {
    expect(permissionsOn('job_id')).toEqual([
      { group_name: 'analysts', permission_level: 'CAN_VIEW' },
      { group_name: 'data-engineers', permission_level: 'CAN_MANAGE_RUN' },
    ]);
    expect(permissionsOn('cluster_id')).toEqual([
      { group_name: 'analysts', permission_level: 'CAN_ATTACH_TO' },
      { group_name: 'data-engineers', permission_level: 'CAN_MANAGE' },
    ]);
    expect(permissionsOn('repo_id')).toEqual([
      { group_name: 'analysts', permission_level: 'CAN_READ' },
      { group_name: 'data-engineers', permission_level: 'CAN_MANAGE' },
    ]);
    expect(permissionsOn('cluster_policy_id')).toEqual([
      { group_name: 'data-engineers', permission_level: 'CAN_USE' },
    ]);
    const acls = Object.values(resourcesOf(json, 'databricks_secret_acl')).map((a) => [
      a.principal,
      a.permission,
    ]);
    expect(acls.sort()).toEqual([
      ['analysts', 'READ'],
      ['data-engineers', 'MANAGE'],
    ]);
  });
});

describe('ClusterPolicy typed attributes', () => {
  it('exposes the fixed runtime, init scripts, node types and limits it enforces', () => {
    const f = constructFixture();
    const policy = f.policy('standard', { maxWorkers: 3, maxAutoterminationMinutes: 45 }, 'Limits');
    expect(policy.sparkVersion).toBe(f.pinned('standard').sparkVersion);
    expect(policy.initScripts).toEqual([f.pinned('standard').initScriptPath]);
    expect(policy.allowedNodeTypes).toEqual(['i3.xlarge', 'i3.2xlarge']);
    expect(policy.maxWorkers).toBe(3);
    expect(policy.maxAutoterminationMinutes).toBe(45);
    expect(policy.requiredTags).toEqual({ project: 'demo', environment: 'dev', cost_centre: 'cc-1' });
  });

  it('fails when a cluster exceeds the typed limits', () => {
    const f = constructFixture();
    const policy = f.policy('standard', { maxWorkers: 2 }, 'Small');
    const cluster = (props: { numWorkers?: number; autoterminationMinutes?: number }) =>
      new ManagedCluster(f.stack, `C${Math.random()}`.replace('.', ''), {
        clusterName: 'c',
        policy,
        nodeTypeId: 'i3.xlarge',
        numWorkers: props.numWorkers ?? 1,
        autoterminationMinutes: props.autoterminationMinutes,
        tags: { project: 'demo', environment: 'dev', cost_centre: 'cc-1' },
        singleUser: Principal.user('data-engineer@acme.example'),
      });
    expect(() => cluster({ numWorkers: 3 })).toThrow(/exceed the policy's maximum of 2/);
    expect(() => cluster({ autoterminationMinutes: policy.maxAutoterminationMinutes + 1 })).toThrow(
      /autoterminationMinutes must be a whole number from 10 to 60/,
    );
  });
});

describe('grants', () => {
  it('give a principal granted twice the stronger level, whichever method granted it', () => {
    const { stack } = testStack();
    const scope = new SecretScope(stack, 'S', { scopeName: 'x' });
    const p = Principal.group('g');
    scope.grantWrite(p);
    scope.grantRead(p);
    expect(scope.grants.map((g) => g.level)).toEqual(['WRITE']);
    scope.grantManage(p);
    expect(scope.grants.map((g) => g.level)).toEqual(['MANAGE']);
  });
});

describe('unresolved tokens are not validated, resolved values are', () => {
  const variable = (stack: TerraformStack, name: string) =>
    new TerraformVariable(stack, name, { type: 'string' }).stringValue;

  it('accepts a variable as secret scope name, Git folder path and URL, and folder path', () => {
    const { stack } = testStack();
    expect(() => new SecretScope(stack, 'S', { scopeName: variable(stack, 's') })).not.toThrow();
    expect(
      () =>
        new RepoMount(stack, 'R', {
          url: variable(stack, 'u'),
          gitProvider: 'gitLab',
          path: variable(stack, 'p'),
          branch: 'main',
        }),
    ).not.toThrow();
    expect(() => new WorkspaceFolder(stack, 'F', { path: variable(stack, 'f') })).not.toThrow();
  });

  it('fails when the values are literal and invalid', () => {
    const { stack } = testStack();
    expect(() => new SecretScope(stack, 'S', { scopeName: 'no spaces allowed' })).toThrow(/scope name/);
    expect(() => new WorkspaceFolder(stack, 'F', { path: 'relative/path' })).toThrow(
      /absolute workspace path/,
    );
  });

  it('fails when the Git provider would have to be inferred from a URL variable', () => {
    const { stack } = testStack();
    expect(
      () => new RepoMount(stack, 'R', { url: variable(stack, 'u'), path: '/Repos/a/b', branch: 'main' }),
    ).toThrow(/set gitProvider/);
  });

  it('accepts a number variable as a policy limit', () => {
    const f = constructFixture();
    const maxWorkers = new TerraformVariable(f.stack, 'mw', { type: 'number' }).numberValue;
    const policy: ClusterPolicy = f.policy('standard', { maxWorkers }, 'Var');
    expect(policy.maxWorkers).toBe(maxWorkers);
  });
});
