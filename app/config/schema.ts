import { z } from 'zod';
import { outputsSchema } from './data-quality-schema';
import { suppressionsSchema } from '../../lib/policy/suppression-schema';
import { FLAVORS } from '../../lib/requirements/flavor';
import { quartzCronProblems } from '../../lib/quartz-cron';
import { DEFAULT_MAX_FAILURE_RATE, DEFAULT_SLO_WINDOW_DAYS } from '../../lib/slo';
import { WAREHOUSE_SIZES } from '../../lib/sql-warehouse';
import { isTimeZone, timeZoneExpectation } from '../../lib/time-zone';
import { hiddenCharacterProblem } from '../../lib/text/lookalike-text';
import { PROTECTED_KIND_NAMES, ProtectedKind } from '../../stacks/protected-kinds';
import { DEFAULT_PROVIDER_RATE_LIMIT } from '../../stacks/workspace-spec';
import {
  ACCESS_MODES,
  DEFAULT_DISALLOWED_LICENSES,
  GIT_PROVIDERS,
  isObjectInternalName,
  OBJECT_INTERNAL_NAMES,
  PERMISSION_LEVELS as LEVELS,
  RESOURCE_KEY,
  SECRET_ACL_LEVELS,
  STORAGE_URL,
  TIERS,
  UC_NAME,
  UC_TABLE_NAME,
} from '../../lib/vocabulary';

/**
 * The zod schemas of the config files: `project.yaml` (what all environments share) and one
 * `<env>.yaml` per environment. Every object is strict, so a misspelt key is an error, and every
 * field carries a description: the README's config reference is generated from these schemas.
 */

const name = (what: string) =>
  z
    .string()
    .regex(
      RESOURCE_KEY,
      `${what}: 2-40 characters of lowercase letters, digits and '-', starting with a letter`,
    )
    .refine(
      (key) => !isObjectInternalName(key),
      `${what} that is not a JavaScript object internal (${OBJECT_INTERNAL_NAMES.filter((n) => RESOURCE_KEY.test(n)).join(', ')}): it would shadow a built-in member of the maps it keys`,
    );

/**
 * Text people read to tell things apart (job-name prefixes, tags, descriptions, refs): no invisible,
 * control or bidi characters, which could make one name look like another or hide its end.
 */
const visible = <T extends z.ZodType<string>>(schema: T) =>
  schema.superRefine((text, ctx) => {
    const problem = hiddenCharacterProblem(text);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });

/** The environment values project settings can reference as `${env.<key>}`. */
export const ENV_VALUE_KEYS = ['name', 'catalog', 'schema', 'storageRoot'] as const;
/** One of {@link ENV_VALUE_KEYS}. */
export type EnvValueKey = (typeof ENV_VALUE_KEYS)[number];
/** A reference to an environment value, `${env.catalog}`. */
export const ENV_REFERENCE = /\$\{env\.([A-Za-z]+)\}/g;
const SAMPLE_VALUES: Record<EnvValueKey, string> = {
  name: 'dev',
  catalog: 'dev',
  schema: 'dev',
  storageRoot: 's3://bucket/dev',
};

/**
 * A setting that may reference environment values (`${env.catalog}_dr`): its format is checked with
 * sample values here, and the loader substitutes each environment's own.
 */
const templated = (format: RegExp, what: string) =>
  z.string().superRefine((text, ctx) => {
    const unknown = [...text.matchAll(ENV_REFERENCE)]
      .map((m) => m[1])
      .filter((k) => !(ENV_VALUE_KEYS as readonly string[]).includes(k));
    if (unknown.length > 0) {
      ctx.addIssue({
        code: 'custom',
        message: `references to ${ENV_VALUE_KEYS.map((k) => `\${env.${k}}`).join(', ')} only (unknown: ${unknown.join(', ')})`,
      });
      return;
    }
    const sample = text.replace(ENV_REFERENCE, (_, k: EnvValueKey) => SAMPLE_VALUES[k]);
    if (!format.test(sample) || sample.includes('${')) ctx.addIssue({ code: 'custom', message: what });
  });

/** A path inside the Git repository: relative, no `..`, no spaces at the ends. */
const repoRelativePath = z
  .string()
  .min(1)
  .refine(
    (p) =>
      !p.startsWith('/') &&
      !p.split('/').some((part) => part === '..' || part === '.' || part === '') &&
      p.trim() === p,
    'a path relative to the repository root, without "..", "." or empty segments (e.g. notebooks/workflows/ingest)',
  );

/**
 * A Git branch or tag name, following git's check-ref-format rules that matter in practice.
 */
const gitRef = visible(z.string().min(1).max(200)).refine(
  (r) =>
    !/[\s~^:?*[\\\x00-\x1f\x7f]/.test(r) &&
    !r.includes('..') &&
    !r.includes('@{') &&
    !r.startsWith('/') &&
    !r.endsWith('/') &&
    !r.endsWith('.lock') &&
    !r.endsWith('.') &&
    !r.includes('//'),
  'a valid Git ref name (no spaces, "..", "~", "^", ":", "?", "*", "[" or "\\"), e.g. release/1.4',
);

/** Quartz cron as Databricks expects it, checked field by field (lib/quartz-cron.ts). */
export const quartzCron = z.string().superRefine((cron, ctx) => {
  const problems = quartzCronProblems(cron);
  if (problems.length > 0)
    ctx.addIssue({
      code: 'custom',
      message: `a Quartz cron expression, seconds first, e.g. "0 0 2 * * ?" (${problems.join('; ')})`,
    });
});

export const scheduleSchema = z
  .strictObject({
    cron: quartzCron.meta({ description: 'Quartz cron expression (seconds first), e.g. `0 0 2 * * ?`.' }),
    timezone: z
      .string()
      .superRefine((id, ctx) => {
        if (!isTimeZone(id)) ctx.addIssue({ code: 'custom', message: timeZoneExpectation(id) });
      })
      .default('UTC')
      .meta({ description: 'IANA time zone id (checked against the IANA list), e.g. `Europe/Berlin`.' }),
  })
  .meta({ description: 'When the job runs.' });

const secretReference = z
  .string()
  .regex(
    /^\{\{secrets\/[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+\}\}$/,
    'a secret reference {{secrets/<scope>/<key>}}, never an inline value',
  );

const positiveInt = (max: number) => z.number().int().min(1).max(max);

const sloSchema = z
  .strictObject({
    windowDays: z.number().int().min(1).max(90).default(DEFAULT_SLO_WINDOW_DAYS).meta({
      description: 'Days of runs the failure rate and p95 duration are computed over.',
    }),
    maxFailureRate: z.number().min(0).lt(1).default(DEFAULT_MAX_FAILURE_RATE).meta({
      description: 'Highest acceptable share of failed runs in the window (0.1 = 10%).',
    }),
    p95DurationMinutes: z
      .number()
      .positive()
      .max(7 * 24 * 60)
      .optional()
      .meta({
        description:
          'Highest acceptable p95 run duration. Default: `runDurationWarningSeconds` (or half the timeout) in minutes.',
      }),
    maxHoursSinceSuccess: z
      .number()
      .positive()
      .max(24 * 400)
      .optional()
      .meta({
        description:
          'Hours without a successful run that count as a missed schedule. Default, for an unpaused schedule: 26 (daily), 194 (a day of week) or 768 (a day of month); none for unscheduled or paused jobs.',
      }),
  })
  .default({ windowDays: DEFAULT_SLO_WINDOW_DAYS, maxFailureRate: DEFAULT_MAX_FAILURE_RATE })
  .meta({
    description:
      'Service-level objectives, checked by the SLO alerts of the environment over the jobs system tables (observability).',
  });

const parameterKey = z.string().regex(/^[A-Za-z_][A-Za-z0-9_.-]*$/);

const canarySchema = z
  .strictObject({
    sampleFraction: z.number().min(0.01).max(0.5).default(0.1).meta({
      description: 'Share of the input the canary run processes (the blueprint: 5-10%).',
    }),
    sampleParameter: parameterKey.default('sample_fraction').meta({
      description: 'The notebook parameter that carries the sample fraction.',
    }),
    targets: z.record(parameterKey, z.string().min(1).max(4096)).default({}).meta({
      description:
        'Per write-target parameter, where the canary writes instead. Default: the value with `_canary` appended; never a target of any environment.',
    }),
    maxDurationRatio: z.number().min(1).max(20).default(1.5).meta({
      description:
        'The canary fails when its run takes longer than this times the median of recent successful runs.',
    }),
  })
  .optional()
  .meta({
    description:
      'Marks the workflow for canary releases: `npm run canary -- <env> --ref <branch>` runs it on the candidate code first (docs/RUNBOOK-operations.md).',
  });

const WORKFLOW = z
  .strictObject({
    name: name('a job key').meta({
      description: 'Key of the job; the job is named `<jobNamePrefix><name>`. Unique.',
    }),
    notebook: repoRelativePath.meta({
      description: "Notebook path relative to the repository root (the environment's Git folder).",
    }),
    description: visible(z.string().max(1000)).optional().meta({ description: 'What the workflow does.' }),
    schedule: scheduleSchema.optional().meta({ description: 'Default schedule; environments may override.' }),
    parameters: z
      .record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_.-]*$/), z.string().max(4096))
      .default({})
      .meta({
        description:
          'Notebook base parameters; values may reference `${env.name}`, `${env.catalog}`, `${env.schema}`, `${env.storageRoot}`. Secrets only as `{{secrets/<scope>/<key>}}`.',
      }),
    targetParameters: z
      .array(z.string().regex(/^[A-Za-z_][A-Za-z0-9_.-]*$/))
      .optional()
      .meta({
        description:
          'Parameters naming where the workflow writes (a catalog, schema, table or storage location): no two environments may write the same (guardrail DBX-D1). Default: the parameters whose key starts with target, output, dest or sink.',
      }),
    compute: z.string().default('job-cluster').meta({
      description:
        "`job-cluster` (a fresh job cluster from the environment's `jobCluster`) or the name of one of the environment's `clusters`.",
    }),
    maxRetries: z.number().int().min(0).max(10).default(1).meta({ description: 'Retries on failure.' }),
    minRetryIntervalMillis: z
      .number()
      .int()
      .min(0)
      .max(3_600_000)
      .default(60_000)
      .meta({ description: 'Wait between retries.' }),
    timeoutSeconds: positiveInt(7 * 24 * 3600)
      .default(3600 * 4)
      .meta({ description: 'A run is cancelled after this long.' }),
    runDurationWarningSeconds: positiveInt(7 * 24 * 3600)
      .optional()
      .meta({ description: 'Health rule: warn when a run takes longer. Default: half the timeout.' }),
    outputs: outputsSchema,
    slo: sloSchema,
    canary: canarySchema,
    group: name('a workflow group').optional().meta({
      description:
        'Workflow group: in an environment with `partitioning.enabled`, the job and its permissions go into the stack `<env>-jobs-<group>` (docs/partitioning.md). Ignored otherwise. Default: the core stack `<env>`.',
    }),
  })
  .meta({ description: 'A workflow notebook, deployed as one job per environment.' });

const GROUP_ROLES = ['admins', 'developers', 'releaseManagers', 'readers'] as const;
export type GroupRole = (typeof GROUP_ROLES)[number];

const groupName = z
  .string()
  .min(1)
  .max(100)
  .regex(
    /^[A-Za-z0-9][A-Za-z0-9 ._@+-]*$/,
    'a Databricks group name of ASCII letters, digits, spaces and . _ @ + - (lookalike Unicode letters are refused)',
  );

export const projectFileSchema = z
  .strictObject({
    project: z
      .strictObject({
        name: name('a project name').meta({
          description: 'Project name: prefix of every resource name (`<name>-<env>`).',
        }),
        costCentre: visible(z.string().min(1).max(64)).meta({
          description: 'Cost centre, written into the `cost_centre` tag of every cluster and job.',
        }),
        tags: z
          .record(z.string().regex(/^[A-Za-z][A-Za-z0-9_.-]{0,63}$/), visible(z.string().max(256)))
          .default({})
          .meta({ description: 'Extra tags for every cluster and job.' }),
      })
      .meta({ description: 'The project.' }),
    git: z
      .strictObject({
        url: z
          .url({ protocol: /^https$/ })
          .meta({ description: 'HTTPS URL of the Git repository the environments mount.' }),
        provider: z
          .enum(GIT_PROVIDERS)
          .optional()
          .meta({ description: 'Git provider. Default: inferred from the URL host.' }),
      })
      .meta({ description: 'The repository holding the notebooks.' }),
    groups: z
      .strictObject({
        admins: groupName.meta({ description: 'Platform administrators: CAN_MANAGE everywhere.' }),
        developers: groupName.meta({ description: 'Data engineers who build the workflows.' }),
        releaseManagers: groupName.meta({ description: 'People who promote and run releases.' }),
        readers: groupName.optional().meta({ description: 'Read-only audience (analysts, auditors).' }),
      })
      .meta({ description: 'Databricks account groups, by role.' }),
    workflows: z
      .array(WORKFLOW)
      .min(1)
      .max(5000)
      .meta({ description: 'Workflow notebooks; each becomes a job in every environment.' }),
    smokeTests: z
      .strictObject({
        notebooks: z.array(repoRelativePath).min(1).max(50).meta({ description: 'Smoke-test notebooks.' }),
        timeoutSeconds: positiveInt(24 * 3600)
          .default(1800)
          .meta({ description: 'Timeout of the smoke job.' }),
      })
      .meta({ description: 'The smoke-test job run after every deploy (the blueprint’s smoke layer).' }),
    notifications: z
      .strictObject({
        emails: z.array(z.email()).min(1).max(20).meta({ description: 'Who hears about failures.' }),
        slackDestinationId: z
          .uuid()
          .optional()
          .meta({ description: 'Id of an existing Databricks notification destination (e.g. Slack).' }),
      })
      .meta({ description: 'Failure notifications for every job.' }),
    backup: z
      .strictObject({
        tables: z
          .array(templated(UC_TABLE_NAME, 'a three-part Unity Catalog table name catalog.schema.table'))
          .min(1)
          .max(1000)
          .meta({ description: 'Critical Delta tables, `catalog.schema.table`.' }),
        targetCatalog: templated(UC_NAME, 'a catalog name').meta({
          description:
            'Catalog receiving the deep clones (`<targetCatalog>.<schema>.<table>`), e.g. `${env.catalog}_dr`; a write target, distinct per environment.',
        }),
        location: templated(STORAGE_URL, 'a cloud storage URL (s3://, gs:// or abfss://)').meta({
          description:
            'Storage location of the backup catalog (separate bucket), e.g. `${env.storageRoot}/dr`; a write target.',
        }),
        schedule: scheduleSchema.default({ cron: '0 30 1 * * ?', timezone: 'UTC' }),
      })
      .meta({ description: 'Daily Delta deep-clone backups (DR).' }),
    unityCatalogExport: z
      .strictObject({
        catalogs: z.array(templated(UC_NAME, 'a catalog name')).min(1).max(100).meta({
          description: 'Catalogs whose schemas, tables and grants are exported, e.g. `${env.catalog}`.',
        }),
        location: templated(STORAGE_URL, 'a cloud storage URL (s3://, gs:// or abfss://)').meta({
          description:
            'Where exports of schemas and grants are written, e.g. `${env.storageRoot}/uc-exports`; a write target.',
        }),
        schedule: scheduleSchema.default({ cron: '0 0 3 ? * SUN', timezone: 'UTC' }),
      })
      .meta({ description: 'Periodic export of Unity Catalog schemas and grants (DR).' }),
    observability: z
      .strictObject({
        enabled: z.boolean().default(true).meta({
          description:
            'Deploy the job-health warehouse, dashboard, SLO alerts and alert job in every environment.',
        }),
        warehouse: z
          .strictObject({
            size: z.enum(WAREHOUSE_SIZES).default('2X-Small').meta({ description: 'Warehouse size.' }),
            autoStopMinutes: z
              .number()
              .int()
              .min(10)
              .max(24 * 60)
              .default(10)
              .meta({
                description: 'Idle minutes before the warehouse stops (the API takes 10 or more).',
              }),
            serverless: z.boolean().default(true).meta({
              description: 'A serverless (PRO) warehouse; false where the workspace has no serverless SQL.',
            }),
          })
          .default({ size: '2X-Small', autoStopMinutes: 10, serverless: true })
          .meta({ description: 'The SQL warehouse the dashboard and alerts run on.' }),
        alertSchedule: scheduleSchema
          .default({ cron: '0 0 * * * ?', timezone: 'UTC' })
          .meta({ description: 'When the alert job evaluates the SLO alerts (paused where schedules are).' }),
      })
      .default({
        enabled: true,
        warehouse: { size: '2X-Small', autoStopMinutes: 10, serverless: true },
        alertSchedule: { cron: '0 0 * * * ?', timezone: 'UTC' },
      })
      .meta({
        description:
          'Job-health dashboards and SLO alerts from the jobs system tables (docs/RUNBOOK-operations.md).',
      }),
    securityScan: z
      .strictObject({
        schedule: scheduleSchema.default({ cron: '0 0 6 ? * MON', timezone: 'UTC' }),
        disallowedLicenses: z
          .array(z.string().min(1).max(64))
          .default([...DEFAULT_DISALLOWED_LICENSES])
          .meta({ description: 'Licences that fail the scan.' }),
      })
      .default({
        schedule: { cron: '0 0 6 ? * MON', timezone: 'UTC' },
        disallowedLicenses: [...DEFAULT_DISALLOWED_LICENSES],
      })
      .meta({ description: 'Weekly pip-audit and licence scan of the lock on the cluster.' }),
    requirements: z
      .strictObject({
        dir: z
          .string()
          .min(1)
          .default('../requirements')
          .meta({ description: 'Requirements folder, relative to the config folder.' }),
        containerImages: z
          .partialRecord(
            z.enum(FLAVORS),
            z.strictObject({
              url: z
                .string()
                .regex(
                  /^[a-z0-9.-]+(:\d+)?\/[A-Za-z0-9._\/-]+(:[A-Za-z0-9._-]+|@sha256:[0-9a-f]{64})$/,
                  'an image reference registry/repository:tag (or @sha256:digest)',
                )
                .meta({
                  description: 'Databricks Container Services image with the pinned environment baked in.',
                }),
              basicAuth: z
                .strictObject({
                  username: secretReference,
                  password: secretReference,
                })
                .optional()
                .meta({
                  description:
                    'Registry credentials as `{{secrets/<scope>/<key>}}` references, never inline.',
                }),
            }),
          )
          .default({})
          .meta({
            description:
              'Per flavor, a container image (the blueprint’s containerized extension); clusters of that flavor get `docker_image`.',
          }),
      })
      .default({ dir: '../requirements', containerImages: {} })
      .meta({ description: 'The dependency workflow inputs (baseline, additions, combined, lock).' }),
    dataRepo: z
      .strictObject({
        localPath: z.string().min(1).max(1000).meta({
          description:
            'A local checkout of the data repository, relative to the config folder and inside the folder that holds it (e.g. `..` when `config/` lives in the data repository).',
        }),
      })
      .optional()
      .meta({
        description:
          'The data repository the Git folders mount. With it, synth checks its layout: one job per workflow notebook, every job notebook and smoke notebook present, nothing under `notebooks/eda` scheduled, no Databricks imports in `deep_project_core`.',
      }),
  })
  .meta({ description: '`project.yaml`: what every environment shares.' });

export type ProjectFile = z.infer<typeof projectFileSchema>;
export type WorkflowConfig = z.infer<typeof WORKFLOW>;
export type ScheduleConfig = z.infer<typeof scheduleSchema>;

const FLAVOR = z.enum(FLAVORS);

const clusterSize = {
  nodeTypeId: z
    .string()
    .regex(/^[A-Za-z0-9_.-]+$/, 'a node type id such as i3.xlarge')
    .meta({
      description: 'Worker node type.',
    }),
  numWorkers: z.number().int().min(0).max(1000).optional().meta({ description: 'Fixed size.' }),
  autoscale: z
    .strictObject({
      minWorkers: z.number().int().min(1).max(1000),
      maxWorkers: z.number().int().min(1).max(1000),
    })
    .refine((a) => a.minWorkers <= a.maxWorkers, {
      message: 'minWorkers at most maxWorkers',
      path: ['maxWorkers'],
    })
    .optional()
    .meta({ description: 'Autoscaling range; exclusive with numWorkers.' }),
  flavor: FLAVOR.default('standard').meta({
    description: 'Pinned environment flavor (requirements set): standard, ml or gpu.',
  }),
  accessMode: z.enum(ACCESS_MODES).default('SINGLE_USER').meta({
    description:
      'Access mode (`data_security_mode`), fixed by the cluster policy. `SINGLE_USER` (dedicated: Unity Catalog, the pinned init script from workspace files); standard (`USER_ISOLATION`) is not offered: its init scripts must be allowlisted per metastore. Job clusters are dedicated to the run-as identity.',
  }),
};

const oneSize = (c: { numWorkers?: number; autoscale?: unknown }) =>
  (c.numWorkers === undefined) !== (c.autoscale === undefined);
const ONE_SIZE = { message: 'exactly one of numWorkers or autoscale' };

const PERMISSION_LEVELS = {
  repo: z.enum(LEVELS.repo),
  clusters: z.enum(LEVELS.cluster),
  jobs: z.enum(LEVELS.job),
  clusterPolicies: z.enum(LEVELS.clusterPolicy),
  secrets: z.enum(SECRET_ACL_LEVELS),
};

const ACCESS = z
  .strictObject({
    repo: PERMISSION_LEVELS.repo.optional().meta({ description: 'On the Git folder.' }),
    clusters: PERMISSION_LEVELS.clusters.optional().meta({ description: 'On every all-purpose cluster.' }),
    jobs: PERMISSION_LEVELS.jobs.optional().meta({ description: 'On every job.' }),
    clusterPolicies: PERMISSION_LEVELS.clusterPolicies
      .optional()
      .meta({ description: 'On the cluster policies.' }),
    secrets: PERMISSION_LEVELS.secrets.optional().meta({ description: 'On the secret scope.' }),
  })
  .meta({ description: 'Permission levels of one group role.' });
export type AccessConfig = z.infer<typeof ACCESS>;

const STATE_BACKEND = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('local'),
    path: z.string().min(1).optional().meta({
      description:
        'State file. Default: `.state/<env>.tfstate` in the project (or `$DEVOPS_STATE_DIR/<env>.tfstate`).',
    }),
  }),
  z.strictObject({
    type: z.literal('pg'),
    schemaName: z
      .string()
      .regex(/^[a-z_][a-z0-9_]{0,62}$/, 'a PostgreSQL schema name (lowercase letters, digits, _)')
      .optional()
      .meta({
        description:
          "PostgreSQL schema holding this environment's state (Terraform's `pg` backend, advisory locks). Default: `tfstate_<env>` (dashes as underscores). The connection comes from the environment only: `PG_CONN_STR`, or libpq's `PGHOST`, `PGPORT`, `PGUSER`, `PGPASSWORD`, `PGDATABASE`, `PGSSLMODE`.",
      }),
    connStr: z
      .undefined({
        error:
          'a connection string never goes in config (it holds a password): remove connStr and set PG_CONN_STR (or PGHOST, PGUSER, PGPASSWORD, ...) in the environment',
      })
      .optional()
      .meta({ description: 'Refused: the connection comes from PG_CONN_STR or the PG* variables.' }),
  }),
  z.strictObject({
    type: z.literal('s3'),
    bucket: z.string().min(3).max(63),
    key: z.string().min(1),
    region: z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d$/, 'an AWS region such as eu-west-1'),
    dynamodbTable: z.string().min(1).optional(),
    encrypt: z.boolean().default(true),
  }),
  z.strictObject({
    type: z.literal('azurerm'),
    resourceGroupName: z.string().min(1),
    storageAccountName: z
      .string()
      .regex(/^[a-z0-9]{3,24}$/, 'a storage account name (3-24 lowercase letters/digits)'),
    containerName: z.string().min(3).max(63),
    key: z.string().min(1),
  }),
  z.strictObject({
    type: z.literal('gcs'),
    bucket: z.string().min(3).max(222),
    prefix: z.string().min(1),
  }),
  z.strictObject({
    type: z.literal('cloud'),
    organization: z.string().min(1),
    workspace: z.string().min(1).meta({ description: 'HCP Terraform workspace name.' }),
    hostname: z.string().default('app.terraform.io'),
  }),
]);
export type StateBackendConfig = z.infer<typeof STATE_BACKEND>;

/**
 * `plan.previewMaxStalenessHours` by tier: dev and staging 26 (the nightly drift job's full refresh, every 24 h,
 * plus 2 h for a slow run), prod 12 (only in the half day after it).
 */
export const DEFAULT_PREVIEW_MAX_STALENESS_HOURS: Readonly<Record<(typeof TIERS)[number], number>> = {
  dev: 26,
  staging: 26,
  prod: 12,
};

/** The kinds `protected` accepts: stacks/protected-kinds.ts's table. */
export const PROTECTABLE = PROTECTED_KIND_NAMES;
export type Protectable = ProtectedKind;

export const environmentFileSchema = z
  .strictObject({
    tier: z.enum(TIERS).optional().meta({
      description:
        'How strict the environment is (dev, staging or prod): decides policy packs, destroy-guard and schedule defaults, run-as rules. Default: the file name for dev.yaml, staging.yaml and prod.yaml; required for any other name.',
    }),
    workspace: z
      .strictObject({
        host: z
          .url({ protocol: /^https?$/ })
          .meta({ description: 'Workspace URL. Credentials come from the environment, never from config.' }),
        id: z
          .string()
          .regex(/^\d{1,20}$/, 'the numeric workspace id (the `o=` number in the workspace URL)')
          .optional()
          .meta({
            description:
              'Numeric workspace id: the SLO queries filter the account-wide system tables by it. Default: runs matched by job id alone.',
          }),
      })
      .meta({ description: 'The Databricks workspace of this environment.' }),
    provider: z
      .strictObject({
        rateLimit: z
          .number()
          .int()
          .min(1)
          .max(1000)
          .default(DEFAULT_PROVIDER_RATE_LIMIT)
          .meta({
            description: `Requests per second the Databricks provider sends to the workspace (its \`rate_limit\`); a 429 is retried with backoff, never hammered. Default: ${DEFAULT_PROVIDER_RATE_LIMIT}, the lowest documented workspace limit of an endpoint a deploy calls (Jobs create); the provider's own default is 15.`,
          }),
      })
      .default({ rateLimit: DEFAULT_PROVIDER_RATE_LIMIT })
      .meta({ description: 'Settings of the Databricks provider for this environment.' }),
    plan: z
      .strictObject({
        previewMaxStalenessHours: z
          .number()
          .min(0)
          .max(168)
          .optional()
          .meta({
            description: `How old the last full refresh of this environment's state may be for \`npm run plan -- <env> --preview\` (pull requests) to plan without refresh (\`-refresh=false\`); 0 always refreshes. Default by tier: ${TIERS.map((t) => `${t} ${DEFAULT_PREVIEW_MAX_STALENESS_HOURS[t]}`).join(', ')}. See docs/plan-preview.md.`,
          }),
      })
      .optional()
      .meta({ description: 'How `npm run plan` plans this environment.' }),
    git: z
      .strictObject({
        branch: gitRef.optional().meta({ description: 'Branch the Git folder tracks (dev: main).' }),
        tag: gitRef.optional().meta({ description: 'Tag the Git folder is checked out at.' }),
        devBranchReason: visible(z.string().min(20).max(500)).optional().meta({
          description:
            'Why an environment of the prod tier tracks the branch a dev environment tracks (refused without a reason of at least 20 characters).',
        }),
      })
      .refine((g) => (g.branch === undefined) !== (g.tag === undefined), {
        message: 'exactly one of branch or tag',
      })
      .meta({ description: 'The ref this environment runs (staging: release/x.y-RC, prod: release/x.y).' }),
    mount: z
      .strictObject({
        owner: z
          .string()
          .regex(/^[A-Za-z0-9][A-Za-z0-9._@+-]*$/, 'a user name or folder name without "/" or spaces')
          .meta({
            description: 'Folder under /Repos holding the Git folder (usually the deploying principal).',
          }),
        name: name('a Git folder name')
          .optional()
          .meta({ description: 'Git folder name. Default: `<project>-<env>`.' }),
      })
      .meta({ description: 'Where the Git folder lives: `/Repos/<owner>/<name>`.' }),
    jobNamePrefix: visible(z.string().min(1).max(32)).meta({
      description:
        'Prefix of every job name, e.g. `Dev – `. Environments sharing a workspace need prefixes that look different (compared after Unicode NFKC and look-alike folding); invisible, control and bidi characters are refused.',
    }),
    runAs: z
      .strictObject({
        servicePrincipal: z
          .uuid()
          .optional()
          .meta({ description: 'Application id of the service principal jobs run as.' }),
        userName: z.email().optional().meta({ description: 'User jobs run as (dev only).' }),
      })
      .refine((r) => !(r.servicePrincipal && r.userName), {
        message: 'at most one of servicePrincipal or userName',
      })
      .optional()
      .meta({ description: 'Identity jobs run as. Default: the deploying identity.' }),
    schedulesPaused: z
      .boolean()
      .optional()
      .meta({ description: 'Pause every schedule. Default: true in the dev tier, false elsewhere.' }),
    clusters: z
      .array(
        z
          .strictObject({
            name: name('a cluster key').meta({
              description: 'Key; the cluster is named `<project>-<env>-<name>`.',
            }),
            ...clusterSize,
            autoterminationMinutes: z
              .number()
              .int()
              .min(10)
              .max(10_000)
              .default(30)
              .meta({ description: 'Idle minutes before the cluster stops.' }),
            singleUserName: z.union([z.uuid(), z.email()]).optional().meta({
              description:
                "User (e-mail) or service principal (application id) the dedicated cluster is assigned to: only it can attach, and the init script runs as it. Default: the environment's runAs; one of the two is required.",
            }),
          })
          .refine(oneSize, ONE_SIZE),
      )
      .max(100)
      .default([])
      .meta({ description: 'All-purpose clusters of this environment.' }),
    jobCluster: z
      .strictObject(clusterSize)
      .refine(oneSize, ONE_SIZE)
      .meta({ description: 'Shape of the job clusters workflows run on.' }),
    policy: z
      .strictObject({
        allowedNodeTypes: z
          .array(z.string().regex(/^[A-Za-z0-9_.-]+$/))
          .min(1)
          .max(50)
          .meta({ description: 'Node types clusters may use.' }),
        maxWorkers: z.number().int().min(1).max(1000).meta({ description: 'Upper bound on workers.' }),
        maxAutoterminationMinutes: z
          .number()
          .int()
          .min(10)
          .max(10_000)
          .default(120)
          .meta({ description: 'Upper bound on autotermination of all-purpose clusters.' }),
      })
      .meta({ description: 'The cluster policy of this environment (one per flavor).' }),
    access: z
      .partialRecord(z.enum(GROUP_ROLES), ACCESS)
      .default({})
      .meta({ description: 'Per group role, its permission levels. Admins always get CAN_MANAGE.' }),
    workflows: z
      .record(
        z.string(),
        z.strictObject({
          schedule: scheduleSchema.optional(),
          paused: z.boolean().optional(),
          parameters: z
            .record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_.-]*$/), z.string().max(4096))
            .optional()
            .meta({
              description:
                "Parameters replacing the project's for this environment (may use `${env.<key>}`).",
            }),
          maxConcurrentRuns: z.number().int().min(1).max(100).optional(),
        }),
      )
      .default({})
      .meta({ description: 'Per workflow name, environment overrides.' }),
    maxConcurrentRuns: z
      .number()
      .int()
      .min(1)
      .max(100)
      .default(1)
      .meta({ description: 'Default concurrent runs per job.' }),
    data: z
      .strictObject({
        catalog: z.string().regex(UC_NAME, 'a catalog name').optional().meta({
          description: 'Unity Catalog catalog this environment writes (`${env.catalog}`).',
        }),
        schema: z.string().regex(UC_NAME, 'a schema name').optional().meta({
          description: 'Default schema (`${env.schema}`).',
        }),
        storageRoot: z
          .string()
          .regex(STORAGE_URL, 'a cloud storage URL (s3://, gs:// or abfss://)')
          .optional()
          .meta({
            description: 'Root of the storage locations this environment writes (`${env.storageRoot}`).',
          }),
        readOnlyInputs: z
          .array(
            z
              .string()
              .regex(
                /^([A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*){0,2}|(s3|gs|abfss):\/\/\S+)$/,
                'a Unity Catalog name or storage URL',
              ),
          )
          .max(100)
          .default([])
          .meta({
            description:
              "Data read from elsewhere, never written (e.g. staging reading prod's `prod.sales`): a job writing there is refused (DBX-D1).",
          }),
        backupTargetCatalog: templated(UC_NAME, 'a catalog name').optional().meta({
          description: 'Overrides project backup.targetCatalog for this environment.',
        }),
        backupLocation: templated(STORAGE_URL, 'a cloud storage URL (s3://, gs:// or abfss://)')
          .optional()
          .meta({
            description: 'Overrides project backup.location for this environment.',
          }),
        exportLocation: templated(STORAGE_URL, 'a cloud storage URL (s3://, gs:// or abfss://)')
          .optional()
          .meta({
            description: 'Overrides project unityCatalogExport.location for this environment.',
          }),
      })
      .default({ readOnlyInputs: [] })
      .meta({
        description:
          "The environment's data namespace: what `${env.<key>}` in project settings resolves to, and what it only reads.",
      }),
    stateBackend: STATE_BACKEND.default({ type: 'local' }).meta({
      description: 'Where Terraform keeps state.',
    }),
    partitioning: z
      .strictObject({
        enabled: z.boolean().default(false).meta({
          description:
            'Synthesize the environment as a core stack `<env>` plus one stack `<env>-jobs-<group>` per workflow group, each with its own state; plan and deploy then skip the stacks whose synthesized content is unchanged since their last apply.',
        }),
        maxStalenessHours: z
          .number()
          .min(0)
          .max(24 * 30)
          .default(24)
          .meta({
            description:
              'A stack skipped as unchanged is planned anyway (a full refresh, catching drift) once its last refresh is older than this.',
          }),
      })
      .optional()
      .meta({
        description:
          'Partitioning of a large environment into several stacks (docs/partitioning.md; local and pg state backends). Default: off, one stack `<env>`.',
      }),
    suppressions: suppressionsSchema,
    protected: z.array(z.enum(PROTECTABLE)).optional().meta({
      description:
        'Resource kinds guarded against destroy. Default in the prod tier: repoMount, secretScope, backupJob, unityCatalogExportJob.',
    }),
  })
  .meta({ description: '`<env>.yaml`: one environment.' });

export type EnvironmentFile = z.infer<typeof environmentFileSchema>;
