/**
 * The construct library's public API: import from here (`import { RepoMount } from './lib'`).
 * Constructs, the policy engine and its rules, the requirements workflow and the secret scan.
 * Nothing here reads the project's config files or runs a process: the program (app/) and the
 * operations (ops/) build on it, never the other way round (docs/ARCHITECTURE.md).
 */
export * from './vocabulary';
export * from './principal';
export * from './grantable';
export * from './object-permissions';
export * from './protection';
export * from './content-digest';
export * from './git-provider';
export * from './workspace-folder';
export * from './repo-mount';
export * from './pinned-environment';
export * from './cluster-policy';
export * from './cluster-size';
export * from './managed-cluster';
export * from './notebook-job';
export * from './workflow-job';
export * from './smoke-test-job';
export * from './data-quality';
export * from './asset-notebook-job';
export * from './backup-job';
export * from './unity-catalog-export-job';
export * from './security-scan-job';
export * from './secret-scope';
export * from './text/secret-scan';
export * from './requirements/flavor';
export * from './policy/policy-context';
export * from './policy/rule';
export * from './policy/rule-catalog';
export * from './policy/policy-pack';
export * from './policy/policy-suppressions';
export * from './policy/suppression-schema';
export * from './slo';
export * from './slo-checks';
export * from './sql-warehouse';
export * from './slo-alert';
export * from './slo-alert-job';
export * from './job-health-dashboard';
export * from './job-health-monitoring';
