import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import {
  assertNoSecrets,
  findSecretsInText,
  formatSecretFinding,
  isSecretKey,
  isSecretReference,
  plaintextSecretIn,
  redactSecrets,
  scanStackJson,
  SecretScanError,
} from '../../../lib/text/secret-scan';
import { tempDir } from '../../helpers/config-dir';
import { FAKE } from '../policy/policy-kit';
import { SECRET_SHAPES, secretCore } from '../../helpers/secret-shapes';

const WHERE = { stack: 'prod', file: 'stacks/prod/cdk.tf.json' };
const kinds = (text: string) => findSecretsInText(text).map((s) => s.kind);
const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');

describe('secret scan: detectors', () => {
  it.each([
    ['a Databricks token', `token ${FAKE.databricksToken} here`, 'Databricks token'],
    ['a GitHub token', `GH=${FAKE.githubToken}`, 'GitHub token'],
    ['a fine-grained GitHub token', `github_pat_${'A1b2'.repeat(20)}`, 'GitHub token'],
    ['an AWS access key id', `key ${FAKE.awsKeyId}`, 'AWS access key id'],
    [
      'an AWS secret key beside aws_secret_access_key',
      `aws_secret_access_key = ${FAKE.awsSecret}`,
      'AWS secret access key',
    ],
    [
      'a private key block',
      '-----BEGIN OPENSSH PRIVATE KEY-----\nAAAA\n-----END OPENSSH PRIVATE KEY-----',
      'private key',
    ],
    [
      'a Slack webhook',
      'https://hooks.slack.com/services/T0000FAKE/B0000FAKE/fakefakefakefakefake',
      'Slack webhook',
    ],
    ['a Slack token', 'xoxb-0000-fake-fake-token', 'Slack token'],
    [
      'a password setting in a connection string',
      'jdbc:sqlserver://db;user=etl;password=Fake-Passw0rd;',
      'password setting',
    ],
    ['a pwd setting', 'Server=db;Uid=etl;Pwd=FakePwd123;', 'password setting'],
    ['credentials in a URL', 'postgres://etl:FakePass99@db.acme.example/orders', 'credentials in a URL'],
    [
      'a quoted secret-named assignment in code',
      'api_token = "fake-token-value-123"',
      'literal value of a secret-named setting',
    ],
  ])('finds %s', (_what, text, kind) => {
    expect(kinds(text)).toContain(kind);
  });

  it('finds an AWS secret key next to an access key id even without a telling name', () => {
    expect(kinds(`id=${FAKE.awsKeyId} s=${FAKE.awsSecret}`)).toEqual([
      'AWS access key id',
      'AWS secret access key',
    ]);
  });

  it.each([
    ['a secret reference', 'password={{secrets/prod/db-password}}'],
    ['code that reads a secret', 'token = dbutils.secrets.get(scope="prod", key="api")'],
    ['an environment variable', 'password=$DB_PASSWORD'],
    ['a sha256 lock hash', '--hash=sha256:9b0e4f1c2d3a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f9012345678'],
    ['a git commit id', 'deployed 4b825dc642cb6eb9a060e54bf8d69288fbee4904'],
    ['package names containing "token"', 'asttokens==2.0.5\ntokenizers==0.21.0'],
    ['an ordinary 40-character value without an AWS key id', 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY'],
  ])('finds nothing in %s', (_what, text) => {
    expect(findSecretsInText(text)).toEqual([]);
  });

  it('masks a finding: at most the public prefix and the length, never the secret', () => {
    const [found] = findSecretsInText(`x ${FAKE.databricksToken}`);
    expect(found.masked).toBe('dapi…(36 chars, masked)');
    fc.assert(
      fc.property(fc.stringMatching(/^[0-9a-f]{32}$/), fc.string(), (hex, around) => {
        const token = `dapi${hex}`;
        const findings = findSecretsInText(`${around} ${token} ${around}`);
        return (
          findings.some((f) => f.kind === 'Databricks token') &&
          findings.every((f) => !f.masked.includes(hex))
        );
      }),
    );
  });
});

describe('redactSecrets', () => {
  it.each(SECRET_SHAPES)('masks %s wherever it stands in a message', (_what, shape) => {
    for (const message of [
      shape,
      `found "${shape}"`,
      `x=${shape}; then more`,
      `'${shape}'`,
      `ingest_orders${shape}`,
    ]) {
      const redacted = redactSecrets(message);
      expect(redacted).toContain('masked');
      expect(redacted).not.toContain(secretCore(shape));
    }
  });

  it('masks a quoted value to its last character', () => {
    expect(redactSecrets(`api_token = "fake-token-value-123"`)).toBe('api_token = "…(20 chars, masked)"');
  });

  it('leaves digests, commit ids, paths and prose alone', () => {
    const text =
      'deployed 4b825dc642cb6eb9a060e54bf8d69288fbee4904 from /Workspace/Shared/demo-blueprint/notebooks/ingest_orders with Basic authentication, node Standard_DS3_v2';
    expect(redactSecrets(text)).toBe(text);
  });

  it('masks random-looking runs of any length that a fast-check generator makes', () => {
    const run = fc
      .array(fc.constantFrom(...'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz'), {
        minLength: 14,
        maxLength: 30,
      })
      .chain((letters) =>
        fc
          .array(fc.constantFrom(...'0123456789'), { minLength: 10, maxLength: 20 })
          .map((digits) => letters.flatMap((l, i) => [l, digits[i % digits.length]]).join('')),
      )
      .filter((s) => /[a-z]/.test(s) && /[A-Z]/.test(s));
    fc.assert(fc.property(run, (secret) => !redactSecrets(`key ${secret} end`).includes(secret)));
  });

  it('masks credentials in text echoed from other tools, keeping the rest', () => {
    const text = `fatal: unable to access 'https://x-access-token:${FAKE.githubToken}@github.com/acme/demo.git/'`;
    const redacted = redactSecrets(text);
    expect(redacted).not.toContain(FAKE.githubToken);
    expect(redacted).toMatch(
      /^fatal: unable to access 'https:\/\/x-access-token:.*@github\.com\/acme\/demo\.git\/'$/,
    );
    expect(redactSecrets('nothing to hide')).toBe('nothing to hide');
  });
});

describe('secret scan: setting names and references', () => {
  it.each([
    'password',
    'DB_PASSWORD',
    'api_token',
    'apiKey',
    'client_secret',
    'fs.azure.account.key.acme.dfs.core.windows.net',
    'spark.hadoop.fs.s3a.secret.key',
    'aws_secret_access_key',
    'pass',
    'PWD',
    'Pwd',
    'DB_PASS',
    'DBPassword',
    'APIKEY',
    'x-api-key',
    'SharedAccessKey',
    'connection_string',
    'Authorization',
  ])('takes %s for a secret-named setting', (key) => {
    expect(isSecretKey(key)).toBe(true);
  });

  it.each([
    'secret_scope',
    'token_url',
    'tokenizer',
    'task_key',
    'job_cluster_key',
    'password_file',
    'bypass_cache',
    'source_path',
  ])('does not take %s for a secret-named setting', (key) => {
    expect(isSecretKey(key)).toBe(false);
  });

  it('accepts {{secrets/<scope>/<key>}} and ${...} references, not literals around them', () => {
    expect(isSecretReference('{{secrets/prod/api-token}}')).toBe(true);
    expect(isSecretReference('Bearer {{secrets/prod/api-token}}')).toBe(true);
    expect(isSecretReference('${var.db_password}')).toBe(true);
    expect(isSecretReference('hunter2')).toBe(false);
    expect(isSecretReference('{{secrets/prod/a}}:hunter2hunter2')).toBe(false);
  });

  it('flags a literal under a secret name, and a token under any name, but not references or flags', () => {
    expect(plaintextSecretIn('DB_PASSWORD', 'hunter2')?.kind).toBe('literal value of a secret-named setting');
    expect(plaintextSecretIn('anything', FAKE.databricksToken)?.kind).toBe('Databricks token');
    expect(plaintextSecretIn('DB_PASSWORD', '{{secrets/prod/db}}')).toBeUndefined();
    expect(plaintextSecretIn('spark.databricks.secret.enabled', 'true')).toBeUndefined();
    expect(plaintextSecretIn('token_ttl', '3600')).toBeUndefined();
  });
});

describe('secret scan: synthesized stacks', () => {
  const stack = (resource: Record<string, unknown>) => ({
    resource: {
      databricks_job: {
        Jobs_x_1A2B: { '//': { metadata: { path: 'prod/Jobs/x/Resource' } }, ...resource },
      },
    },
  });

  it('reports the file, JSON path and construct path of a finding, masked', () => {
    const findings = scanStackJson(
      stack({ task: [{ notebook_task: { base_parameters: { api: FAKE.databricksToken } } }] }),
      WHERE,
    );
    expect(findings).toEqual([
      {
        stack: 'prod',
        file: 'stacks/prod/cdk.tf.json',
        jsonPath: 'resource.databricks_job.Jobs_x_1A2B.task[0].notebook_task.base_parameters.api',
        constructPath: 'prod/Jobs/x/Resource',
        kind: 'Databricks token',
        masked: 'dapi…(36 chars, masked)',
      },
    ]);
  });

  it('decodes content_base64 of uploaded notebooks and files, and gives the line', () => {
    const notebook = `# Databricks notebook source\nimport requests\nheaders = {"Authorization": "Bearer ${FAKE.githubToken}"}\n`;
    const findings = scanStackJson(
      { resource: { databricks_notebook: { Nb: { path: '/Shared/x', content_base64: b64(notebook) } } } },
      WHERE,
    );
    expect(findings.map((f) => [f.jsonPath, f.kind])).toEqual([
      ['resource.databricks_notebook.Nb.content_base64 (decoded, line 3)', 'GitHub token'],
    ]);
  });

  it('parses JSON held in strings (cluster policy definitions) and keys like spark_conf names', () => {
    const definition = JSON.stringify({
      'spark_conf.fs.azure.account.key.acme': { type: 'fixed', value: 'bm90LWEta2V5' },
    });
    const findings = scanStackJson({ resource: { databricks_cluster_policy: { P: { definition } } } }, WHERE);
    expect(findings.map((f) => [f.jsonPath, f.kind])).toEqual([
      [
        'resource.databricks_cluster_policy.P.definition (JSON)["spark_conf.fs.azure.account.key.acme"].value',
        'literal value of a secret-named setting',
      ],
    ]);
  });

  it('scans keys too: a token pasted as a parameter name is found, and its path is masked', () => {
    const findings = scanStackJson(
      stack({ task: [{ notebook_task: { base_parameters: { [FAKE.databricksToken]: 'x' } } }] }),
      WHERE,
    );
    expect(findings.map((f) => [f.jsonPath, f.kind])).toEqual([
      [
        'resource.databricks_job.Jobs_x_1A2B.task[0].notebook_task.base_parameters["dapi…(36 chars, masked)"] (key)',
        'Databricks token',
      ],
    ]);
  });

  it.each([
    [
      'an Azure SAS URL',
      'https://acct.blob.core.windows.net/c?sv=2022&sig=FaKe%2BSig0123456789abc%3D',
      'Azure SAS signature',
    ],
    ['a JWT', 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJmYWtlIn0.ZmFrZS1zaWduYXR1cmU', 'JSON web token'],
    ['a Bearer header', 'Authorization: Bearer fake-Opaque.Token_0123', 'HTTP authorization credential'],
  ])('finds %s in any value', (_what, value, kind) => {
    expect(scanStackJson(stack({ description: value }), WHERE).map((f) => f.kind)).toEqual([kind]);
  });

  it.each(SECRET_SHAPES.filter(([what]) => what !== 'a long random key'))(
    'finds %s pasted straight after other text',
    (_what, shape) => {
      const findings = scanStackJson(
        stack({ notebook_task: { notebook_path: `/Repos/x/ingest_orders${shape}` } }),
        WHERE,
      );
      expect(findings).not.toHaveLength(0);
    },
  );

  it.each(['pass', 'PWD', 'DbPassword', 'APIKEY', 'Secret'])(
    'finds a literal under a setting named %s',
    (name) => {
      const findings = scanStackJson(stack({ spark_env_vars: { [name]: 'hunter2' } }), WHERE);
      expect(findings.map((f) => f.kind)).toEqual(['literal value of a secret-named setting']);
    },
  );

  it('names the config file and field a finding came from, when the origin is known', () => {
    const findings = scanStackJson(
      stack({ task: [{ notebook_task: { base_parameters: { api: FAKE.databricksToken } } }] }),
      WHERE,
      (value) =>
        value === FAKE.databricksToken ? 'config/prod.yaml: workflows.ingest.parameters.api' : undefined,
    );
    expect(findings.map(formatSecretFinding)).toEqual([
      'stacks/prod/cdk.tf.json: resource.databricks_job.Jobs_x_1A2B.task[0].notebook_task.base_parameters.api (construct prod/Jobs/x/Resource): Databricks token dapi…(36 chars, masked) (from config/prod.yaml: workflows.ingest.parameters.api)',
    ]);
  });

  it('masks a secret that is the name of the config field it came from', () => {
    const findings = scanStackJson(
      stack({ tags: { [FAKE.databricksToken]: 'x' } }),
      WHERE,
      () => `config/project.yaml: project.tags.${FAKE.databricksToken} (key)`,
    );
    const lines = findings.map(formatSecretFinding);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('(from config/project.yaml: project.tags.… (key))');
    expect(lines[0]).not.toContain(FAKE.databricksToken);
  });

  it('masks a secret that reached a resource name with its punctuation changed', () => {
    const principal = FAKE.githubToken;
    const id = `Secrets_Acl-group-${principal.replace(/_/g, '-')}-22903e_C6690014`;
    const doc = {
      resource: {
        databricks_secret_acl: {
          [id]: {
            '//': { metadata: { path: `dev/Secrets/Acl-group-${principal.replace(/_/g, '-')}` } },
            principal,
          },
        },
      },
    };
    const lines = scanStackJson(doc, WHERE).map(formatSecretFinding);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('Secrets_Acl-group-ghp-…-22903e_C6690014.principal');
    expect(lines[0]).not.toContain(secretCore(principal));
  });

  it('passes secret references and ordinary resources', () => {
    expect(
      scanStackJson(
        stack({
          task: [
            {
              notebook_task: { base_parameters: { api: '{{secrets/prod/api}}', secret_scope: 'demo-prod' } },
            },
          ],
          docker_image: {
            url: 'acme.azurecr.io/x:1',
            basic_auth: { username: 'ci', password: '{{secrets/prod/acr}}' },
          },
        }),
        WHERE,
      ),
    ).toEqual([]);
  });

  it('fails on a planted secret in an output folder, listing where and never the value', () => {
    const outdir = tempDir();
    fs.mkdirSync(path.join(outdir, 'stacks', 'prod'), { recursive: true });
    fs.writeFileSync(
      path.join(outdir, 'stacks', 'prod', 'cdk.tf.json'),
      JSON.stringify({ provider: { databricks: [{ host: 'https://x', token: FAKE.databricksToken }] } }),
    );
    let error: unknown;
    try {
      assertNoSecrets(outdir);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(SecretScanError);
    expect((error as Error).message).toContain(
      'stacks/prod/cdk.tf.json: provider.databricks[0].token: Databricks token dapi…(36 chars, masked)',
    );
    expect((error as Error).message).not.toContain(FAKE.databricksToken);
  });
});
