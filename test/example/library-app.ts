/**
 * An app built on the construct library alone, the way another project would use it: everything
 * comes from lib/index.ts, no config file, and some inputs are Terraform variables whose values are
 * known only at apply time (the constructs do not validate those). It builds a pinned environment
 * and its policy, an all-purpose cluster, a Git folder, a job running a notebook of that folder and
 * a secret scope, with grants through the intent-named methods.
 */
import { App, TerraformStack, TerraformVariable } from 'cdktf';
import { DatabricksProvider } from '@cdktf/provider-databricks/lib/provider';
import {
  ClusterPolicy,
  flavorFiles,
  ManagedCluster,
  PinnedEnvironment,
  Principal,
  RepoMount,
  SecretScope,
  WorkflowJob,
  WorkspaceFolder,
} from '../../lib';

/** Inputs of {@link LibraryExampleStack}. */
export interface LibraryExampleProps {
  /** A requirements folder in the blueprint's layout (runtime baseline, additions, combined file, lock). */
  readonly requirementsDir: string;
  /** The init-script template the pinned environment renders. */
  readonly initScriptTemplate: string;
}

/** One stack of the example app. */
export class LibraryExampleStack extends TerraformStack {
  readonly policy: ClusterPolicy;
  readonly cluster: ManagedCluster;
  readonly repo: RepoMount;
  readonly job: WorkflowJob;
  readonly secrets: SecretScope;

  constructor(app: App, id: string, props: LibraryExampleProps) {
    super(app, id);
    new DatabricksProvider(this, 'Databricks', { host: 'https://dbc-example.cloud.databricks.com' });
    const variable = (name: string, type: string) => new TerraformVariable(this, name, { type });
    const repoUrl = variable('repo_url', 'string').stringValue;
    const scopeName = variable('secret_scope', 'string').stringValue;
    const jobName = variable('job_name', 'string').stringValue;
    const maxWorkers = variable('max_workers', 'number').numberValue;

    const engineers = Principal.group('data-engineers');
    const analysts = Principal.group('analysts');
    const folder = new WorkspaceFolder(this, 'Folder', { path: '/Shared/example' });
    folder.grantManage(engineers);
    const pinned = new PinnedEnvironment(this, 'Pinned', {
      flavor: 'standard',
      requirements: flavorFiles(props.requirementsDir, 'standard'),
      initScriptTemplate: props.initScriptTemplate,
      folder,
    });
    this.policy = new ClusterPolicy(this, 'Policy', {
      policyName: 'example-standard',
      pinnedEnvironment: pinned,
      allowedNodeTypes: ['i3.xlarge'],
      maxWorkers,
      requiredTags: { project: 'example' },
    });
    this.policy.grantUse(engineers);
    this.cluster = new ManagedCluster(this, 'Cluster', {
      clusterName: 'example-shared',
      policy: this.policy,
      nodeTypeId: 'i3.xlarge',
      numWorkers: 1,
      tags: { project: 'example' },
      singleUser: Principal.user('first.engineer@example.com'),
    });
    this.cluster.grantAttach(analysts);
    this.cluster.grantManage(engineers);
    this.repo = new RepoMount(this, 'Repo', {
      url: repoUrl,
      gitProvider: 'gitHub',
      path: '/Repos/bot@example.com/example',
      branch: 'main',
    });
    this.repo.grantRead(analysts);
    this.repo.grantManage(engineers);
    this.job = new WorkflowJob(this, 'Job', {
      jobName,
      repoMount: this.repo,
      notebook: 'notebooks/ingest',
      compute: { cluster: this.cluster },
    });
    this.job.grantRun(engineers);
    this.job.grantView(analysts);
    this.secrets = new SecretScope(this, 'Secrets', { scopeName });
    this.secrets.grantManage(engineers);
    this.secrets.grantRead(analysts);
  }
}
