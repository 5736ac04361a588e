/**
 * The provider acceptance tests the conformance suite runs: terraform-provider-databricks v1.84.0 keeps them
 * next to each resource (`<package>/*_test.go`, run through `internal/acceptance`), one test binary per package.
 */

/** The provider release whose acceptance tests are the emulator's conformance suite. */
export const PROVIDER_MODULE = 'github.com/databricks/terraform-provider-databricks';
export const PROVIDER_VERSION = 'v1.84.0';

/** One acceptance test and what it exercises. */
export interface ConformanceTest {
  /** The Go test function, e.g. `TestAccJobTasks`. */
  readonly name: string;
  /** The resource family it exercises, as the README table groups them. */
  readonly family: string;
  /**
   * Whether the stacks use what the test exercises (the resource or data source and the endpoints behind it).
   * A failure of such a test is an emulator bug; the others are out of scope.
   */
  readonly usedByStacks: boolean;
  /** In the CI subset (`--ci`): a quick test of a family the stacks use. @default false */
  readonly ci?: boolean;
  /** Why the suite does not run it (it would wait for something the emulator does not model). */
  readonly notRun?: string;
}

/** A Go package of the provider and the tests of it the suite runs. */
export interface ConformancePackage {
  /** Package folder in the module, e.g. `jobs`; its test binary is `<basename>.test`. */
  readonly dir: string;
  readonly tests: readonly ConformanceTest[];
}

const test = (name: string, family: string, usedByStacks: boolean, ci = false): ConformanceTest => ({
  name,
  family,
  usedByStacks,
  ci,
});

export const CONFORMANCE_PACKAGES: readonly ConformancePackage[] = [
  {
    dir: 'jobs',
    tests: [
      test('TestAccJobTasks', 'jobs', true, true),
      test('TestAccForEachTask', 'jobs', true),
      test('TestAccJobControlRunState', 'jobs (continuous)', false),
      test('TestAccJobRunAsUser', 'jobs', true),
      test('TestUcAccJobRunAsServicePrincipal', 'jobs', true),
      test('TestUcAccJobRunAsMutations', 'jobs', true),
      test('TestAccRemoveWebhooks', 'jobs', true),
      test('TestAccPeriodicTrigger', 'jobs', true),
      test('TestAccJobClusterPolicySparkVersion', 'jobs', true),
      test('TestAccJobDashboardTask', 'jobs (dashboard task)', false),
      test('TestAccDataSourceJob', 'jobs (data source)', false),
    ],
  },
  {
    dir: 'clusters',
    tests: [
      test('TestAccClusterResource_CreateClusterWithLibraries', 'clusters', true),
      test('TestAccClusterResource_CreateSingleNodeCluster', 'clusters', true),
      test('TestAccClusterResource_CreateAndUpdateAwsAttributes', 'clusters', true),
      test('TestAccClusterResource_CreateAndNoWait', 'clusters', true),
      test('TestAccClusterResource_WorkloadType', 'clusters', true),
      test('TestAccClusterResource_PinAndUnpin', 'clusters', true),
      test('TestAccDataSourceCluster', 'clusters (data source)', false),
      test('TestAccDataSourceClustersNoFilter', 'clusters (data source)', false),
      test('TestAccDataSourceClustersWithFilter', 'clusters (data source)', false),
      test('TestAccDataSourceClusters_FilterBy', 'clusters (data source)', false),
      test('TestAccClusterPolicyResourceFullLifecycle', 'cluster policies', true, true),
      test('TestAccClusterPolicyResourceOverrideBuiltIn', 'cluster policies', false),
      test('TestAccClusterPolicyResourceOverrideNew', 'cluster policies', true),
    ],
  },
  {
    dir: 'workspace',
    tests: [
      test('TestAccDirectoryResource', 'directories', true, true),
      test('TestAccNotebookResourceScalability', 'notebooks', true),
      test('TestAccNotebookResourceDbcUpdate', 'notebooks', false),
      test('TestAccNotebookResourceJupiterUpdate', 'notebooks', true),
      test('TestAccWorkspaceFile', 'workspace files', true, true),
      test('TestAccWorkspaceFileEmptyFile', 'workspace files', true),
      test('TestAccWorkspaceFileZipFile', 'workspace files', true),
      test('TestAccWorkspaceFileBase64', 'workspace files', true),
      test('TestAccGlobalInitScriptResource_Create', 'global init scripts', false),
    ],
  },
  {
    dir: 'secrets',
    tests: [
      test('TestAccSecretScopeResource', 'secrets', true, true),
      test('TestAccSecretScopeResourceAkvWithSp', 'secrets (Azure Key Vault)', false),
      test('TestAccSecretResource', 'secrets', false),
      test('TestAccSecretAclResource', 'secret ACLs', true, true),
      test('TestAccSecretAclResourceDefaultPrincipal', 'secret ACLs', true),
    ],
  },
  {
    dir: 'permissions',
    tests: [
      test('TestAccPermissions_ClusterPolicy', 'permissions', true),
      test('TestAccPermissions_Cluster', 'permissions', true),
      test('TestAccPermissions_Job', 'permissions', true),
      test('TestAccPermissions_Notebook_Path', 'permissions', true),
      test('TestAccPermissions_Notebook_Id', 'permissions', true),
      test('TestAccPermissions_Directory_Path', 'permissions', true),
      test('TestAccPermissions_Directory_Id', 'permissions', true),
      test('TestAccPermissions_Directory_RootDirectoryCorrectlyHandlesAdminUsers', 'permissions', true, true),
      test('TestAccPermissions_WorkspaceFile_Path', 'permissions', true),
      test('TestAccPermissions_WorkspaceFile_Id', 'permissions', true),
      test('TestAccPermissions_Repo_Id', 'permissions (repos)', true),
      test('TestAccPermissions_Repo_Path', 'permissions (repos)', true),
      test('TestAccPermissions_InstancePool', 'permissions (instance pools)', false),
      test('TestAccPermissions_Pipeline', 'permissions (pipelines)', false),
      test('TestAccPermissions_Authorization_Passwords', 'permissions (authorization)', false),
      test('TestAccPermissions_Authorization_Tokens', 'permissions (authorization)', false),
      test('TestAccPermissions_SqlWarehouses', 'permissions (SQL)', false),
      test('TestAccPermissions_SqlAlert', 'permissions (SQL)', false),
      test('TestAccPermissions_SqlQuery', 'permissions (SQL)', false),
      test('TestAccPermissions_Dashboard', 'permissions (dashboards)', false),
      test('TestAccPermissions_Experiment', 'permissions (MLflow)', false),
      test('TestAccPermissions_RegisteredModel', 'permissions (MLflow)', false),
      test('TestAccPermissions_RegisteredModel_Root', 'permissions (MLflow)', false),
      test('TestAccPermissions_ServingEndpoint', 'permissions (serving)', false),
      test('TestAccPermissions_Alert', 'permissions (SQL)', false),
      test('TestAccPermissions_Query', 'permissions (SQL)', false),
      test('TestAccPermissions_App', 'permissions (apps)', false),
    ],
  },
  {
    dir: 'repos',
    tests: [test('TestAccGitCredentials', 'Git credentials', false)],
  },
  {
    dir: 'settings',
    tests: [
      test('TestAccNDEmail', 'notification destinations', true),
      test('TestAccNDSlack', 'notification destinations', true, true),
      test('TestAccNDMicrosoftTeams', 'notification destinations', true),
      test('TestAccNDPagerduty', 'notification destinations', true),
      test('TestAccNDGenericWebhook', 'notification destinations', true),
      test('TestAccConfigTypeChange', 'notification destinations', true),
    ],
  },
  {
    dir: 'internal/providers/pluginfw/products/notificationdestinations',
    tests: [test('TestAccNotificationsCreation', 'notification destinations (data source)', false)],
  },
];
