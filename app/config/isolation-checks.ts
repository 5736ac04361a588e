import { lookalikeSkeleton } from '../../lib/text/lookalike-text';
import { workspaceHostKey } from '../../lib/workspace-host';
import { gitFolderPath } from '../../stacks/environment-paths';
import type { LoadedEnvironment } from './load-config';
import type { ProjectFile } from './schema';

/**
 * The config checks that keep environments apart even against tricks: who runs what (by tier),
 * which principals each environment names, which workspace and Git folder it uses, what its jobs
 * are called and which ref prod runs. Every message names the file, the field and the fix.
 */

/** Reports one problem of a file's field. */
export type Report = (file: string, path: string, message: string) => void;

/** Branches the dev tier tracks when no dev environment says otherwise. */
const DEFAULT_DEV_BRANCHES = ['main', 'master', 'develop'];

/**
 * Staging and prod tiers run as a service principal; every dedicated cluster has someone to be
 * dedicated to (its `singleUserName`, else the environment's run-as).
 */
export function checkRunAs(env: LoadedEnvironment, report: Report): void {
  if (env.tier !== 'dev' && !env.runAs?.servicePrincipal) {
    report(
      env.file,
      'runAs.servicePrincipal',
      `expected the application id of ${env.name}'s own service principal (the ${env.tier} tier runs jobs as a service principal, never as a person or the deployer), found ${env.runAs?.userName ? `user ${JSON.stringify(env.runAs.userName)}` : 'nothing'}; set runAs.servicePrincipal`,
    );
  }
  env.clusters.forEach((c, i) => {
    if (!c.singleUserName && !env.runAs) {
      report(
        env.file,
        `clusters[${i}].singleUserName`,
        `expected the user or service principal the dedicated (SINGLE_USER) cluster ${c.name} is assigned to, found nothing; set clusters[${i}].singleUserName or runAs`,
      );
    }
  });
}

/** The principals an environment names in run-as, dedicated clusters and therefore ACLs, with where. */
function namedPrincipals(env: LoadedEnvironment): Array<{ name: string; path: string }> {
  const out: Array<{ name: string; path: string }> = [];
  if (env.runAs?.servicePrincipal)
    out.push({ name: env.runAs.servicePrincipal, path: 'runAs.servicePrincipal' });
  if (env.runAs?.userName) out.push({ name: env.runAs.userName, path: 'runAs.userName' });
  env.clusters.forEach((c, i) => {
    if (c.singleUserName) out.push({ name: c.singleUserName, path: `clusters[${i}].singleUserName` });
  });
  return out;
}

/**
 * No principal serves two tiers, and staging and prod environments each have their own: a principal
 * named by one is granted its secrets, Git folder and clusters, so sharing it shares them.
 */
export function checkSharedPrincipals(envs: readonly LoadedEnvironment[], report: Report): void {
  for (let i = 0; i < envs.length; i++) {
    for (let j = i + 1; j < envs.length; j++) {
      const [a, b] = [envs[i], envs[j]];
      if (a.tier === 'dev' && b.tier === 'dev') continue;
      const ofA = new Map(namedPrincipals(a).map((p) => [p.name.toLowerCase(), p.path]));
      for (const p of namedPrincipals(b)) {
        const there = ofA.get(p.name.toLowerCase());
        if (there === undefined) continue;
        report(
          b.file,
          p.path,
          `expected a principal of ${b.name}'s own, found ${JSON.stringify(p.name)}, which ${a.name} (${a.tier} tier) names in ${a.file} ${there}; give every staging and prod environment its own service principal and share none across tiers`,
        );
      }
    }
  }
}

/**
 * Environments in one workspace (hosts compared after normalization: scheme, case, trailing dot,
 * default port and path ignored) need job-name prefixes that look different (compared after NFKC
 * and look-alike folding) and their own Git folders.
 */
export function checkSharedWorkspaces(
  project: Pick<ProjectFile, 'project'>,
  envs: readonly LoadedEnvironment[],
  report: Report,
): void {
  for (let i = 0; i < envs.length; i++) {
    for (let j = i + 1; j < envs.length; j++) {
      const [a, b] = [envs[i], envs[j]];
      if (workspaceHostKey(a.workspace.host) !== workspaceHostKey(b.workspace.host)) continue;
      const shared = `both use the workspace ${workspaceHostKey(a.workspace.host)}`;
      if (lookalikeSkeleton(a.jobNamePrefix) === lookalikeSkeleton(b.jobNamePrefix)) {
        report(
          b.file,
          'jobNamePrefix',
          `expected a prefix that looks different from ${a.name}'s ${JSON.stringify(a.jobNamePrefix)} (${shared}; prefixes are compared ignoring case, look-alike letters and dashes), found ${JSON.stringify(b.jobNamePrefix)}; choose e.g. "${b.name[0].toUpperCase()}${b.name.slice(1)} – "`,
        );
      }
      const [pathA, pathB] = [gitFolderPath(project, a), gitFolderPath(project, b)];
      if (pathA.toLowerCase() === pathB.toLowerCase()) {
        report(
          b.file,
          'mount',
          `expected a Git folder different from ${a.name}'s (${shared}), found ${pathB}; set mount.name to e.g. ${project.project.name}-${b.name}`,
        );
      }
    }
  }
}

/** Prod tiers run a release branch or tag, never the branch a dev environment tracks, unless a reason is given. */
export function checkProdRef(envs: readonly LoadedEnvironment[], report: Report): void {
  const devBranches = envs.filter((e) => e.tier === 'dev' && e.git.branch).map((e) => e.git.branch!);
  const forbidden = new Set(devBranches.length > 0 ? devBranches : DEFAULT_DEV_BRANCHES);
  for (const env of envs) {
    if (env.tier !== 'prod' || !env.git.branch || env.git.devBranchReason) continue;
    if (forbidden.has(env.git.branch)) {
      report(
        env.file,
        'git.branch',
        `expected a release branch or tag for the prod tier (e.g. release/1.3 or v1.3.0), found the dev branch ${JSON.stringify(env.git.branch)}; promote a release (npm run promote) or, if prod really must follow it, add git.devBranchReason`,
      );
    }
  }
}
