import * as fs from 'node:fs';
import * as path from 'node:path';
import { Document, isScalar, parseDocument } from 'yaml';
import type { z } from 'zod';
import { ConfigError, ConfigIssue, formatPath } from './config-error';
import {
  EnvironmentFile,
  environmentFileSchema,
  ProjectFile,
  projectFileSchema,
  Protectable,
} from './schema';
import { inferGitProvider } from '../../lib/git-provider';
import { zodIssueMessage } from './zod-issue-message';
import { rawTextProblems } from './raw-text-checks';
import { decodeUtf8 } from '../../lib/text/decode-utf8';
import { EnvironmentValues, resolveEnvironmentValues } from './environment-values';
import {
  checkProdRef,
  checkRunAs,
  checkSharedPrincipals,
  checkSharedWorkspaces,
  Report,
} from './isolation-checks';
import { checkPartitioning } from './partitioning-checks';
import {
  isObjectInternalName,
  JOB_CLUSTER_COMPUTE,
  RESERVED_JOB_KEYS,
  SECURITY_SCAN_JOB_KEY_PREFIX,
  Tier,
  TIERS,
} from '../../lib/vocabulary';
import { PROJECT_PATHS } from '../paths/project-paths';

/** Config files larger than this are refused before parsing (a config is a few kB). */
export const MAX_CONFIG_BYTES = 1024 * 1024;
/** YAML alias expansions allowed per file: enough for reuse, too few for a "billion laughs" bomb. */
const MAX_ALIAS_COUNT = 50;
const PROJECT_FILE = 'project.yaml';
const ENV_NAME = /^[a-z][a-z0-9-]{0,19}$/;
const DEFAULT_PROTECTED_PROD: readonly Protectable[] = [
  'repoMount',
  'secretScope',
  'backupJob',
  'unityCatalogExportJob',
];

/** One environment, validated, with the defaults that depend on its tier filled in. */
export interface EnvironmentConfig extends Omit<EnvironmentFile, 'schedulesPaused' | 'protected' | 'tier'> {
  /** Environment name: the file name without `.yaml` (dev, staging, prod, ...). */
  readonly name: string;
  /** How strict the environment is: from `tier`, else the name of dev.yaml, staging.yaml or prod.yaml. */
  readonly tier: Tier;
  /** The file it came from, for messages. */
  readonly file: string;
  readonly schedulesPaused: boolean;
  readonly protected: readonly Protectable[];
  /** The project settings as this environment resolves them (`${env.<key>}` substituted, overrides applied). */
  readonly values: EnvironmentValues;
}

/** An environment as its file and name say, before the project's values are resolved for it. */
export type LoadedEnvironment = Omit<EnvironmentConfig, 'values'>;

/** The whole validated configuration. */
export interface ProjectConfig extends ProjectFile {
  /** `project.yaml` as the user would type it, for messages. */
  readonly file: string;
  /** Absolute path of the config directory. */
  readonly configDir: string;
  /** Absolute path of the requirements directory. */
  readonly requirementsDir: string;
  /** Environments in promotion order: by tier (dev, staging, prod), then by name. */
  readonly environments: readonly EnvironmentConfig[];
  /** Absolute (symlink-free) path of the data repository checkout, when `dataRepo.localPath` is set. */
  readonly dataRepoDir?: string;
}

/** The config directory: `$DEVOPS_CONFIG_DIR`, else `config/` beside this program. */
export function defaultConfigDir(env: NodeJS.ProcessEnv = process.env): string {
  return path.resolve(env.DEVOPS_CONFIG_DIR || PROJECT_PATHS.config);
}

/** A path as the user would type it: relative to the working directory when inside it. */
export function displayPath(file: string): string {
  const rel = path.relative(process.cwd(), file);
  return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : file;
}

function valueAt(data: unknown, keys: readonly PropertyKey[]): unknown {
  let value: unknown = data;
  for (const key of keys) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

/** A parsed config file: its data, the YAML document (for the text as written) and the fields already reported. */
interface ParsedFile {
  readonly data: unknown;
  readonly doc: Document;
  /** Paths whose problem was reported before the schema ran (the schema's issues there are dropped). */
  readonly reported: ReadonlySet<string>;
}

/**
 * Reads and parses one YAML file; every problem becomes a ConfigIssue, never an exception. Only
 * UTF-8 is read (see {@link decodeUtf8}); keys and text are checked before the schema
 * ({@link rawTextProblems}).
 */
function readYaml(file: string, issues: ConfigIssue[]): ParsedFile | undefined {
  const shown = displayPath(file);
  let text: string;
  try {
    const stat = fs.statSync(file);
    if (!stat.isFile()) {
      issues.push({ file: shown, path: '', message: 'expected a YAML file, found a directory' });
      return undefined;
    }
    if (stat.size > MAX_CONFIG_BYTES) {
      issues.push({
        file: shown,
        path: '',
        message: `expected a config file of at most ${MAX_CONFIG_BYTES} bytes, found ${stat.size} bytes`,
      });
      return undefined;
    }
    const decoded = decodeUtf8(fs.readFileSync(file));
    if ('error' in decoded) {
      issues.push({ file: shown, path: '', message: `the file ${decoded.error}` });
      return undefined;
    }
    text = decoded.text;
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOENT' ? 'the file does not exist' : code === 'EACCES' ? 'permission denied' : String(e);
    issues.push({ file: shown, path: '', message: `cannot read the file: ${why}` });
    return undefined;
  }
  if (text.trim() === '') {
    issues.push({ file: shown, path: '', message: 'expected a YAML mapping, found an empty file' });
    return undefined;
  }
  const doc = parseDocument(text, { uniqueKeys: true, prettyErrors: true, strict: true });
  if (doc.errors.length > 0) {
    for (const err of doc.errors) {
      const where = err.linePos?.[0] ? `line ${err.linePos[0].line}, column ${err.linePos[0].col}` : '';
      issues.push({ file: shown, path: where, message: `YAML syntax error: ${err.message.split('\n')[0]}` });
    }
    return undefined;
  }
  if (doc.contents === null) {
    issues.push({
      file: shown,
      path: '',
      message: 'expected a YAML mapping, found an empty file (only comments)',
    });
    return undefined;
  }
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (e) {
    issues.push({
      file: shown,
      path: '',
      message: `YAML aliases expand too much (${(e as Error).message}); write the values out instead`,
    });
    return undefined;
  }
  const reported = new Set<string>();
  for (const problem of rawTextProblems(data)) {
    issues.push({ file: shown, path: problem.path, message: problem.message });
    reported.add(problem.path);
  }
  return { data, doc, reported };
}

/** Whether `path` is `at` or a field inside it. */
function within(path: string, at: string): boolean {
  return path === at || path.startsWith(`${at}.`) || path.startsWith(`${at}[`);
}

/** How the value at `keys` was written, when YAML read it as a number (`1.10` for 1.1). */
function writtenNumber(doc: Document, keys: readonly PropertyKey[]): string | undefined {
  const node = doc.getIn(keys as unknown[], true);
  return isScalar(node) && typeof node.value === 'number' ? node.source : undefined;
}

function validate<T>(
  schema: z.ZodType<T>,
  parsed: ParsedFile | undefined,
  file: string,
  issues: ConfigIssue[],
): T | undefined {
  if (parsed === undefined) return undefined;
  const { data, doc, reported } = parsed;
  const result = schema.safeParse(data);
  if (result.success) return result.data;
  for (const issue of result.error.issues) {
    const at = formatPath(issue.path);
    if ([...reported].some((r) => within(at, r))) continue;
    issues.push({
      file: displayPath(file),
      path: at,
      message: zodIssueMessage(issue, valueAt(data, issue.path), writtenNumber(doc, issue.path)),
    });
  }
  return undefined;
}

function environmentOrder(a: EnvironmentConfig, b: EnvironmentConfig): number {
  return TIERS.indexOf(a.tier) - TIERS.indexOf(b.tier) || a.name.localeCompare(b.name);
}

/** The tier an environment file declares, else the one its name implies (dev, staging, prod). */
function tierOf(name: string, declared: Tier | undefined): Tier | undefined {
  return declared ?? ((TIERS as readonly string[]).find((t) => t === name) as Tier | undefined);
}

/** The project's Git provider is set, or can be inferred from its URL. */
function checkGitProvider(project: ProjectFile, projectFile: string, report: Report): void {
  if (project.git.provider) return;
  try {
    inferGitProvider(project.git.url);
  } catch {
    report(
      projectFile,
      'git.provider',
      `expected a Git provider for ${new URL(project.git.url).hostname} (it cannot be inferred from the URL), found nothing; set e.g. gitHubEnterprise or gitLabEnterpriseEdition`,
    );
  }
}

/**
 * Workflow names are unique and not taken by a built-in job; run-duration warnings are below the
 * timeout. Returns each workflow name's index.
 */
function checkWorkflows(project: ProjectFile, projectFile: string, report: Report): Map<string, number> {
  const workflowNames = new Map<string, number>();
  project.workflows.forEach((w, i) => {
    if (RESERVED_JOB_KEYS.includes(w.name) || w.name.startsWith(SECURITY_SCAN_JOB_KEY_PREFIX)) {
      report(
        projectFile,
        `workflows[${i}].name`,
        `expected a name not used by a built-in job (${RESERVED_JOB_KEYS.join(', ')}, ${SECURITY_SCAN_JOB_KEY_PREFIX}<flavor>), found ${JSON.stringify(w.name)}`,
      );
    }
    const warning = w.runDurationWarningSeconds;
    if (warning !== undefined && warning >= w.timeoutSeconds) {
      report(
        projectFile,
        `workflows[${i}].runDurationWarningSeconds`,
        `expected less than the timeout (${w.timeoutSeconds}), found ${warning}`,
      );
    } else if (warning === undefined && w.timeoutSeconds < 2) {
      report(
        projectFile,
        `workflows[${i}].timeoutSeconds`,
        `expected at least 2 seconds (the default run-duration warning is half the timeout), found ${w.timeoutSeconds}`,
      );
    }
    const first = workflowNames.get(w.name);
    if (first !== undefined) {
      report(
        projectFile,
        `workflows[${i}].name`,
        `expected a unique workflow name, found ${JSON.stringify(w.name)} again (first at workflows[${first}])`,
      );
    } else workflowNames.set(w.name, i);
  });
  return workflowNames;
}

/** Cluster names are unique and clusters stay within the environment's autotermination limit. Returns the names. */
function checkClusterNames(env: LoadedEnvironment, report: Report): Set<string> {
  const clusterNames = new Set<string>();
  env.clusters.forEach((c, i) => {
    if (c.name === JOB_CLUSTER_COMPUTE) {
      report(
        env.file,
        `clusters[${i}].name`,
        `expected a cluster name other than "${JOB_CLUSTER_COMPUTE}" (the compute keyword for a fresh job cluster per run), found it; rename the cluster`,
      );
    } else if (clusterNames.has(c.name)) {
      report(
        env.file,
        `clusters[${i}].name`,
        `expected a unique cluster name, found ${JSON.stringify(c.name)} again`,
      );
    }
    clusterNames.add(c.name);
    if (c.autoterminationMinutes > env.policy.maxAutoterminationMinutes) {
      report(
        env.file,
        `clusters[${i}].autoterminationMinutes`,
        `expected at most policy.maxAutoterminationMinutes (${env.policy.maxAutoterminationMinutes}), found ${c.autoterminationMinutes}`,
      );
    }
  });
  return clusterNames;
}

/** Every cluster and the job cluster use an allowed node type and at most the allowed workers. */
function checkClusterSizes(env: LoadedEnvironment, report: Report): void {
  const sized: Array<[string, EnvironmentFile['jobCluster']]> = [
    ...env.clusters.map((c, i): [string, EnvironmentFile['jobCluster']] => [`clusters[${i}]`, c]),
    ['jobCluster', env.jobCluster],
  ];
  for (const [p, c] of sized) {
    if (!env.policy.allowedNodeTypes.includes(c.nodeTypeId)) {
      report(
        env.file,
        `${p}.nodeTypeId`,
        `expected one of policy.allowedNodeTypes (${env.policy.allowedNodeTypes.join(', ')}), found ${JSON.stringify(c.nodeTypeId)}`,
      );
    }
    const workers = c.autoscale?.maxWorkers ?? c.numWorkers ?? 0;
    if (workers > env.policy.maxWorkers) {
      report(
        env.file,
        `${p}.${c.autoscale ? 'autoscale.maxWorkers' : 'numWorkers'}`,
        `expected at most policy.maxWorkers (${env.policy.maxWorkers}), found ${workers}`,
      );
    }
  }
}

/** What an environment names exists: workflows' clusters, overridden workflows, roles with a group. */
function checkReferences(
  project: ProjectFile,
  env: LoadedEnvironment,
  refs: {
    projectFile: string;
    workflowNames: ReadonlyMap<string, number>;
    clusterNames: ReadonlySet<string>;
  },
  report: Report,
): void {
  const { projectFile, workflowNames, clusterNames } = refs;
  project.workflows.forEach((w, i) => {
    if (w.compute !== JOB_CLUSTER_COMPUTE && !clusterNames.has(w.compute)) {
      report(
        projectFile,
        `workflows[${i}].compute`,
        `expected "job-cluster" or a cluster defined in ${env.file} (${[...clusterNames].join(', ') || 'none'}), found ${JSON.stringify(w.compute)}`,
      );
    }
  });
  for (const key of Object.keys(env.workflows)) {
    if (!workflowNames.has(key)) {
      report(
        env.file,
        `workflows.${key}`,
        `expected the name of a workflow in ${projectFile} (${[...workflowNames.keys()].join(', ')}), found ${JSON.stringify(key)}`,
      );
    }
  }
  for (const role of Object.keys(env.access)) {
    if (project.groups[role as keyof ProjectFile['groups']] === undefined) {
      report(
        env.file,
        `access.${role}`,
        `expected a role that has a group in ${projectFile} groups, found ${JSON.stringify(role)}`,
      );
    }
  }
}

/**
 * Checks that need more than one field (or more than one file), over the files that passed the
 * schema: a broken file leaves out only the checks that need it, so the problems of the others
 * are reported in the same run. Without a valid project.yaml, only the environments' own checks run.
 */
function crossCheck(
  project: ProjectFile | undefined,
  envs: readonly LoadedEnvironment[],
  projectFile: string,
  report: Report,
) {
  const workflowNames = project ? checkWorkflows(project, projectFile, report) : undefined;
  if (project) checkGitProvider(project, projectFile, report);
  for (const env of envs) {
    const clusterNames = checkClusterNames(env, report);
    checkClusterSizes(env, report);
    if (project && workflowNames) {
      checkReferences(project, env, { projectFile, workflowNames, clusterNames }, report);
    }
    checkRunAs(env, report);
  }
  if (project) checkSharedWorkspaces(project, envs, report);
  if (project) checkPartitioning(project, envs, projectFile, report);
  checkSharedPrincipals(envs, report);
  checkProdRef(envs, report);
}

/**
 * Loads and validates the config directory: `project.yaml` plus one `<env>.yaml` per environment.
 * Throws a {@link ConfigError} listing every problem found (all files, all fields); never anything else.
 */
export function loadConfig(configDir: string = defaultConfigDir()): ProjectConfig {
  const dir = path.resolve(configDir);
  const shownDir = displayPath(dir);
  let entries: string[];
  try {
    if (!fs.statSync(dir).isDirectory()) {
      throw new ConfigError([
        {
          file: shownDir,
          path: '',
          message: 'expected a config directory, found a file (check DEVOPS_CONFIG_DIR)',
        },
      ]);
    }
    entries = fs.readdirSync(dir);
  } catch (e) {
    if (e instanceof ConfigError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    throw new ConfigError([
      {
        file: shownDir,
        path: '',
        message:
          code === 'ENOENT'
            ? 'the config directory does not exist (set DEVOPS_CONFIG_DIR to a folder holding project.yaml and <env>.yaml files)'
            : `cannot read the config directory: ${code ?? String(e)}`,
      },
    ]);
  }

  const issues: ConfigIssue[] = [];
  const projectPath = path.join(dir, PROJECT_FILE);
  const project = validate(projectFileSchema, readYaml(projectPath, issues), projectPath, issues);

  for (const f of entries.filter((e) => /\.ya?ml$/i.test(e) && !/\.ya?ml$/.test(e)).sort()) {
    issues.push({
      file: displayPath(path.join(dir, f)),
      path: '',
      message: `expected the extension .yaml in lower case (other extensions are not read, so this file would be ignored), found ${JSON.stringify(path.extname(f))}; rename it to ${JSON.stringify(`${path.basename(f, path.extname(f))}.yaml`)}`,
    });
  }
  const envFiles = entries.filter((f) => /\.ya?ml$/.test(f) && f !== PROJECT_FILE).sort();
  if (envFiles.length === 0) {
    issues.push({
      file: shownDir,
      path: '',
      message: 'expected at least one environment file such as dev.yaml, found none',
    });
  }
  const envs: LoadedEnvironment[] = [];
  const seen = new Map<string, string>();
  for (const f of envFiles) {
    const file = path.join(dir, f);
    const name = f.replace(/\.ya?ml$/, '');
    if (seen.has(name)) {
      issues.push({
        file: displayPath(file),
        path: '',
        message: `expected one file per environment, found ${name} defined again (already in ${seen.get(name)}); remove one of them`,
      });
      continue;
    }
    seen.set(name, f);
    if (!ENV_NAME.test(name) || isObjectInternalName(name)) {
      issues.push({
        file: displayPath(file),
        path: '',
        message: `expected an environment file name of lowercase letters, digits and '-' that is not a JavaScript object internal such as constructor (e.g. dev.yaml), found ${JSON.stringify(f)}; rename the file`,
      });
      continue;
    }
    const parsed = validate(environmentFileSchema, readYaml(file, issues), file, issues);
    if (!parsed) continue;
    const { tier: declaredTier, ...fields } = parsed;
    const tier = tierOf(name, declaredTier);
    if (!tier) {
      issues.push({
        file: displayPath(file),
        path: 'tier',
        message: `expected a tier (one of ${TIERS.join(', ')}) for an environment not named like one, found nothing; add e.g. \`tier: prod\``,
      });
      continue;
    }
    envs.push({
      ...fields,
      name,
      tier,
      file: displayPath(file),
      schedulesPaused: parsed.schedulesPaused ?? tier === 'dev',
      protected: parsed.protected ?? (tier === 'prod' ? DEFAULT_PROTECTED_PROD : []),
    });
  }
  const report: Report = (file, path, message) => issues.push({ file, path, message });
  const resolved: EnvironmentConfig[] = project
    ? envs.map((env) => ({
        ...env,
        values: resolveEnvironmentValues(project, env, displayPath(projectPath), report),
      }))
    : [];
  crossCheck(project, envs, displayPath(projectPath), report);
  const dataRepoDir = project?.dataRepo
    ? resolveDataRepo(dir, project.dataRepo.localPath, displayPath(projectPath), issues)
    : undefined;
  if (project) checkRequirementsDir(dir, project.requirements.dir, displayPath(projectPath), issues);
  if (issues.length > 0 || !project) throw new ConfigError(issues);

  resolved.sort(environmentOrder);
  return {
    ...project,
    file: displayPath(projectPath),
    configDir: dir,
    requirementsDir: path.resolve(dir, project.requirements.dir),
    environments: resolved,
    ...(dataRepoDir ? { dataRepoDir } : {}),
  };
}

/** `requirements.dir` names an existing folder (relative to the config folder); else an issue at that field. */
function checkRequirementsDir(
  configDir: string,
  dir: string,
  projectFile: string,
  issues: ConfigIssue[],
): void {
  const resolved = path.resolve(configDir, dir);
  const found = fs.statSync(resolved, { throwIfNoEntry: false });
  if (found?.isDirectory()) return;
  issues.push({
    file: projectFile,
    path: 'requirements.dir',
    message: `expected a folder (relative to the config folder) holding runtime-baseline.in and the flavors' requirements, found ${found ? 'a file' : 'nothing'} at ${JSON.stringify(dir)}; point it at the project's requirements folder`,
  });
}

/**
 * The data repository checkout of `dataRepo.localPath`: relative to the config folder, and, with
 * symlinks resolved, inside the folder that holds the config folder (the config never makes the
 * program read elsewhere on the machine).
 */
function resolveDataRepo(
  configDir: string,
  localPath: string,
  projectFile: string,
  issues: ConfigIssue[],
): string | undefined {
  const at = (message: string) => issues.push({ file: projectFile, path: 'dataRepo.localPath', message });
  if (path.isAbsolute(localPath)) {
    at('expected a path relative to the config folder (e.g. ..), found an absolute path');
    return undefined;
  }
  let real: string;
  let root: string;
  try {
    root = fs.realpathSync(path.dirname(configDir));
    real = fs.realpathSync(path.resolve(configDir, localPath));
  } catch {
    at(
      `expected an existing folder (a checkout of the data repository), found nothing at ${JSON.stringify(localPath)}; clone the repository there or fix the path`,
    );
    return undefined;
  }
  if (real !== root && !real.startsWith(root + path.sep)) {
    at(
      `expected a folder inside ${displayPath(root)} (the folder holding the config folder), found ${JSON.stringify(localPath)} outside it; move the config folder into the data repository or the checkout next to it`,
    );
    return undefined;
  }
  if (!fs.statSync(real).isDirectory()) {
    at(`expected a folder (a checkout of the data repository), found a file at ${JSON.stringify(localPath)}`);
    return undefined;
  }
  return real;
}
