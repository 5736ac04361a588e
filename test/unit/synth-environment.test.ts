import fc from 'fast-check';
import { ConfigError } from '../../app/config/config-error';
import { synthEnvironment, synthInputs } from '../../app/synth-environment';
import {
  configErrorOf,
  copyDefaultConfig,
  DEFAULT_CONFIG_DIR,
  editYaml,
  tempDir,
} from '../helpers/config-dir';
import { secretCore, secretShapeArb } from '../helpers/secret-shapes';

const VARIABLES = [
  'CDKTF_OUTDIR',
  'DEVOPS_WORKSPACE_HOST',
  'DEVOPS_PROVIDER_RETRY_TIMEOUT_SECONDS',
  'DEVOPS_STATE_DIR',
  'DEVOPS_ENVIRONMENTS',
  'DEVOPS_GIT_SHA',
  'DEVOPS_GIT_REF',
];

function errorOf(env: NodeJS.ProcessEnv): ConfigError {
  try {
    synthEnvironment(env);
  } catch (e) {
    if (e instanceof ConfigError) return e;
    throw e;
  }
  throw new Error('expected a ConfigError');
}

describe('synthEnvironment', () => {
  it('reads the defaults from an empty environment, and valid values as typed settings', () => {
    expect(synthEnvironment({})).toMatchObject({ outdir: 'cdktf.out', environments: undefined });
    expect(
      synthEnvironment({
        DEVOPS_WORKSPACE_HOST: 'http://127.0.0.1:8099',
        DEVOPS_PROVIDER_RETRY_TIMEOUT_SECONDS: '120',
        DEVOPS_ENVIRONMENTS: 'dev, prod',
        DEVOPS_ALLOW_DESTROY: 'databricks_job.Backup_Job_3D7CAD39, databricks_repo.RepoMount_37EA02A4',
      }),
    ).toMatchObject({
      allowDestroy: ['databricks_job.Backup_Job_3D7CAD39', 'databricks_repo.RepoMount_37EA02A4'],
      workspaceHost: 'http://127.0.0.1:8099',
      retryTimeoutSeconds: 120,
      environments: ['dev', 'prod'],
    });
  });

  it.each([
    ['DEVOPS_PROVIDER_RETRY_TIMEOUT_SECONDS', 'ten', 'a whole number of seconds such as 300'],
    ['DEVOPS_PROVIDER_RETRY_TIMEOUT_SECONDS', '0', 'a number of seconds from 1 to 86400'],
    ['DEVOPS_WORKSPACE_HOST', 'not a url', 'a workspace URL'],
    ['DEVOPS_WORKSPACE_HOST', 'http://adb-1.azuredatabricks.net', 'http only for localhost'],
    ['DEVOPS_ENVIRONMENTS', 'dev;prod', 'comma-separated environment names'],
    ['DEVOPS_STATE_DIR', 'state\0dir', 'without NUL bytes'],
    ['CDKTF_OUTDIR', 'out\0', 'without NUL bytes'],
    ['DEVOPS_GIT_SHA', 'HEAD~1', 'a git commit id'],
    ['DEVOPS_ALLOW_DESTROY', 'Backup_Job_3D7CAD39', 'comma-separated Terraform addresses'],
  ])('fails when %s is %p, naming the variable and the fix', (name, value, expected) => {
    const error = errorOf({ [name]: value });
    expect(error.message).toContain(`environment variable ${name}: expected `);
    expect(error.message).toContain(expected);
    expect(error.message).toContain('fix or unset it');
    expect(error.message).not.toContain('\0');
  });

  it('reports every bad variable at once', () => {
    expect(errorOf({ DEVOPS_GIT_SHA: 'x', DEVOPS_ENVIRONMENTS: ',' }).issues).toHaveLength(2);
  });

  it('never echoes a secret planted in any variable', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...VARIABLES),
        secretShapeArb,
        fc.string({ maxLength: 5 }),
        (name, secret, around) => {
          let message = '';
          try {
            synthEnvironment({ [name]: `${around}${secret}${around}` });
          } catch (e) {
            message = (e as Error).message;
          }
          return !message.includes(secretCore(secret));
        },
      ),
    );
  });
});

describe('synthInputs', () => {
  it('reads the variables and the config they point at', () => {
    const { settings, config } = synthInputs({
      DEVOPS_CONFIG_DIR: DEFAULT_CONFIG_DIR,
      DEVOPS_GIT_SHA: 'abc1234',
    });
    expect(settings.gitSha).toBe('abc1234');
    expect(config.environments.map((e) => e.name)).toEqual(['dev', 'staging', 'prod']);
  });

  it('fails when a variable and a config file are both bad, reporting both in one error', () => {
    const dir = copyDefaultConfig();
    editYaml(dir, 'dev.yaml', (d) => (d.maxConcurrentRuns = 'x'));
    const error = configErrorOf(() =>
      synthInputs({ DEVOPS_CONFIG_DIR: dir, DEVOPS_PROVIDER_RETRY_TIMEOUT_SECONDS: 'soon' }),
    );
    expect(error.issues.map((i) => [i.file, i.path, i.message])).toEqual([
      [
        'environment variable DEVOPS_PROVIDER_RETRY_TIMEOUT_SECONDS',
        '',
        'expected a whole number of seconds such as 300, found "soon"; fix or unset it',
      ],
      [expect.stringMatching(/dev\.yaml$/), 'maxConcurrentRuns', 'expected a number, found "x"'],
    ]);
    expect(error.message.split('\n')[0]).toBe('Invalid configuration (2 problems):');
  });

  it('fails when only the config directory is bad, with a bad variable beside it', () => {
    const error = configErrorOf(() =>
      synthInputs({ DEVOPS_CONFIG_DIR: `${tempDir()}/missing`, DEVOPS_GIT_SHA: 'not-a-sha' }),
    );
    expect(error.issues.map((i) => i.file)).toEqual([
      'environment variable DEVOPS_GIT_SHA',
      expect.stringMatching(/missing$/),
    ]);
  });
});

describe('synthInputs with secrets planted in a variable and a config file at once', () => {
  it('never echoes either secret in the one error it reports', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...VARIABLES),
        secretShapeArb,
        secretShapeArb,
        (name, inVariable, inConfig) => {
          const dir = copyDefaultConfig();
          editYaml(dir, 'prod.yaml', (d) => (d.maxConcurrentRuns = inConfig));
          const error = configErrorOf(() =>
            synthInputs({ DEVOPS_CONFIG_DIR: dir, [name]: `x${inVariable}`, DEVOPS_GIT_SHA: 'not-a-sha' }),
          );
          expect(error.issues.map((i) => i.file)).toEqual(
            expect.arrayContaining([
              'environment variable DEVOPS_GIT_SHA',
              expect.stringMatching(/prod\.yaml$/),
            ]),
          );
          expect(error.message).not.toContain(secretCore(inVariable));
          expect(error.message).not.toContain(secretCore(inConfig));
        },
      ),
      { numRuns: 25 },
    );
  });
});
