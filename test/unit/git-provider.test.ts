import { inferGitProvider } from '../../lib/git-provider';

describe('inferGitProvider', () => {
  it.each([
    ['https://github.com/acme-data/simple-project.git', 'gitHub'],
    ['https://GitHub.com/acme/x', 'gitHub'],
    ['https://gitlab.com/acme/x.git', 'gitLab'],
    ['https://dev.azure.com/acme/project/_git/x', 'azureDevOpsServices'],
    ['https://acme.visualstudio.com/project/_git/x', 'azureDevOpsServices'],
    ['https://bitbucket.org/acme/x.git', 'bitbucketCloud'],
    ['https://git-codecommit.eu-west-1.amazonaws.com/v1/repos/x', 'awsCodeCommit'],
  ])('infers %s as %s', (url, provider) => {
    expect(inferGitProvider(url)).toBe(provider);
  });

  it('fails when the host is a self-hosted server, naming the URL and the config key to set', () => {
    expect(() => inferGitProvider('https://git.acme.example/data/x.git')).toThrow(
      'Cannot infer the Git provider of https://git.acme.example/data/x.git; set git.provider in project.yaml (e.g. gitHubEnterprise).',
    );
  });

  it('fails when a host only looks like a public provider', () => {
    expect(() => inferGitProvider('https://github.com.evil.example/x.git')).toThrow(/Cannot infer/);
    expect(() => inferGitProvider('https://www.github.com/x.git')).toThrow(/Cannot infer/);
  });

  it('fails when the URL is not a URL', () => {
    expect(() => inferGitProvider('not a url')).toThrow();
  });
});
