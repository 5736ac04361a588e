import {
  environmentFileSchema,
  projectFileSchema,
  PROTECTABLE,
  quartzCron,
  scheduleSchema,
} from '../../../app/config/schema';
import { z } from 'zod';
import { DEFAULT_CONFIG_DIR, readYaml } from '../../helpers/config-dir';
import { DEFAULT_PROVIDER_RATE_LIMIT } from '../../../stacks/workspace-spec';

interface JsonSchema {
  description?: string;
  properties?: Record<string, JsonSchema>;
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
}

/** Dotted paths of the fields of a schema's JSON Schema that have no description. */
function undescribedFields(schema: z.ZodType, root: string): string[] {
  const out: string[] = [];
  const walk = (s: JsonSchema | undefined, at: string) => {
    if (!s) return;
    for (const [key, value] of Object.entries(s.properties ?? {})) {
      if (!value.description) out.push(`${at}.${key}`);
      walk(value, `${at}.${key}`);
    }
    walk(s.items, `${at}[]`);
    for (const alternative of [...(s.anyOf ?? []), ...(s.oneOf ?? [])]) walk(alternative, at);
  };
  walk(z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as JsonSchema, root);
  return out;
}

describe('quartzCron', () => {
  it.each([
    '0 0 2 * * ?',
    '0 0 4 ? * SUN',
    '0 30 1 * * ?',
    '0 0/15 * * * ?',
    '0 0 12 ? * MON-FRI 2030',
    '0 0 0 L * ?',
    '0 0 0 ? * 6#3',
  ])('accepts %j', (cron) => {
    expect(quartzCron.safeParse(cron).success).toBe(true);
  });

  it.each(['', '0 2 * * *', '* * * * * * * *', '0 0 2 * * ? ; rm -rf /', '0 0 2 * * $(x)', '0 0 2 * * `x`'])(
    'refuses %j',
    (cron) => {
      expect(quartzCron.safeParse(cron).success).toBe(false);
    },
  );
});

describe('scheduleSchema', () => {
  it('defaults the time zone to UTC', () => {
    expect(scheduleSchema.parse({ cron: '0 0 2 * * ?' })).toEqual({ cron: '0 0 2 * * ?', timezone: 'UTC' });
  });

  it.each(['Europe/Berlin', 'America/Argentina/Buenos_Aires', 'Etc/GMT+2', 'UTC'])(
    'accepts the time zone %j',
    (tz) => {
      expect(scheduleSchema.safeParse({ cron: '0 0 2 * * ?', timezone: tz }).success).toBe(true);
    },
  );

  it.each(['UTC+1', '../etc', 'Europe/', ''])('refuses the time zone %j', (tz) => {
    expect(scheduleSchema.safeParse({ cron: '0 0 2 * * ?', timezone: tz }).success).toBe(false);
  });
});

describe('projectFileSchema', () => {
  it('accepts the default project.yaml and fills the defaults', () => {
    const project = projectFileSchema.parse(readYaml(DEFAULT_CONFIG_DIR, 'project.yaml'));
    expect(project.workflows[1]).toMatchObject({
      compute: 'job-cluster',
      maxRetries: 1,
      timeoutSeconds: 14400,
    });
  });

  it('defaults the security scan and the requirements folder when they are left out', () => {
    const doc = readYaml(DEFAULT_CONFIG_DIR, 'project.yaml');
    delete doc.securityScan;
    delete doc.requirements;
    const project = projectFileSchema.parse(doc);
    expect(project.securityScan).toEqual({
      schedule: { cron: '0 0 6 ? * MON', timezone: 'UTC' },
      disallowedLicenses: ['GPL', 'LGPL', 'AGPL'],
    });
    expect(project.requirements).toEqual({ dir: '../requirements', containerImages: {} });
  });

  it('describes every field (the README config reference is generated from the descriptions)', () => {
    expect(undescribedFields(projectFileSchema, 'project')).toEqual([]);
  });
});

describe('environmentFileSchema', () => {
  it('accepts every default environment file', () => {
    for (const file of ['dev.yaml', 'staging.yaml', 'prod.yaml']) {
      expect(environmentFileSchema.safeParse(readYaml(DEFAULT_CONFIG_DIR, file)).success).toBe(true);
    }
  });

  it('leaves schedulesPaused and protected unset, for the loader to default per environment', () => {
    const env = environmentFileSchema.parse(readYaml(DEFAULT_CONFIG_DIR, 'prod.yaml'));
    expect(env.schedulesPaused).toBeUndefined();
    expect(env.protected).toBeUndefined();
  });

  it('defaults a local state backend, one concurrent run, and cluster autotermination of 30 minutes', () => {
    const doc = readYaml(DEFAULT_CONFIG_DIR, 'dev.yaml');
    delete doc.stateBackend;
    delete doc.clusters[0].autoterminationMinutes;
    const env = environmentFileSchema.parse(doc);
    expect(env.stateBackend).toEqual({ type: 'local' });
    expect(env.maxConcurrentRuns).toBe(1);
    expect(env.clusters[0].autoterminationMinutes).toBe(30);
  });

  it('defaults the provider to 20 requests per second, the lowest documented limit a deploy meets', () => {
    const doc = readYaml(DEFAULT_CONFIG_DIR, 'dev.yaml');
    delete doc.provider;
    expect(environmentFileSchema.parse(doc).provider).toEqual({ rateLimit: DEFAULT_PROVIDER_RATE_LIMIT });
    expect(DEFAULT_PROVIDER_RATE_LIMIT).toBe(20);
    doc.provider = {};
    expect(environmentFileSchema.parse(doc).provider).toEqual({ rateLimit: 20 });
    doc.provider = { rateLimit: 50 };
    expect(environmentFileSchema.parse(doc).provider).toEqual({ rateLimit: 50 });
  });

  it.each([0, 2.5, 1001, '20'])('fails when provider.rateLimit is %p (an integer 1..1000)', (rateLimit) => {
    const doc = readYaml(DEFAULT_CONFIG_DIR, 'dev.yaml');
    doc.provider = { rateLimit };
    const result = environmentFileSchema.safeParse(doc);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0].path).toEqual(['provider', 'rateLimit']);
  });

  it('defaults an s3 backend to encryption', () => {
    const doc = readYaml(DEFAULT_CONFIG_DIR, 'dev.yaml');
    doc.stateBackend = { type: 's3', bucket: 'tf-state', key: 'dev.tfstate', region: 'eu-west-1' };
    expect(environmentFileSchema.parse(doc).stateBackend).toMatchObject({ encrypt: true });
  });

  it('accepts a pg backend with no connection settings (they come from the environment)', () => {
    const doc = readYaml(DEFAULT_CONFIG_DIR, 'dev.yaml');
    doc.stateBackend = { type: 'pg', schemaName: 'tfstate_dev' };
    expect(environmentFileSchema.parse(doc).stateBackend).toEqual({ type: 'pg', schemaName: 'tfstate_dev' });
  });

  it('fails when a pg backend carries a connection string, without echoing it', () => {
    const doc = readYaml(DEFAULT_CONFIG_DIR, 'dev.yaml');
    doc.stateBackend = { type: 'pg', connStr: 'postgres://tf:s3cret@db/tf' };
    const res = environmentFileSchema.safeParse(doc);
    expect(res.success).toBe(false);
    const text = JSON.stringify(res.error?.issues);
    expect(text).toContain('a connection string never goes in config');
    expect(text).toContain('PG_CONN_STR');
    expect(text).not.toContain('s3cret');
  });

  it('describes every top-level section', () => {
    const schema = z.toJSONSchema(environmentFileSchema, {
      io: 'input',
      unrepresentable: 'any',
    }) as JsonSchema;
    const undescribed = Object.entries(schema.properties ?? {}).filter(([, v]) => !v.description);
    expect(undescribed.map(([k]) => k)).toEqual([]);
  });

  it('offers the protectable kinds the stack knows', () => {
    expect(PROTECTABLE).toEqual([
      'repoMount',
      'secretScope',
      'backupJob',
      'unityCatalogExportJob',
      'clusters',
      'jobs',
    ]);
  });
});
