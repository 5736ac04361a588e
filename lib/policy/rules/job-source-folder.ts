import { isInside } from '../policy-context';
import { notebookTasks, settingAt } from '../resource-parts';
import { Finding, NOT_APPLICABLE, nonCompliant, PolicyRule } from '../rule';

/** DBX-J2: staging and prod jobs run code from their own environment's Git folder or folder only. */
export const jobSourceFolder: PolicyRule = {
  id: 'DBX-J2',
  description:
    "Jobs in staging and prod run notebooks from their own environment's Git folder or /Shared folder, never from another environment's (e.g. a dev path).",
  fix: "Build the job with WorkflowJob on the environment's RepoMount (or upload the notebook into the environment's WorkspaceFolder); never hard-code a notebook path.",
  scope: 'staging/prod',
  resourceTypes: ['databricks_job'],
  evaluate({ config, context, index }) {
    const tasks = notebookTasks(config);
    if (tasks.length === 0) return NOT_APPLICABLE;
    const findings: Finding[] = [];
    for (const task of tasks) {
      if (typeof task.notebookPath !== 'string') {
        findings.push({
          message: `${task.at} has no notebook_path`,
          setting: settingAt(task.at, 'notebook_path'),
        });
        continue;
      }
      const path = index.workspacePath(task.notebookPath);
      if (context.sourcePaths.some((folder) => isInside(path, folder))) continue;
      const owner = context.foreignSourcePaths.find((f) => isInside(path, f.path));
      findings.push({
        message: `${task.at} runs ${JSON.stringify(path)}, ${owner ? `a path of ${owner.environment}` : 'outside the environment'} (expected inside ${context.sourcePaths.join(' or ')})`,
        setting: settingAt(task.at, 'notebook_path'),
      });
    }
    return nonCompliant(findings);
  },
};
