/**
 * fast-check arbitraries for configs: valid `project.yaml` and `<env>.yaml` objects, and ways to
 * break them. Valid configs stay inside what the loader accepts *and* what the stack can build.
 *
 * Valid also means compliant with the guardrail packs that `buildApp` applies (docs/guardrails.md):
 * prod grants no group CAN_MANAGE, staging and prod run as a service principal, at most 5
 * concurrent runs, no secret-looking parameters.
 *
 * Two limits keep generated configs clear of bugs already pinned by deterministic failing tests
 * (lift them once fixed): timeouts are at least 2 s and warnings are below the timeout
 * (test/unit/config/load-config.test.ts, "run-duration warning"), and group names never differ only
 * in punctuation (test/unit/secret-scope.test.ts).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { stringify } from 'yaml';
import { PROTECTABLE } from '../../app/config/schema';
import { Tier, TIERS } from '../../lib/vocabulary';
import { PROJECT_REQUIREMENTS } from './construct-fixture';
import { tempDir, YamlObject } from './config-dir';

const FLAVORS = ['standard', 'ml', 'gpu'] as const;
const NODE_TYPES = ['i3.xlarge', 'i3.2xlarge', 'm5d.large', 'Standard_DS3_v2'];
const CRONS = ['0 0 2 * * ?', '0 30 1 * * ?', '0 0 4 ? * SUN', '0 0/15 * * * ?', '0 0 6 ? * MON-FRI'];
const ZONES = ['UTC', 'Europe/Berlin', 'America/New_York', 'Asia/Kolkata'];

const LOWER = 'abcdefghijklmnopqrstuvwxyz';
const DIGITS = '0123456789';

/**
 * A string of `first` then `min`..`max` characters of `rest`, then `last` (when given). Built from
 * character lists because fc.stringMatching is slow (seconds for a few dozen configs).
 */
export function charsArb(
  first: string,
  rest: string,
  min: number,
  max: number,
  last?: string,
): fc.Arbitrary<string> {
  return fc
    .tuple(
      fc.constantFrom(...first),
      fc.array(fc.constantFrom(...rest), { minLength: min, maxLength: max }),
      last ? fc.constantFrom(...last) : fc.constant(''),
    )
    .map(([a, b, c]) => `${a}${b.join('')}${c}`);
}

/** A name as the schema wants it: lowercase letters, digits and '-', starting with a letter, 2-`maxLength` characters. */
export const nameArb = (maxLength = 20): fc.Arbitrary<string> =>
  charsArb(LOWER, `${LOWER}${DIGITS}-`, 0, maxLength - 2, `${LOWER}${DIGITS}`);

const scheduleArb = fc.record({ cron: fc.constantFrom(...CRONS), timezone: fc.constantFrom(...ZONES) });
const segmentArb = charsArb(`${LOWER}${DIGITS}_`, `${LOWER}${LOWER.toUpperCase()}${DIGITS}_-`, 0, 15);
const notebookArb = fc.array(segmentArb, { minLength: 1, maxLength: 4 }).map((s) => s.join('/'));

/** A valid workflow; `compute` is "job-cluster" or "shared" (a cluster every generated environment has). */
const workflowArb = (name: string) =>
  fc
    .record(
      {
        notebook: notebookArb,
        description: fc.string({ maxLength: 80 }),
        schedule: scheduleArb,
        // Plain parameters: a key like "token" with a random value would rightly trip the secret guardrail (DBX-S1).
        // A target parameter writes the environment's own data (DBX-D1): its value starts with ${env.name}.
        parameters: fc
          .dictionary(
            fc.constantFrom('day', 'source_path', 'target_schema', 'mode'),
            charsArb(LOWER, `${LOWER}${DIGITS}_/.`, 0, 20),
            { maxKeys: 3 },
          )
          .map((params) =>
            Object.fromEntries(
              Object.entries(params).map(([k, v]) => [k, k === 'target_schema' ? `\${env.name}_${v}` : v]),
            ),
          ),
        compute: fc.constantFrom('job-cluster', 'shared'),
        maxRetries: fc.integer({ min: 0, max: 10 }),
        timeoutSeconds: fc.integer({ min: 2, max: 7 * 24 * 3600 }),
        warnFraction: fc.option(fc.double({ min: 0, max: 0.99, noNaN: true }), { nil: undefined }),
      },
      { requiredKeys: ['notebook', 'timeoutSeconds', 'warnFraction'] },
    )
    .map(({ warnFraction, ...w }) => ({
      name,
      ...w,
      ...(warnFraction !== undefined
        ? { runDurationWarningSeconds: Math.max(1, Math.floor(w.timeoutSeconds * warnFraction)) }
        : {}),
    }))
    .filter(
      (w) => w.runDurationWarningSeconds === undefined || w.runDurationWarningSeconds < w.timeoutSeconds,
    );

/** A valid project.yaml object. */
export const projectArb: fc.Arbitrary<YamlObject> = fc
  .record({
    name: nameArb(24),
    costCentre: charsArb(`${LOWER}${DIGITS}`, `${LOWER}${DIGITS}-`, 0, 19),
    tags: fc.dictionary(charsArb(LOWER, `${LOWER}${DIGITS}_`, 0, 10), fc.string({ maxLength: 20 }), {
      maxKeys: 3,
    }),
    groupBase: charsArb(LOWER, `${LOWER}${DIGITS}`, 0, 10),
    readers: fc.boolean(),
    workflowNames: fc.uniqueArray(nameArb(16), { minLength: 1, maxLength: 4 }),
    smoke: fc.array(notebookArb, { minLength: 1, maxLength: 3 }),
    emails: fc.array(fc.constantFrom('oncall@acme.example', 'data@acme.example', 'x.y+z@example.org'), {
      minLength: 1,
      maxLength: 3,
    }),
    slack: fc.option(fc.uuid({ version: 4 }), { nil: undefined }),
    tables: fc.array(
      fc.tuple(...[0, 1, 2].map(() => charsArb(`${LOWER}_`, `${LOWER}_`, 0, 7))).map((p) => p.join('.')),
      { minLength: 1, maxLength: 4 },
    ),
    catalogs: fc.array(charsArb(`${LOWER}_`, `${LOWER}${DIGITS}_`, 0, 8), { minLength: 1, maxLength: 3 }),
    licences: fc.array(fc.constantFrom('GPL', 'AGPL', 'SSPL'), { maxLength: 3 }),
  })
  .chain((p) =>
    fc.tuple(...p.workflowNames.map(workflowArb)).map((workflows) => ({
      project: { name: p.name, costCentre: p.costCentre, tags: p.tags },
      git: { url: `https://github.com/acme/${p.name}.git` },
      groups: {
        admins: `${p.groupBase}-admins`,
        developers: `${p.groupBase}-developers`,
        releaseManagers: `${p.groupBase}-release`,
        ...(p.readers ? { readers: `${p.groupBase}-readers` } : {}),
      },
      workflows,
      smokeTests: { notebooks: p.smoke },
      notifications: { emails: p.emails, ...(p.slack ? { slackDestinationId: p.slack } : {}) },
      // Write targets per environment (guardrail DBX-D1), through ${env.name}.
      backup: {
        tables: p.tables,
        targetCatalog: '${env.name}_dr',
        location: 's3://dr-bucket/${env.name}/backup',
      },
      unityCatalogExport: { catalogs: p.catalogs, location: 'gs://dr-bucket/${env.name}/uc' },
      securityScan: { disallowedLicenses: p.licences },
      requirements: { dir: PROJECT_REQUIREMENTS },
    })),
  );

const sizeArb = (maxWorkers: number) =>
  fc.oneof(
    fc.integer({ min: 0, max: maxWorkers }).map((numWorkers) => ({ numWorkers })),
    fc
      .tuple(fc.integer({ min: 1, max: maxWorkers }), fc.integer({ min: 1, max: maxWorkers }))
      .map(([a, b]) => ({ autoscale: { minWorkers: Math.min(a, b), maxWorkers: Math.max(a, b) } })),
  );

/** Permission levels of one role; in prod no group but the admins may hold CAN_MANAGE (guardrail DBX-P1). */
const levelsArb = (prod: boolean) => {
  const manage = (levels: string[]) => (prod ? levels.filter((l) => l !== 'CAN_MANAGE') : levels);
  return fc.record(
    {
      repo: fc.constantFrom(...manage(['CAN_READ', 'CAN_RUN', 'CAN_EDIT', 'CAN_MANAGE'])),
      clusters: fc.constantFrom(...manage(['CAN_ATTACH_TO', 'CAN_RESTART', 'CAN_MANAGE'])),
      jobs: fc.constantFrom(...manage(['CAN_VIEW', 'CAN_MANAGE_RUN', 'CAN_MANAGE'])),
      clusterPolicies: fc.constant('CAN_USE'),
      secrets: fc.constantFrom('READ', 'WRITE', 'MANAGE'),
    },
    { requiredKeys: [] },
  );
};

const backendArb = fc.oneof(
  fc.constant({ type: 'local' }),
  fc.constant({ type: 's3', bucket: 'tf-state', key: 'x.tfstate', region: 'eu-west-1' }),
  fc.constant({ type: 'gcs', bucket: 'tf-state', prefix: 'x' }),
);

/** A valid `<env>.yaml` object for environment `name` (unique prefix and Git folder per name). */
export const environmentArb = (name: string, hasReaders: boolean): fc.Arbitrary<YamlObject> =>
  ((TIERS as readonly string[]).includes(name)
    ? fc.constant({ tier: name as Tier, declared: false })
    : fc.constantFrom(...TIERS).map((tier) => ({ tier, declared: true }))
  ).chain(({ tier, declared }) => tieredEnvironmentArb(name, tier, declared, hasReaders));

const tieredEnvironmentArb = (
  name: string,
  tier: Tier,
  declareTier: boolean,
  hasReaders: boolean,
): fc.Arbitrary<YamlObject> =>
  fc
    .record({
      sameHost: fc.boolean(),
      branch: fc
        .tuple(
          charsArb(LOWER, `${LOWER}${DIGITS}`, 0, 7),
          fc.option(fc.tuple(fc.nat(20), fc.nat(20)).map(([a, b]) => `${a}.${b}`)),
        )
        .map(([a, b]) => (b ? `${a}/${b}` : a)),
      useTag: fc.boolean(),
      allowed: fc.subarray(NODE_TYPES, { minLength: 1 }),
      maxWorkers: fc.integer({ min: 1, max: 20 }),
      maxAuto: fc.integer({ min: 10, max: 240 }),
      flavors: fc.array(fc.constantFrom(...FLAVORS), { minLength: 2, maxLength: 3 }),
      // Staging and prod jobs run as a service principal (guardrail DBX-J1).
      runAs:
        tier !== 'dev'
          ? fc.uuid({ version: 4 }).map((servicePrincipal) => ({ servicePrincipal }))
          : fc.oneof(
              fc.constant(undefined),
              fc.uuid({ version: 4 }).map((servicePrincipal) => ({ servicePrincipal })),
              fc.constant({ userName: 'deployer@acme.example' }),
            ),
      schedulesPaused: fc.option(fc.boolean(), { nil: undefined }),
      protected: fc.option(fc.subarray([...PROTECTABLE]), { nil: undefined }),
      access: fc.record(
        {
          developers: levelsArb(tier === 'prod'),
          releaseManagers: levelsArb(tier === 'prod'),
          readers: levelsArb(tier === 'prod'),
        },
        { requiredKeys: [] },
      ),
      maxConcurrentRuns: fc.integer({ min: 1, max: 5 }), // at most 5 without a suppression (DBX-J4)
      stateBackend: backendArb,
      extraCluster: fc.boolean(),
    })
    .chain((e) =>
      fc
        .tuple(
          sizeArb(e.maxWorkers),
          sizeArb(e.maxWorkers),
          sizeArb(e.maxWorkers),
          fc.integer({ min: 10, max: e.maxAuto }),
          fc.constantFrom(...e.allowed),
        )
        .map(([shared, extra, job, auto, nodeTypeId]) => {
          const { readers, ...roles } = e.access;
          return {
            ...(declareTier ? { tier } : {}),
            workspace: {
              host: e.sameHost
                ? 'https://dbc-1.cloud.databricks.com'
                : `https://dbc-${name}.cloud.databricks.com`,
            },
            git: e.useTag ? { tag: `v1.${e.branch.length}` } : { branch: e.branch },
            mount: { owner: 'deployer@acme.example', name: `mount-${name}` },
            jobNamePrefix: `${name.toUpperCase()} – `,
            ...(e.runAs ? { runAs: e.runAs } : {}),
            ...(e.schedulesPaused !== undefined ? { schedulesPaused: e.schedulesPaused } : {}),
            clusters: [
              {
                name: 'shared',
                flavor: e.flavors[0],
                nodeTypeId,
                autoterminationMinutes: auto,
                ...shared,
                // A dedicated cluster needs someone to be assigned to when there is no run-as.
                ...(e.runAs ? {} : { singleUserName: 'deployer@acme.example' }),
              },
              ...(e.extraCluster
                ? [
                    {
                      name: 'extra',
                      flavor: e.flavors[1],
                      nodeTypeId,
                      ...extra,
                      ...(e.runAs ? {} : { singleUserName: 'deployer@acme.example' }),
                    },
                  ]
                : []),
            ].map((c) =>
              c.name === 'extra' && e.maxAuto < 30 ? { ...c, autoterminationMinutes: e.maxAuto } : c,
            ),
            jobCluster: { flavor: e.flavors[e.flavors.length - 1], nodeTypeId, ...job },
            policy: {
              allowedNodeTypes: e.allowed,
              maxWorkers: e.maxWorkers,
              maxAutoterminationMinutes: e.maxAuto,
            },
            access: { ...roles, ...(hasReaders && readers ? { readers } : {}) },
            maxConcurrentRuns: e.maxConcurrentRuns,
            stateBackend: e.stateBackend,
            ...(e.protected ? { protected: e.protected } : {}),
            // The project's example locks have no hashes: staging and prod suppress DBX-C6, as config/ does.
            ...(tier !== 'dev'
              ? {
                  suppressions: [
                    ...new Set([
                      e.flavors[0],
                      ...(e.extraCluster ? [e.flavors[1]] : []),
                      e.flavors[e.flavors.length - 1],
                    ]),
                  ].map((flavor) => ({
                    path: `Pinned/${flavor}`,
                    rule: 'DBX-C6',
                    reason: 'The example locks have no hashes; real projects re-lock with --generate-hashes.',
                  })),
                }
              : {}),
          };
        }),
    );

/** A whole valid config: the project and one to three environments. */
export const configArb: fc.Arbitrary<{ project: YamlObject; environments: Record<string, YamlObject> }> = fc
  .tuple(projectArb, fc.subarray(['dev', 'staging', 'prod', 'qa'], { minLength: 1, maxLength: 3 }))
  .chain(([project, names]) =>
    fc
      .tuple(...names.map((n) => environmentArb(n, project.groups.readers !== undefined)))
      .map((envs) => ({ project, environments: Object.fromEntries(names.map((n, i) => [n, envs[i]])) })),
  );

/** Writes a generated config into a fresh `<tmp>/config` and returns the folder. */
export function writeConfig(config: {
  project: YamlObject;
  environments: Record<string, YamlObject>;
}): string {
  const dir = path.join(tempDir('devops-prop-'), 'config');
  fs.mkdirSync(dir);
  fs.writeFileSync(path.join(dir, 'project.yaml'), stringify(config.project));
  for (const [name, env] of Object.entries(config.environments)) {
    fs.writeFileSync(path.join(dir, `${name}.yaml`), stringify(env));
  }
  return dir;
}
