import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { defaultConfigDir, loadConfig } from '../app/config/load-config';
import {
  isPartitioned,
  PARTITIONS_FILE,
  PartitionLayout,
  PartitionManifest,
  PartitionStack,
} from '../stacks/partition-layout';
import {
  applyPlanned,
  assertDestroyGuard,
  FlowOptions,
  planEnvironment,
  PlannedEnvironment,
  synthEnvironment,
} from './deploy-flow';
import { planDirOf } from './plan-artefacts';

/**
 * Plan and deploy of a partitioned environment (docs/partitioning.md): each stack's synthesized
 * content is hashed and compared with the hash recorded when that stack last applied cleanly (or
 * planned without changes); an unchanged stack is skipped unless its last refresh is older than the
 * environment's `partitioning.maxStalenessHours`, or the core stack it reads changes resources.
 */

/** The record of a stack's last clean apply or no-change plan, in its plan folder. */
export const CONTENT_RECORD = 'stack-content.json';

/** Contents of {@link CONTENT_RECORD}. */
export interface ContentRecord {
  readonly stack: string;
  /** {@link stackContentHash} of what was applied (or found already applied). */
  readonly contentHash: string;
  /** When the plan that refreshed the stack against the workspace started (ISO 8601). */
  readonly refreshedAt: string;
}

/**
 * sha256 of a synthesized stack: its `cdk.tf.json` without the top-level `//` metadata (cdktf's
 * version, stack name and construct-path index: nothing Terraform reads) and the files under its
 * `assets/`, by relative path.
 */
export function stackContentHash(stackDir: string): string {
  const hash = createHash('sha256');
  const config = JSON.parse(fs.readFileSync(path.join(stackDir, 'cdk.tf.json'), 'utf8')) as Record<
    string,
    unknown
  >;
  delete config['//'];
  hash.update(JSON.stringify(config));
  const assets = path.join(stackDir, 'assets');
  if (fs.existsSync(assets)) {
    const files = (fs.readdirSync(assets, { recursive: true }) as string[])
      .filter((f) => fs.statSync(path.join(assets, f)).isFile())
      .sort();
    for (const file of files) {
      hash.update(`\0${file}\0`);
      hash.update(fs.readFileSync(path.join(assets, file)));
    }
  }
  return hash.digest('hex');
}

/** The layout of `environment` from the synth output, or undefined when it is one stack. */
export function readPartitionLayout(outdir: string, environment: string): PartitionLayout | undefined {
  const file = path.join(outdir, PARTITIONS_FILE);
  if (!fs.existsSync(file)) return undefined;
  return (JSON.parse(fs.readFileSync(file, 'utf8')) as PartitionManifest)[environment];
}

/** Whether a stack is planned, and why. */
export interface StackDecision {
  readonly stack: PartitionStack;
  readonly plan: boolean;
  /** Why it is planned, or `unchanged`. */
  readonly reason: string;
  /** The last refresh of a skipped stack (ISO 8601). */
  readonly since?: string;
}

/**
 * The skip rule: a stack is planned when asked to (`all`), when it has no record, when its content
 * hash differs from the recorded one, or when its last refresh is older than the layout's bound;
 * otherwise it is skipped as unchanged since its last refresh.
 */
export function decideStacks(input: {
  readonly layout: PartitionLayout;
  readonly hashes: ReadonlyMap<string, string>;
  readonly records: ReadonlyMap<string, ContentRecord | undefined>;
  readonly now: Date;
  readonly all?: boolean;
}): StackDecision[] {
  const boundMs = input.layout.maxStalenessHours * 3600 * 1000;
  return input.layout.stacks.map((stack) => {
    const record = input.records.get(stack.name);
    const decide = (plan: boolean, reason: string) => ({ stack, plan, reason });
    if (input.all) return decide(true, 'all stacks asked for');
    if (!record) return decide(true, 'no record of an earlier apply');
    if (record.contentHash !== input.hashes.get(stack.name))
      return decide(true, 'synthesized content changed');
    const age = input.now.getTime() - Date.parse(record.refreshedAt);
    if (!(age <= boundMs)) {
      return decide(
        true,
        `last refresh ${record.refreshedAt} is older than ${input.layout.maxStalenessHours} h`,
      );
    }
    return { stack, plan: false, reason: 'unchanged', since: record.refreshedAt };
  });
}

function readRecord(planDir: string): ContentRecord | undefined {
  const file = path.join(planDir, CONTENT_RECORD);
  if (!fs.existsSync(file)) return undefined;
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as ContentRecord;
  } catch {
    return undefined; // unreadable: treated as no record, so the stack is planned
  }
}

function writeRecord(planDir: string, record: ContentRecord): void {
  fs.mkdirSync(planDir, { recursive: true });
  fs.writeFileSync(path.join(planDir, CONTENT_RECORD), `${JSON.stringify(record, null, 2)}\n`);
}

/** One planned stack of a partitioned environment. */
export interface PlannedStack {
  readonly planned: PlannedEnvironment;
  readonly contentHash: string;
}

/** The outcome of planning a partitioned environment. */
export interface PartitionedPlan {
  readonly layout: PartitionLayout;
  readonly planned: readonly PlannedStack[];
  readonly skipped: readonly StackDecision[];
  /** The markdown of every planned stack, and a line per skipped one. */
  readonly markdown: string;
  readonly hasChanges: boolean;
}

/** Options of {@link planPartitioned} and {@link deployPartitioned}. */
export interface PartitionedOptions extends FlowOptions {
  /** Plan every stack, whatever its record says. @default false */
  readonly allStacks?: boolean;
  /** The current time (tests). @default - now */
  readonly now?: Date;
}

/**
 * Synthesizes the program and returns the environment's layout when it is partitioned (undefined
 * otherwise: the caller plans its one stack as always).
 */
export function synthPartitioned(options: FlowOptions): PartitionLayout | undefined {
  const stackDir = synthEnvironment(options);
  return readPartitionLayout(path.dirname(path.dirname(stackDir)), options.environment);
}

/** Summary line of a skipped stack. */
export function skippedLine(d: StackDecision): string {
  return `- \`${d.stack.name}\`: skipped, unchanged since its last refresh at ${d.since}`;
}

/**
 * Plans the stacks of a partitioned environment (already synthesized, see {@link synthPartitioned})
 * that the skip rule picks, in layout order; when the core stack's plan changes resources, every
 * later stack is planned too (they read its outputs). `onPlanned` runs after each stack's plan,
 * before the next is planned (deploy applies there, so later stacks see the core's new outputs).
 * A stack planned without changes gets its record refreshed.
 */
export async function planPartitioned(
  options: PartitionedOptions,
  layout: PartitionLayout,
  onPlanned: (stack: PlannedStack) => Promise<boolean> = async () => false,
): Promise<PartitionedPlan> {
  const env = options.env ?? process.env;
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const now = options.now ?? new Date();
  const dirOf = (name: string) => planDirOf(options.programDir, name, env);
  const outdir = path.resolve(options.programDir, env.CDKTF_OUTDIR || 'cdktf.out');
  const hashes = new Map(
    layout.stacks.map((s) => [s.name, stackContentHash(path.join(outdir, 'stacks', s.name))]),
  );
  const records = new Map(layout.stacks.map((s) => [s.name, readRecord(dirOf(s.name))]));
  const decisions = decideStacks({ layout, hashes, records, now, all: options.allStacks });
  const planned: PlannedStack[] = [];
  const skipped: StackDecision[] = [];
  let coreChanges = false;
  for (const decision of decisions) {
    const { stack } = decision;
    if (!decision.plan && !coreChanges) {
      log(`• ${stack.name}: skipped, unchanged since ${decision.since}`);
      skipped.push(decision);
      continue;
    }
    log(
      `• ${stack.name}: planning (${decision.plan ? decision.reason : 'the core stack changes resources it reads'})`,
    );
    const result = planEnvironment({ ...options, stack: stack.name });
    const plannedStack = { planned: result, contentHash: hashes.get(stack.name)! };
    planned.push(plannedStack);
    if (stack.role === 'core' && result.summary.resources.length > 0) coreChanges = true;
    const applied = await onPlanned(plannedStack);
    if (!options.destroy && (applied || !result.summary.hasChanges)) {
      writeRecord(dirOf(stack.name), {
        stack: stack.name,
        contentHash: plannedStack.contentHash,
        refreshedAt: result.plannedAt,
      });
    }
  }
  const markdown = [
    ...planned.map((p) => p.planned.markdown),
    ...(skipped.length > 0
      ? [`### Skipped stacks of ${layout.environment}\n\n${skipped.map(skippedLine).join('\n')}\n`]
      : []),
  ].join('\n');
  return {
    layout,
    planned,
    skipped,
    markdown,
    hasChanges: planned.some((p) => p.planned.summary.hasChanges),
  };
}

/**
 * Deploys a partitioned environment: each stack the skip rule picks is planned, its summary printed,
 * its destroy guard checked, and applied after confirmation, in layout order (core first), before the
 * next stack is planned.
 */
export async function deployPartitioned(
  options: PartitionedOptions & {
    readonly confirm: (action: string) => Promise<void>;
    readonly print: (text: string) => void;
  },
  layout: PartitionLayout,
): Promise<PartitionedPlan> {
  return planPartitioned(options, layout, async ({ planned }) => {
    options.print(planned.markdown);
    assertDestroyGuard(planned);
    if (!planned.summary.hasChanges) return false;
    await options.confirm(`apply this plan to ${path.basename(planned.stackDir)}`);
    await applyPlanned(planned, options);
    return true;
  });
}

/** True when the config (`DEVOPS_CONFIG_DIR`) partitions the environment; read before any synth. */
export function configPartitions(environment: string, env: NodeJS.ProcessEnv = process.env): boolean {
  const config = loadConfig(defaultConfigDir(env));
  const found = config.environments.find((e) => e.name === environment);
  return found !== undefined && isPartitioned(found);
}

/** Refuses a command that does not handle a partitioned environment yet, saying what to do instead. */
export function refusePartitioned(
  command: string,
  environment: string,
  env: NodeJS.ProcessEnv = process.env,
): void {
  if (!configPartitions(environment, env)) return;
  throw new Error(
    `${command} does not handle a partitioned environment yet: ${environment} sets partitioning.enabled ` +
      `(docs/partitioning.md). Run terraform in each stack folder by hand (cdktf.out/stacks/<stack>, ` +
      `in reverse order for a destroy), or set partitioning.enabled: false after moving the state back.`,
  );
}
