import { z } from 'zod';
import { ConfigError, ConfigIssue } from './config/config-error';
import { zodIssueMessage } from './config/zod-issue-message';
import { defaultConfigDir, loadConfig, ProjectConfig } from './config/load-config';

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);
const noNul = (v: string) => !v.includes('\0');

/** The DEVOPS_* (and CDKTF_OUTDIR) variables synth reads, validated like config: each with its fix. */
const variables = {
  CDKTF_OUTDIR: z.string().min(1).refine(noNul, 'a folder path without NUL bytes, e.g. cdktf.out'),
  DEVOPS_WORKSPACE_HOST: z.string().refine((v) => {
    try {
      const url = new URL(v);
      const local = LOOPBACK.has(url.hostname);
      return (
        (url.protocol === 'https:' || (url.protocol === 'http:' && local)) &&
        !url.username &&
        !url.password &&
        !url.search &&
        !url.hash
      );
    } catch {
      return false;
    }
  }, 'a workspace URL such as https://adb-123.4.azuredatabricks.net (http only for localhost; no user, password, query or fragment)'),
  DEVOPS_PROVIDER_RETRY_TIMEOUT_SECONDS: z
    .string()
    .regex(/^\d{1,6}$/, 'a whole number of seconds such as 300')
    .transform(Number)
    .refine((n) => n >= 1 && n <= 86400, 'a number of seconds from 1 to 86400'),
  DEVOPS_STATE_DIR: z.string().refine(noNul, 'a folder path without NUL bytes'),
  DEVOPS_ENVIRONMENTS: z
    .string()
    .regex(
      /^\s*[a-z][a-z0-9-]{0,19}\s*(,\s*[a-z][a-z0-9-]{0,19}\s*)*$/,
      'comma-separated environment names such as dev,staging',
    )
    .transform((v) => v.split(',').map((s) => s.trim())),
  DEVOPS_ALLOW_DESTROY: z
    .string()
    .regex(
      /^\s*[a-z][a-z0-9_]*\.[A-Za-z_][A-Za-z0-9_-]*\s*(,\s*[a-z][a-z0-9_]*\.[A-Za-z_][A-Za-z0-9_-]*\s*)*$/,
      'comma-separated Terraform addresses such as databricks_job.Backup_Job_3D7CAD39',
    )
    .transform((v) => v.split(',').map((s) => s.trim())),
  DEVOPS_GIT_SHA: z.string().regex(/^[0-9a-f]{7,64}$/i, 'a git commit id (7 to 64 hex digits)'),
  DEVOPS_GIT_REF: z
    .string()
    .max(255)
    .regex(/^[A-Za-z0-9][A-Za-z0-9._/@+-]*$/, 'a git branch or tag name such as main or v1.2.0'),
};

/** The synth settings of the process environment, validated. */
export interface SynthEnvironment {
  readonly outdir: string;
  readonly workspaceHost?: string;
  readonly retryTimeoutSeconds?: number;
  readonly stateDir?: string;
  readonly environments?: readonly string[];
  /** Addresses whose protection (prevent_destroy, removed block) this synth lifts. */
  readonly allowDestroy?: readonly string[];
  readonly gitSha?: string;
  readonly gitRef?: string;
}

/**
 * Reads and validates the variables synth takes from the environment (unset or empty = default).
 * @throws ConfigError naming every bad variable, what it expects and what it found (redacted)
 */
export function synthEnvironment(env: NodeJS.ProcessEnv): SynthEnvironment {
  const issues: ConfigIssue[] = [];
  const read = <K extends keyof typeof variables>(name: K): z.output<(typeof variables)[K]> | undefined => {
    const raw = env[name];
    if (raw === undefined || raw === '') return undefined;
    const result = variables[name].safeParse(raw);
    if (result.success) return result.data as z.output<(typeof variables)[K]>;
    issues.push({
      file: `environment variable ${name}`,
      path: '',
      message: `${zodIssueMessage(result.error.issues[0], raw)}; fix or unset it`,
    });
    return undefined;
  };
  const settings: SynthEnvironment = {
    outdir: read('CDKTF_OUTDIR') ?? 'cdktf.out',
    workspaceHost: read('DEVOPS_WORKSPACE_HOST'),
    retryTimeoutSeconds: read('DEVOPS_PROVIDER_RETRY_TIMEOUT_SECONDS'),
    stateDir: read('DEVOPS_STATE_DIR'),
    environments: read('DEVOPS_ENVIRONMENTS'),
    allowDestroy: read('DEVOPS_ALLOW_DESTROY'),
    gitSha: read('DEVOPS_GIT_SHA'),
    gitRef: read('DEVOPS_GIT_REF'),
  };
  if (issues.length > 0) throw new ConfigError(issues);
  return settings;
}

/**
 * What synth needs from the process: the validated variables ({@link synthEnvironment}) and the
 * config they point at (`DEVOPS_CONFIG_DIR`). Both are always read, so a bad variable and a bad
 * config file are reported together.
 * @throws ConfigError listing the problems of the variables, then those of the config files
 */
export function synthInputs(env: NodeJS.ProcessEnv): { settings: SynthEnvironment; config: ProjectConfig } {
  const issues: ConfigIssue[] = [];
  const attempt = <T>(read: () => T): T | undefined => {
    try {
      return read();
    } catch (e) {
      if (!(e instanceof ConfigError)) throw e;
      issues.push(...e.issues);
      return undefined;
    }
  };
  const settings = attempt(() => synthEnvironment(env));
  const config = attempt(() => loadConfig(defaultConfigDir(env)));
  if (!settings || !config) throw new ConfigError(issues);
  return { settings, config };
}
