import * as fs from 'node:fs';
import * as path from 'node:path';
import { App, ISynthesisSession, TerraformStack } from 'cdktf';
import { ConfigError, ConfigIssue } from './config/config-error';
import { displayPath, ProjectConfig } from './config/load-config';
import { checkDataRepoLayout } from './data-repo/data-repo-layout';
import { applyGuardrails, errorAnnotations, PolicyViolationError } from './policy/guardrails';
import { scanSynthOutput, SecretScanError } from '../lib/text/secret-scan';
import { configOrigins } from './config/config-origin';
import { assertReplaceableOutdir, markOutdir } from './synth-outdir';
import { ProviderLockSource, writeProviderLocks } from './provider-lock';
import { StackAssets, WorkspaceStack, WorkspaceStackProps } from '../stacks/workspace-stack';
import { readLedger, updateLedger, writeLedger } from './protected-ledger';
import { WorkflowGroupStack } from '../stacks/workflow-group-stack';
import { MonitoringStack } from '../stacks/monitoring-stack';
import {
  groupStackName,
  PARTITIONS_FILE,
  PartitionManifest,
  partitionLayout,
  workflowsByGroup,
} from '../stacks/partition-layout';
import { PROJECT_PATHS } from './paths/project-paths';

/** This program's files every stack uploads. */
export const PROGRAM_ASSETS: StackAssets = {
  notebooksDir: PROJECT_PATHS.notebooks,
  initScriptTemplate: PROJECT_PATHS.initScriptTemplate,
};

/** Settings that come from the process environment rather than from config. */
export interface SynthOptions {
  /** Final output folder (cdktf's `CDKTF_OUTDIR`). */
  readonly outdir: string;
  readonly deployment?: WorkspaceStackProps['deployment'];
  /** `DEVOPS_WORKSPACE_HOST`: every environment targets this host (e.g. the local emulator). */
  readonly workspaceHost?: string;
  /** `DEVOPS_PROVIDER_RETRY_TIMEOUT_SECONDS`. */
  readonly retryTimeoutSeconds?: number;
  /** `DEVOPS_STATE_DIR`: local state files become `<dir>/<env>.tfstate`. */
  readonly stateDir?: string;
  /** Only these environments. @default - all */
  readonly environments?: readonly string[];
  /**
   * The mirrored provider (`.tools/toolchain.json`): each stack folder gets a `.terraform.lock.hcl`
   * for it, so cdktf's diff/deploy/destroy never lock providers against the public registry.
   * @default - no lock file (before `npm run setup:terraform`)
   */
  readonly providerLock?: ProviderLockSource;
  /** `DEVOPS_ALLOW_DESTROY`: addresses whose protection this synth lifts. @default [] */
  readonly allowDestroy?: readonly string[];
  /**
   * Read the config folder's protected-resources ledger (`protected-resources.json`) and write it back
   * with what this synth protects (as `npm run synth` and `cdktf synth` do).
   * @default false
   */
  readonly keepLedger?: boolean;
}

/**
 * Builds the App with one {@link WorkspaceStack} per environment, synthesizing into `outdir`.
 * Every stack is put under policy (docs/guardrails.md): the packs for its environment and the
 * suppressions of its config file. With `dataRepo` set, the data repository's layout is checked too.
 * @throws ConfigError when a configured suppression names an unknown rule or a path that matches
 *   nothing, or the data repository breaks the layout (every problem at once)
 */
export function buildApp(config: ProjectConfig, options: SynthOptions, outdir: string): App {
  const app = new App({ outdir, skipValidation: false });
  const wanted = options.environments;
  const issues: ConfigIssue[] = checkDataRepoLayout(config);
  const ledger = options.keepLedger ? readLedger(config.configDir) : {};
  for (const environment of config.environments) {
    if (wanted && !wanted.includes(environment.name)) continue;
    const foundation = {
      project: config,
      environment,
      workspaceHost: options.workspaceHost,
      retryTimeoutSeconds: options.retryTimeoutSeconds,
      localStateFile: options.stateDir
        ? path.resolve(options.stateDir, `${environment.name}.tfstate`)
        : undefined,
      allowDestroy: options.allowDestroy,
    };
    const stack = new WorkspaceStack(app, environment.name, {
      ...foundation,
      assets: PROGRAM_ASSETS,
      deployment: options.deployment,
      stackOutdir: path.join(options.outdir, 'stacks', environment.name),
      formerlyProtected: ledger[environment.name],
    });
    const groups = [...workflowsByGroup(config, environment)].flatMap(([group, workflows]) => {
      if (group === undefined) return [];
      const name = groupStackName(environment.name, group);
      return [
        new WorkflowGroupStack(app, name, {
          ...foundation,
          core: stack,
          group,
          workflows,
          stackOutdir: path.join(options.outdir, 'stacks', name),
          formerlyProtected: ledger[name],
        }),
      ];
    });
    const monitoring = (partitionLayout(config, environment)?.stacks ?? [])
      .filter((s) => s.role === 'monitoring')
      .map(
        (s) =>
          new MonitoringStack(app, s.name, {
            ...foundation,
            core: stack,
            stackOutdir: path.join(options.outdir, 'stacks', s.name),
          }),
      );
    issues.push(...applyGuardrails([stack, ...groups, ...monitoring], config, environment));
  }
  if (issues.length > 0) throw new ConfigError(issues);
  return app;
}

/**
 * cdktf stops at the first stack with error annotations; this lets every stack run its policy
 * packs first, so that one failed synth lists the violations of all environments.
 */
function continueOnErrorAnnotations(app: App): void {
  for (const stack of app.node.findAll().filter(TerraformStack.isStack)) {
    const inner = stack.synthesizer;
    stack.synthesizer = {
      synthesize(session: ISynthesisSession) {
        try {
          inner.synthesize(session);
        } catch (e) {
          if (errorAnnotations(stack).length === 0) throw e;
        }
      },
    };
  }
}

/**
 * Synthesizes every environment, all or nothing: the stacks are written to a temporary sibling
 * folder, checked (policy violations of every stack, then the secret scan, then `verify`), and
 * only then swapped in for `outdir`. A failure anywhere leaves the previous output untouched.
 * @returns the environment names synthesized
 * Refused before anything is written: unknown environment names, and an output folder that is or
 * contains a project folder, or that synth did not write (see {@link assertReplaceableOutdir}).
 * @throws ConfigError for those; PolicyViolationError listing every error annotation (and any
 *   secret-scan findings); SecretScanError listing every secret-looking value (masked)
 */
export function synthesize(
  config: ProjectConfig,
  options: SynthOptions,
  verify: (outdir: string) => void = () => undefined,
): string[] {
  const outdir = path.resolve(options.outdir);
  // Every refusal comes before anything is written.
  const unknown = (options.environments ?? []).filter(
    (name) => !config.environments.some((e) => e.name === name),
  );
  if (unknown.length > 0 || options.environments?.length === 0) {
    throw new ConfigError([
      {
        file: 'environment variable DEVOPS_ENVIRONMENTS',
        path: '',
        message: `expected names of environments in ${displayPath(config.configDir)} (${config.environments.map((e) => e.name).join(', ')}), found ${unknown.map((n) => JSON.stringify(n)).join(', ') || 'none'}; fix or unset it (nothing was replaced)`,
      },
    ]);
  }
  assertReplaceableOutdir(outdir, {
    'config folder': config.configDir,
    'requirements folder': config.requirementsDir,
    'project root': PROJECT_PATHS.root,
    'working directory': process.cwd(),
  });
  fs.mkdirSync(path.dirname(outdir), { recursive: true });
  const tmp = fs.mkdtempSync(`${outdir}.tmp-`);
  try {
    const app = buildApp(config, options, tmp);
    continueOnErrorAnnotations(app);
    app.synth();
    // Policy violations and secret-scan findings are reported together: neither hides the other.
    const errors = errorAnnotations(app);
    const secrets = scanSynthOutput(tmp, configOrigins(config));
    if (errors.length > 0) throw new PolicyViolationError(errors, secrets);
    if (secrets.length > 0) throw new SecretScanError(secrets);
    if (options.providerLock) writeProviderLocks(path.join(tmp, 'stacks'), options.providerLock);
    writePartitionManifest(tmp, config, options.environments);
    verify(tmp);
    markOutdir(tmp);
    if (options.environments) carryOtherEnvironments(outdir, tmp, config, options.environments);
    const old = `${outdir}.old-${process.pid}`;
    if (fs.existsSync(outdir)) fs.renameSync(outdir, old);
    fs.renameSync(tmp, outdir);
    fs.rmSync(old, { recursive: true, force: true });
    if (options.keepLedger) {
      const ledger = app.node.children
        .filter((c) => c instanceof WorkspaceStack || c instanceof WorkflowGroupStack)
        .reduce(
          (l, s) => updateLedger(l, s.node.id, s.protectedKinds, s.protectedResources),
          readLedger(config.configDir),
        );
      writeLedger(config.configDir, ledger);
    }
    return app.node.children.filter((c) => c instanceof WorkspaceStack).map((c) => c.node.id);
  } catch (e) {
    fs.rmSync(tmp, { recursive: true, force: true });
    throw e;
  }
}

/**
 * Moves the stack folders of the environments not synthesized now from the previous output into the
 * new one: synthesizing one environment (as plan and deploy do) leaves the others' last synth, which
 * status, sync and smoke read, in place. Only the stacks the config gives those environments move;
 * anything else of the previous output goes with it.
 */
function carryOtherEnvironments(
  outdir: string,
  tmp: string,
  config: ProjectConfig,
  wanted: readonly string[],
): void {
  for (const environment of config.environments) {
    if (wanted.includes(environment.name)) continue;
    const names = partitionLayout(config, environment)?.stacks.map((s) => s.name) ?? [environment.name];
    for (const name of names) {
      const from = path.join(outdir, 'stacks', name);
      const to = path.join(tmp, 'stacks', name);
      if (!fs.existsSync(from) || fs.existsSync(to)) continue;
      fs.mkdirSync(path.dirname(to), { recursive: true });
      fs.renameSync(from, to);
    }
  }
}

/**
 * Writes {@link PARTITIONS_FILE} into the output folder when a synthesized environment is
 * partitioned: the stacks of each such environment, in plan order, for plan and deploy to read.
 */
function writePartitionManifest(
  outdir: string,
  config: ProjectConfig,
  wanted: readonly string[] | undefined,
): void {
  const manifest: Record<string, PartitionManifest[string]> = {};
  for (const environment of config.environments) {
    if (wanted && !wanted.includes(environment.name)) continue;
    const layout = partitionLayout(config, environment);
    if (layout) manifest[environment.name] = layout;
  }
  if (Object.keys(manifest).length === 0) return;
  fs.writeFileSync(path.join(outdir, PARTITIONS_FILE), `${JSON.stringify(manifest, null, 2)}\n`);
}
