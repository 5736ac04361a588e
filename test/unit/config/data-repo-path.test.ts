import * as fs from 'node:fs';
import * as path from 'node:path';
import { ConfigError } from '../../../app/config/config-error';
import { loadConfig } from '../../../app/config/load-config';
import { copyDefaultConfig, editYaml, tempDir } from '../../helpers/config-dir';

/** `dataRepo.localPath` in project.yaml: a checkout of the data repository beside the config. */
function configWithDataRepo(localPath: string): string {
  const config = copyDefaultConfig();
  editYaml(config, 'project.yaml', (p) => {
    p.dataRepo = { localPath };
  });
  return config;
}

function issuesOf(configDir: string) {
  try {
    loadConfig(configDir);
  } catch (e) {
    if (e instanceof ConfigError) return e.issues.map((i) => `${i.path}: ${i.message}`);
    throw e;
  }
  return [];
}

describe('dataRepo.localPath', () => {
  it('resolves relative to the config folder, to an absolute path', () => {
    const config = configWithDataRepo('..');
    expect(loadConfig(config).dataRepoDir).toBe(fs.realpathSync(path.dirname(config)));
  });

  it('accepts a checkout below the folder that holds the config folder', () => {
    const config = configWithDataRepo('../checkouts/orders');
    fs.mkdirSync(path.join(config, '..', 'checkouts', 'orders'), { recursive: true });
    expect(loadConfig(config).dataRepoDir).toBe(
      fs.realpathSync(path.join(config, '..', 'checkouts', 'orders')),
    );
  });

  it('is absent when the config names no data repository', () => {
    expect(loadConfig(copyDefaultConfig()).dataRepoDir).toBeUndefined();
  });

  it('fails when the path is absolute', () => {
    expect(issuesOf(configWithDataRepo('/etc'))).toEqual([
      'dataRepo.localPath: expected a path relative to the config folder (e.g. ..), found an absolute path',
    ]);
  });

  it('fails when the path leaves the folder that holds the config folder', () => {
    expect(issuesOf(configWithDataRepo('../..'))).toEqual([
      expect.stringMatching(
        /^dataRepo\.localPath: expected a folder inside .*, found "\.\.\/\.\." outside it; move/,
      ),
    ]);
  });

  it('fails when a symbolic link inside leads outside', () => {
    const config = configWithDataRepo('../link');
    fs.symlinkSync(tempDir('elsewhere-'), path.join(config, '..', 'link'));
    expect(issuesOf(config)).toEqual([expect.stringContaining('found "../link" outside it')]);
  });

  it('fails when nothing is there, or a file is', () => {
    expect(issuesOf(configWithDataRepo('../missing'))).toEqual([
      'dataRepo.localPath: expected an existing folder (a checkout of the data repository), found nothing at "../missing"; clone the repository there or fix the path',
    ]);
    expect(issuesOf(configWithDataRepo('project.yaml'))).toEqual([
      'dataRepo.localPath: expected a folder (a checkout of the data repository), found a file at "project.yaml"',
    ]);
  });
});
