import { GitProvider } from './vocabulary';

export type { GitProvider } from './vocabulary';

/**
 * The Git provider of a repository URL, inferred from its host the way the Databricks provider
 * does. Setting it explicitly avoids a perpetual diff on `git_provider`.
 * @throws when the host is not a known public provider (then configure `git.provider`).
 */
export function inferGitProvider(url: string): GitProvider {
  const host = new URL(url).hostname.toLowerCase();
  if (host === 'github.com') return 'gitHub';
  if (host === 'gitlab.com') return 'gitLab';
  if (host === 'dev.azure.com' || host.endsWith('.visualstudio.com')) return 'azureDevOpsServices';
  if (host === 'bitbucket.org') return 'bitbucketCloud';
  if (/^git-codecommit\.[a-z0-9-]+\.amazonaws\.com$/.test(host)) return 'awsCodeCommit';
  throw new Error(
    `Cannot infer the Git provider of ${url}; set git.provider in project.yaml (e.g. gitHubEnterprise).`,
  );
}
