import { noPlaintextSecrets } from '../../../lib/policy/rules/no-plaintext-secrets';
import { FAKE, policyKit } from './policy-kit';

describe('DBX-S1 no plaintext secret in spark_conf, env vars or parameters', () => {
  it('passes {{secrets/...}} references and ordinary settings', () => {
    const kit = policyKit('dev');
    kit.job('Job', {
      parameters: {
        api_token: '{{secrets/demo-dev/api-token}}',
        source_path: 's3://landing/orders/',
        secret_scope: 'demo-dev',
      },
    });
    const cluster = kit.cluster();
    cluster.resource.addOverride('spark_conf', {
      'fs.azure.account.key.acme.dfs.core.windows.net': '{{secrets/demo-dev/storage-key}}',
      'spark.sql.shuffle.partitions': '200',
    });
    cluster.resource.addOverride('spark_env_vars', { DB_PASSWORD: '{{secrets/demo-dev/db-password}}' });
    expect(kit.violations(noPlaintextSecrets)).toEqual([]);
  });

  it('fails when a notebook parameter holds a Databricks token, without printing it', () => {
    const kit = policyKit('dev');
    kit.job('Job', { parameters: { api: FAKE.databricksToken } });
    const violations = kit.violations(noPlaintextSecrets);
    expect(violations).toEqual([
      {
        path: 'Job/Resource',
        message: expect.stringContaining(
          'DBX-S1: task[0].notebook_task.base_parameters["api"] holds a Databricks token dapi…(36 chars, masked)',
        ),
      },
    ]);
    expect(JSON.stringify(violations)).not.toContain(FAKE.databricksToken);
  });

  it('fails when spark_conf, spark_env_vars or a job parameter holds a literal under a secret-looking name', () => {
    const kit = policyKit('dev');
    const cluster = kit.cluster();
    cluster.resource.addOverride('spark_conf', {
      'fs.azure.account.key.acme.dfs.core.windows.net': 'bm90LWEta2V5',
    });
    cluster.resource.addOverride('spark_env_vars', { DB_PASSWORD: 'hunter2hunter2' });
    kit.job().resource.addOverride('parameter', [{ name: 'github', default: FAKE.githubToken }]);
    const messages = kit.violations(noPlaintextSecrets).map((v) => v.message);
    expect(messages).toEqual([
      expect.stringContaining(
        'spark_conf["fs.azure.account.key.acme.dfs.core.windows.net"] holds a literal value of a secret-named setting',
      ),
      expect.stringContaining(
        'spark_env_vars["DB_PASSWORD"] holds a literal value of a secret-named setting',
      ),
      expect.stringContaining('parameter[0]["github"] holds a GitHub token ghp_…'),
    ]);
    for (const secret of ['bm90LWEta2V5', 'hunter2hunter2', FAKE.githubToken]) {
      expect(messages.join('\n')).not.toContain(secret);
    }
  });
});
