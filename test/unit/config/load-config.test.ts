import * as fs from 'node:fs';
import * as path from 'node:path';
import { ConfigError } from '../../../app/config/config-error';
import { defaultConfigDir, loadConfig, MAX_CONFIG_BYTES } from '../../../app/config/load-config';
import {
  chmodBlocksReads,
  configErrorOf,
  copyDefaultConfig,
  DEFAULT_CONFIG_DIR,
  editYaml,
  issueLines,
  tempDir,
} from '../../helpers/config-dir';
import { PROJECT_REQUIREMENTS } from '../../helpers/construct-fixture';

/** Loads a copy of the default config after `edit` changed it. */
function loadEdited(edit: (dir: string) => void) {
  const dir = copyDefaultConfig();
  edit(dir);
  return { dir, load: () => loadConfig(dir) };
}

describe('loadConfig on the default config', () => {
  const config = loadConfig(DEFAULT_CONFIG_DIR);

  it('returns the environments in promotion order, named after their files', () => {
    expect(config.environments.map((e) => [e.name, path.basename(e.file)])).toEqual([
      ['dev', 'dev.yaml'],
      ['staging', 'staging.yaml'],
      ['prod', 'prod.yaml'],
    ]);
  });

  it('resolves the config and requirements folders to absolute paths', () => {
    expect(config.configDir).toBe(DEFAULT_CONFIG_DIR);
    expect(config.requirementsDir).toBe(PROJECT_REQUIREMENTS);
  });

  it('pauses schedules in dev and nowhere else by default', () => {
    expect(config.environments.map((e) => [e.name, e.schedulesPaused])).toEqual([
      ['dev', true],
      ['staging', false],
      ['prod', false],
    ]);
  });

  it('protects the Git folder, secret scope and DR jobs in prod, nothing elsewhere, by default', () => {
    expect(config.environments.map((e) => [e.name, e.protected])).toEqual([
      ['dev', []],
      ['staging', []],
      ['prod', ['repoMount', 'secretScope', 'backupJob', 'unityCatalogExportJob']],
    ]);
  });

  it('fills the documented defaults of workflows and environments', () => {
    const train = config.workflows.find((w) => w.name === 'train-churn-model')!;
    expect(train).toMatchObject({ compute: 'job-cluster', maxRetries: 1, minRetryIntervalMillis: 60000 });
    expect(train.runDurationWarningSeconds).toBeUndefined();
    const dev = config.environments[0];
    expect(dev).toMatchObject({ maxConcurrentRuns: 1, workflows: {}, stateBackend: { type: 'local' } });
  });

  it('shows files relative to the working directory when they are inside it', () => {
    const cwd = process.cwd();
    const parent = path.dirname(DEFAULT_CONFIG_DIR);
    process.chdir(parent);
    try {
      expect(loadConfig('config').environments[0].file).toBe(path.join('config', 'dev.yaml'));
    } finally {
      process.chdir(cwd);
    }
  });
});

describe('environment-dependent defaults', () => {
  it('lets an environment unpause dev or pause prod explicitly', () => {
    const dir = copyDefaultConfig();
    editYaml(dir, 'dev.yaml', (d) => (d.schedulesPaused = false));
    editYaml(dir, 'prod.yaml', (d) => (d.schedulesPaused = true));
    const envs = loadConfig(dir).environments;
    expect(envs.map((e) => e.schedulesPaused)).toEqual([false, false, true]);
  });

  it('lets prod protect nothing, and another environment protect something', () => {
    const dir = copyDefaultConfig();
    editYaml(dir, 'prod.yaml', (d) => (d.protected = []));
    editYaml(dir, 'staging.yaml', (d) => (d.protected = ['secretScope']));
    expect(loadConfig(dir).environments.map((e) => e.protected)).toEqual([[], ['secretScope'], []]);
  });

  it('orders environments by tier, then by name', () => {
    const dir = copyDefaultConfig();
    for (const [name, prefix, tier, sp] of [
      ['qa', 'QA – ', 'staging', '0a2f3a1e-6b7c-4d5e-9f0a-1b2c3d4e5f61'],
      ['perf', 'Perf – ', 'prod', '0b2f3a1e-6b7c-4d5e-9f0a-1b2c3d4e5f62'],
    ]) {
      fs.copyFileSync(path.join(dir, 'staging.yaml'), path.join(dir, `${name}.yaml`));
      editYaml(dir, `${name}.yaml`, (d) => {
        d.tier = tier;
        d.runAs.servicePrincipal = sp;
        d.jobNamePrefix = prefix;
        d.mount.name = `simple-project-${name}`;
      });
    }
    const envs = loadConfig(dir).environments;
    expect(envs.map((e) => e.name)).toEqual(['dev', 'qa', 'staging', 'perf', 'prod']);
  });

  it('takes the defaults of the declared tier for an environment of another name', () => {
    const dir = copyDefaultConfig();
    fs.copyFileSync(path.join(dir, 'dev.yaml'), path.join(dir, 'sandbox.yaml'));
    editYaml(dir, 'sandbox.yaml', (d) => {
      d.tier = 'dev';
      d.jobNamePrefix = 'Sandbox – ';
      d.mount.name = 'simple-project-sandbox';
    });
    const sandbox = loadConfig(dir).environments.find((e) => e.name === 'sandbox');
    expect(sandbox).toMatchObject({ tier: 'dev', schedulesPaused: true, protected: [] });
  });

  it('lets a declared tier win over the name', () => {
    const dir = copyDefaultConfig();
    editYaml(dir, 'staging.yaml', (d) => (d.tier = 'prod'));
    const staging = loadConfig(dir).environments.find((e) => e.name === 'staging');
    expect(staging).toMatchObject({
      tier: 'prod',
      protected: ['repoMount', 'secretScope', 'backupJob', 'unityCatalogExportJob'],
    });
  });

  it('reads .yml files as environments too', () => {
    const dir = copyDefaultConfig();
    fs.renameSync(path.join(dir, 'staging.yaml'), path.join(dir, 'staging.yml'));
    expect(loadConfig(dir).environments.map((e) => e.name)).toEqual(['dev', 'staging', 'prod']);
  });
});

describe('defaultConfigDir', () => {
  it('is $DEVOPS_CONFIG_DIR when set, resolved to an absolute path', () => {
    expect(defaultConfigDir({ DEVOPS_CONFIG_DIR: 'some/where' })).toBe(path.resolve('some/where'));
  });

  it('is config/ beside the program otherwise (also when the variable is empty)', () => {
    expect(defaultConfigDir({})).toBe(DEFAULT_CONFIG_DIR);
    expect(defaultConfigDir({ DEVOPS_CONFIG_DIR: '' })).toBe(DEFAULT_CONFIG_DIR);
  });

  it('is what loadConfig reads when called without a folder', () => {
    const dir = copyDefaultConfig();
    editYaml(dir, 'project.yaml', (d) => (d.project.name = 'from-env-var'));
    const saved = process.env.DEVOPS_CONFIG_DIR;
    process.env.DEVOPS_CONFIG_DIR = dir;
    try {
      expect(loadConfig().project.name).toBe('from-env-var');
    } finally {
      if (saved === undefined) delete process.env.DEVOPS_CONFIG_DIR;
      else process.env.DEVOPS_CONFIG_DIR = saved;
    }
  });
});

describe('error reporting', () => {
  it('renders each problem as "<file>: <path>: expected …, found …"', () => {
    const { dir, load } = loadEdited((d) => editYaml(d, 'dev.yaml', (y) => (y.policy.maxWorkers = 0)));
    const error = configErrorOf(load);
    expect(error.message).toBe(
      `Invalid configuration (1 problem):\n  ${path.join(dir, 'dev.yaml')}: policy.maxWorkers: expected a number at least 1, found 0`,
    );
    expect(error.issues).toEqual([
      {
        file: path.join(dir, 'dev.yaml'),
        path: 'policy.maxWorkers',
        message: 'expected a number at least 1, found 0',
      },
    ]);
    expect(error.name).toBe('ConfigError');
  });

  it('reports every problem of a file at once', () => {
    const { dir, load } = loadEdited((d) =>
      editYaml(d, 'prod.yaml', (y) => {
        y.maxConcurrentRuns = 0;
        y.git.branch = 'bad branch';
        y.extra = true;
        delete y.policy;
      }),
    );
    expect(issueLines(configErrorOf(load), dir)).toEqual([
      expect.stringMatching(/^prod\.yaml: git\.branch: expected a valid Git ref name/),
      'prod.yaml: policy: expected an object (key: value pairs), found nothing (the field is missing)',
      'prod.yaml: maxConcurrentRuns: expected a number at least 1, found 0',
      'prod.yaml: unknown key "extra": remove it or fix the spelling',
    ]);
  });

  it('reports the problems of every file at once, project first', () => {
    const { dir, load } = loadEdited((d) => {
      editYaml(d, 'project.yaml', (y) => (y.project.costCentre = ''));
      editYaml(d, 'staging.yaml', (y) => (y.jobNamePrefix = 7));
      editYaml(d, 'dev.yaml', (y) => (y.maxConcurrentRuns = 101));
    });
    const error = configErrorOf(load);
    expect(issueLines(error, dir)).toEqual([
      'project.yaml: project.costCentre: expected a string of at least 1 characters, found ""',
      'dev.yaml: maxConcurrentRuns: expected a number at most 100, found 101',
      'staging.yaml: jobNamePrefix: expected a string, found 7 (YAML read an unquoted number; put the value in quotes exactly as you meant it, e.g. "7")',
    ]);
    expect(error.message.startsWith('Invalid configuration (3 problems):\n')).toBe(true);
  });

  it('treats every unknown key as an error, at any depth', () => {
    const { dir, load } = loadEdited((d) => {
      editYaml(d, 'project.yaml', (y) => {
        y.workflows[0].retries = 3;
        y.notifications.pagerduty = 'x';
      });
      editYaml(d, 'dev.yaml', (y) => {
        y.workflows = { 'ingest-orders': { pause: true } };
        y.access.developers.notebooks = 'CAN_RUN';
      });
    });
    expect(issueLines(configErrorOf(load), dir)).toEqual([
      'project.yaml: workflows[0]: unknown key "retries": remove it or fix the spelling',
      'project.yaml: notifications: unknown key "pagerduty": remove it or fix the spelling',
      'dev.yaml: access.developers: unknown key "notebooks": remove it or fix the spelling',
      'dev.yaml: workflows.ingest-orders: unknown key "pause": remove it or fix the spelling',
    ]);
  });

  it('reports the cross-file problems of the valid files in the same run as a type error in another file', () => {
    const { dir, load } = loadEdited((d) => {
      editYaml(d, 'project.yaml', (y) => (y.workflows[0].compute = 'missing-cluster'));
      editYaml(d, 'dev.yaml', (y) => (y.maxConcurrentRuns = 'x'));
    });
    expect(issueLines(configErrorOf(load), dir)).toEqual([
      'dev.yaml: maxConcurrentRuns: expected a number, found "x"',
      'project.yaml: workflows[0].compute: expected "job-cluster" or a cluster defined in prod.yaml (shared), found "missing-cluster"',
      'project.yaml: workflows[0].compute: expected "job-cluster" or a cluster defined in staging.yaml (shared), found "missing-cluster"',
    ]);
  });

  it("reports an environment's own cross-field problems when project.yaml is broken", () => {
    const { dir, load } = loadEdited((d) => {
      editYaml(d, 'project.yaml', (y) => (y.project.costCentre = ''));
      editYaml(d, 'prod.yaml', (y) => (y.policy.maxWorkers = 1));
    });
    expect(issueLines(configErrorOf(load), dir)).toEqual([
      'project.yaml: project.costCentre: expected a string of at least 1 characters, found ""',
      'prod.yaml: clusters[0].autoscale.maxWorkers: expected at most policy.maxWorkers (1), found 8',
      'prod.yaml: jobCluster.autoscale.maxWorkers: expected at most policy.maxWorkers (1), found 8',
    ]);
  });
});

describe('cross-field and cross-file checks', () => {
  it('fails when the same environment is defined as both dev.yaml and dev.yml', () => {
    const { dir, load } = loadEdited((d) => {
      fs.copyFileSync(path.join(d, 'dev.yaml'), path.join(d, 'dev.yml'));
      // In another workspace, so the shared-workspace checks do not catch it by accident.
      editYaml(d, 'dev.yml', (y) => (y.workspace.host = 'https://dbc-11111111-1111.cloud.databricks.com'));
    });
    expect(issueLines(configErrorOf(load), dir)).toEqual([expect.stringMatching(/^dev\.yml: .*dev\.yaml/)]);
  });

  it('fails when a run-duration warning is not below the timeout', () => {
    const { dir, load } = loadEdited((d) =>
      editYaml(d, 'project.yaml', (y) => {
        y.workflows[0].timeoutSeconds = 3600;
        y.workflows[0].runDurationWarningSeconds = 3600;
      }),
    );
    expect(issueLines(configErrorOf(load), dir)).toEqual([
      expect.stringMatching(
        /^project\.yaml: workflows\[0\]\.runDurationWarningSeconds: expected .*3600.*, found 3600$/,
      ),
    ]);
  });

  it('fails when a timeout of 1 second leaves no room for the default run-duration warning', () => {
    // The stack's default warning is floor(timeout / 2) = 0, which the job refuses at synth time.
    const { load } = loadEdited((d) =>
      editYaml(d, 'project.yaml', (y) => {
        y.workflows[1].timeoutSeconds = 1;
      }),
    );
    expect(configErrorOf(load).issues[0]).toMatchObject({ path: 'workflows[1].timeoutSeconds' });
  });

  it('fails when the Git provider cannot be inferred from the URL and git.provider is not set', () => {
    const { dir, load } = loadEdited((d) =>
      editYaml(d, 'project.yaml', (y) => {
        y.git = { url: 'https://git.acme.example/data/simple-project.git' };
      }),
    );
    expect(issueLines(configErrorOf(load), dir)).toEqual([
      expect.stringMatching(/^project\.yaml: git\.provider: /),
    ]);
  });

  it.each(['smoke-tests', 'backup-delta-tables', 'unity-catalog-export', 'security-scan-standard'])(
    'fails when a workflow takes the name %j of a job every environment already has',
    (reserved) => {
      // The job would be named "<prefix><name>" like the built-in one: two jobs of one name in one workspace.
      const { dir, load } = loadEdited((d) =>
        editYaml(d, 'project.yaml', (y) => (y.workflows[0].name = reserved)),
      );
      expect(issueLines(configErrorOf(load), dir)).toEqual([
        expect.stringMatching(new RegExp(`^project\\.yaml: workflows\\[0\\]\\.name: .*found "${reserved}"`)),
      ]);
    },
  );

  it('accepts a self-hosted Git server when git.provider is set', () => {
    const { load } = loadEdited((d) =>
      editYaml(d, 'project.yaml', (y) => {
        y.git = { url: 'https://git.acme.example/data/simple-project.git', provider: 'gitHubEnterprise' };
      }),
    );
    expect(load().git.provider).toBe('gitHubEnterprise');
  });

  it('accepts environments sharing prefix and mount name when they are in different workspaces', () => {
    const { load } = loadEdited((d) =>
      editYaml(d, 'staging.yaml', (y) => {
        y.workspace.host = 'https://dbc-22222222-2222.cloud.databricks.com';
        y.jobNamePrefix = 'Prod – ';
        y.mount.name = 'simple-project';
      }),
    );
    expect(load().environments).toHaveLength(3);
  });

  it('compares workspace hosts by host, ignoring path and trailing slash', () => {
    const { dir, load } = loadEdited((d) =>
      editYaml(d, 'staging.yaml', (y) => {
        y.workspace.host = 'https://dbc-00000000-0000.cloud.databricks.com/';
        y.jobNamePrefix = 'Dev – ';
      }),
    );
    expect(issueLines(configErrorOf(load), dir)).toEqual([
      expect.stringMatching(
        /^staging\.yaml: jobNamePrefix: expected a prefix that looks different from dev's/,
      ),
    ]);
  });

  it('checks the default mount name (<project>-<env>) for collisions too', () => {
    const { dir, load } = loadEdited((d) => {
      editYaml(d, 'staging.yaml', (y) => (y.mount.name = 'simple-project-dev'));
    });
    expect(issueLines(configErrorOf(load), dir)).toEqual([
      "staging.yaml: mount: expected a Git folder different from dev's (both use the workspace dbc-00000000-0000.cloud.databricks.com), found /Repos/platform-automation@acme.example/simple-project-dev; set mount.name to e.g. simple-project-staging",
    ]);
  });

  it('fails when the default autotermination (30) is above a lower policy bound', () => {
    const { dir, load } = loadEdited((d) =>
      editYaml(d, 'dev.yaml', (y) => {
        delete y.clusters[0].autoterminationMinutes;
        y.policy.maxAutoterminationMinutes = 20;
      }),
    );
    expect(issueLines(configErrorOf(load), dir)).toEqual([
      'dev.yaml: clusters[0].autoterminationMinutes: expected at most policy.maxAutoterminationMinutes (20), found 30',
    ]);
  });
});

describe('files and folders', () => {
  it('fails when the config dir does not exist', () => {
    const dir = path.join(tempDir(), 'nowhere');
    expect(
      issueLines(
        configErrorOf(() => loadConfig(dir)),
        dir,
      ),
    ).toEqual([
      '<config>: the config directory does not exist (set DEVOPS_CONFIG_DIR to a folder holding project.yaml and <env>.yaml files)',
    ]);
  });

  it.each([
    ['nothing', (at: string) => at],
    ['a file', (at: string) => (fs.writeFileSync(at, ''), at)],
  ])('fails when requirements.dir names %s, at that field of project.yaml', (what, make) => {
    const { dir, load } = loadEdited((d) =>
      editYaml(d, 'project.yaml', (p) => {
        p.requirements = { dir: path.relative(d, make(path.join(d, 'no-requirements'))) };
      }),
    );
    expect(configErrorOf(load).issues).toEqual([
      {
        file: path.join(dir, 'project.yaml'),
        path: 'requirements.dir',
        message: `expected a folder (relative to the config folder) holding runtime-baseline.in and the flavors' requirements, found ${what} at "no-requirements"; point it at the project's requirements folder`,
      },
    ]);
  });

  it('fails when the config dir is a file', () => {
    const file = path.join(tempDir(), 'config');
    fs.writeFileSync(file, 'project: {}\n');
    expect(configErrorOf(() => loadConfig(file)).issues).toEqual([
      { file, path: '', message: 'expected a config directory, found a file (check DEVOPS_CONFIG_DIR)' },
    ]);
  });

  it('fails when a path component of the config dir is a file', () => {
    const file = path.join(tempDir(), 'file');
    fs.writeFileSync(file, '');
    const error = configErrorOf(() => loadConfig(path.join(file, 'config')));
    expect(error.issues[0].message).toBe('cannot read the config directory: ENOTDIR');
  });

  it('fails when a config file cannot be read', () => {
    const dir = copyDefaultConfig();
    const file = path.join(dir, 'project.yaml');
    if (chmodBlocksReads()) {
      fs.chmodSync(file, 0o000);
      try {
        expect(
          issueLines(
            configErrorOf(() => loadConfig(dir)),
            dir,
          ),
        ).toEqual(['project.yaml: cannot read the file: permission denied']);
      } finally {
        fs.chmodSync(file, 0o644);
      }
    } else {
      // Running as root: chmod 000 does not stop root from reading, so the permission-denied path cannot
      // be provoked here. A directory named project.yaml is the unreadable "file" root can still meet.
      fs.rmSync(file);
      fs.mkdirSync(file);
      expect(
        issueLines(
          configErrorOf(() => loadConfig(dir)),
          dir,
        ),
      ).toEqual(['project.yaml: expected a YAML file, found a directory']);
    }
  });

  it('reads a file of exactly the size limit', () => {
    const dir = copyDefaultConfig();
    const file = path.join(dir, 'dev.yaml');
    const text = fs.readFileSync(file, 'utf8');
    fs.writeFileSync(file, `${text}#${'x'.repeat(MAX_CONFIG_BYTES - Buffer.byteLength(text) - 2)}\n`);
    expect(fs.statSync(file).size).toBe(MAX_CONFIG_BYTES);
    expect(() => loadConfig(dir)).not.toThrow();
  });

  it('refuses a 10 MB file quickly, without parsing it', () => {
    const dir = copyDefaultConfig();
    const file = path.join(dir, 'prod.yaml');
    fs.writeFileSync(file, `a: [${'1,'.repeat(5 * 1024 * 1024)}1]\n`);
    const size = fs.statSync(file).size;
    expect(size).toBeGreaterThan(10 * 1024 * 1024);
    const started = Date.now();
    expect(configErrorOf(() => loadConfig(dir)).issues[0].message).toBe(
      `expected a config file of at most 1048576 bytes, found ${size} bytes`,
    );
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('ignores files that are not YAML', () => {
    const dir = copyDefaultConfig();
    fs.writeFileSync(path.join(dir, 'README.md'), '# notes\n');
    fs.writeFileSync(path.join(dir, 'prod.yaml.bak'), 'garbage: [\n');
    expect(loadConfig(dir).environments).toHaveLength(3);
  });
});

describe('YAML parsing', () => {
  it('reports YAML syntax errors with line and column', () => {
    const dir = copyDefaultConfig();
    fs.writeFileSync(path.join(dir, 'staging.yaml'), 'workspace:\n  host: "unterminated\n');
    const [issue] = configErrorOf(() => loadConfig(dir)).issues;
    expect(issue.path).toMatch(/^line \d+, column \d+$/);
    expect(issue.message).toMatch(/^YAML syntax error: /);
  });

  it('fails when a key is repeated, naming the line of the repetition', () => {
    const dir = copyDefaultConfig();
    const text = fs.readFileSync(path.join(dir, 'dev.yaml'), 'utf8');
    fs.writeFileSync(path.join(dir, 'dev.yaml'), `${text}jobNamePrefix: 'Again – '\n`);
    const line = text.split('\n').length; // the appended line
    expect(
      issueLines(
        configErrorOf(() => loadConfig(dir)),
        dir,
      ),
    ).toEqual([
      `dev.yaml: line ${line}, column 1: YAML syntax error: Map keys must be unique at line ${line}, column 1:`,
    ]);
  });

  it('allows a few aliases (reuse of a block)', () => {
    const dir = copyDefaultConfig();
    fs.writeFileSync(
      path.join(dir, 'dev.yaml'),
      fs
        .readFileSync(path.join(dir, 'dev.yaml'), 'utf8')
        .replace('jobCluster:\n  flavor: standard', 'jobCluster: &jc\n  flavor: standard'),
    );
    expect(loadConfig(dir).environments[0].jobCluster.nodeTypeId).toBe('i3.xlarge');
  });

  it('refuses an alias bomb quickly, as a ConfigError', () => {
    const dir = copyDefaultConfig();
    const levels = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 9; i++) {
      const prev = String.fromCharCode(96 + i);
      levels.push(
        `${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(10).fill(`*${prev}`).join(', ')}]`,
      );
    }
    fs.writeFileSync(path.join(dir, 'project.yaml'), `${levels.join('\n')}\n`);
    const started = Date.now();
    const error = configErrorOf(() => loadConfig(dir));
    expect(error.issues[0].message).toMatch(/^YAML aliases expand too much/);
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('never throws anything but a ConfigError for odd YAML', () => {
    const odd = [
      '!!binary aGVsbG8=',
      'a: !!js/function "x"',
      '<<: {a: 1}',
      '__proto__: {polluted: 1}',
      '[',
      '"',
      ':',
      '- - -',
      '? a',
    ];
    for (const text of odd) {
      const dir = copyDefaultConfig();
      fs.writeFileSync(path.join(dir, 'dev.yaml'), text);
      expect(configErrorOf(() => loadConfig(dir))).toBeInstanceOf(ConfigError);
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
