import {
  AttributeChange,
  changedAttributes,
  hasSensitive,
  SENSITIVE,
  KNOWN_AFTER_APPLY,
} from './changed-attributes';
import { configAddress, constructPathHint, readConstructMetadata } from './construct-metadata';
import { PlanAction, PlanChangeJson, StackConfigJson, TerraformPlanJson } from './plan-json';
import { protectionOf, recordedProtection } from './protection-rules';
import { KeyAttribute, keyAttributes } from './key-attributes';
import { permissionChanges } from './permission-changes';

/** What happens to a resource, in the words of the summary. */
export type ResourceAction = 'create' | 'update' | 'replace' | 'delete' | 'forget';

/** One changed resource. */
export interface ResourceChangeSummary {
  /** Terraform address, e.g. `databricks_job.Jobs_ingest-orders_Job_1C2D3E4F`. */
  readonly address: string;
  /** Resource type, the "kind" the summary groups by. */
  readonly type: string;
  readonly action: ResourceAction;
  /**
   * Construct path from the configuration's `//` metadata; for a resource no longer in the
   * configuration, a hint read back from its logical id (starting with `…/`).
   */
  readonly constructPath: string;
  /** False when the resource is gone from the configuration (a delete because the code removed it). */
  readonly inConfiguration: boolean;
  /** Why the resource is protected from delete and replace, when it is. */
  readonly protectedBy?: string;
  /** Changed attributes (updates and replaces; empty for creates and deletes). */
  readonly changedAttributes: readonly AttributeChange[];
  /** What a reviewer reads first on a created resource (creates only; see {@link keyAttributes}). */
  readonly keyAttributes: readonly KeyAttribute[];
  /** True when the refresh found this resource changed outside Terraform: the plan reverts that drift. */
  readonly revertsDrift: boolean;
}

/** A change the refresh found made outside Terraform since the last apply. */
export interface DriftSummary {
  readonly address: string;
  readonly type: string;
  /** `update`: changed in the workspace; `delete`: gone from the workspace. */
  readonly action: 'update' | 'delete';
  /** State (before) → workspace (after). */
  readonly changedAttributes: readonly AttributeChange[];
}

/** One changed root output. */
export interface OutputChangeSummary {
  readonly name: string;
  readonly action: 'create' | 'update' | 'delete';
  /** The whole value before, as JSON; `(sensitive)` when sensitive, empty for a create. */
  readonly before: string;
  /** The whole value after, as JSON; `(sensitive)` or `(known after apply)` where so, empty for a delete. */
  readonly after: string;
}

/** The destroy guard's verdict. */
export interface DestroyGuardResult {
  /** Protected resources the plan deletes or replaces without an `--allow-destroy`. */
  readonly blocked: readonly string[];
  /** Protected resources the plan deletes or replaces, allowed by `--allow-destroy`. */
  readonly allowed: readonly string[];
  /** `--allow-destroy` addresses that name no protected delete or replace in this plan. */
  readonly unused: readonly string[];
}

/** The plan of one environment, summarized (also the JSON summary's shape). */
export interface PlanSummary {
  readonly environment: string;
  readonly counts: Readonly<Record<'create' | 'update' | 'replace' | 'delete', number>>;
  /** Changed resources, sorted by address. */
  readonly resources: readonly ResourceChangeSummary[];
  /** Changed outputs, sorted by name. */
  readonly outputs: readonly OutputChangeSummary[];
  /** Changes made outside Terraform (the plan JSON's `resource_drift`), sorted by address. */
  readonly drift: readonly DriftSummary[];
  readonly destroyGuard: DestroyGuardResult;
  /** True when anything (resources or outputs) changes. */
  readonly hasChanges: boolean;
  /** Whether the plan refreshed (absent: a plain plan, which always does). */
  readonly refresh?: PlanRefresh;
}

/**
 * Whether a plan read the workspace again before diffing. A preview (`npm run plan -- <env> --preview`) may
 * skip it (`-refresh=false`) while the last full refresh is recent: see ops/refresh-record.ts.
 */
export type PlanRefresh =
  | {
      readonly refreshed: false;
      /** When the last full refresh ran (ISO 8601). */
      readonly lastFullRefresh: string;
      /** Its age when this plan ran, in minutes. */
      readonly ageMinutes: number;
    }
  | {
      readonly refreshed: true;
      /** Why a preview refreshed all the same (no record, too old, state changed). */
      readonly previewRefused?: string;
    };

/** Inputs of {@link summarizePlan}. */
export interface SummarizePlanProps {
  /** Environment (stack) name, for the summary's title and messages. */
  readonly environment: string;
  /** `terraform show -json plan.tfplan`. */
  readonly plan: TerraformPlanJson;
  /** The synthesized `cdk.tf.json` the plan was made from (construct paths, protected kinds and marks). */
  readonly stackConfig: StackConfigJson;
  /**
   * Addresses of protected resources the plan may delete or replace.
   * @default - none: every protected delete or replace is blocked
   */
  readonly allowDestroy?: readonly string[];
  /** Whether the plan refreshed. @default - not said (a plain plan, which refreshes) */
  readonly refresh?: PlanRefresh;
}

/**
 * Summarizes a Terraform plan for review: what changes, per resource, with construct paths and
 * changed attributes (sensitive values masked), and the destroy guard's verdict.
 * @throws Error when the plan JSON reports an errored plan
 */
export function summarizePlan(props: SummarizePlanProps): PlanSummary {
  const { environment, plan, stackConfig, allowDestroy = [] } = props;
  if (plan.errored) throw new Error(`the plan for ${environment} errored; there is nothing to summarize`);
  const metadata = readConstructMetadata(stackConfig);
  const recorded = recordedProtection(plan);

  const drift: DriftSummary[] = [];
  for (const rd of plan.resource_drift ?? []) {
    const action = resourceAction(rd.change.actions);
    if (rd.mode !== 'managed' || (action !== 'update' && action !== 'delete')) continue;
    drift.push({
      address: rd.address,
      type: rd.type,
      action,
      changedAttributes: attributesToShow(action, rd.type, rd.change),
    });
  }
  drift.sort((a, b) => compare(a.address, b.address));
  const drifted = new Set(drift.map((d) => d.address));

  const resources: ResourceChangeSummary[] = [];
  for (const rc of plan.resource_changes ?? []) {
    const action = resourceAction(rc.change.actions);
    if (rc.mode !== 'managed' || !action) continue;
    const meta = metadata.get(configAddress(rc.address));
    const constructPath = meta?.constructPath ?? constructPathHint(rc.name);
    const protectedBy = protectionOf(configAddress(rc.address), meta, recorded);
    resources.push({
      address: rc.deposed ? `${rc.address} (deposed ${rc.deposed})` : rc.address,
      type: rc.type,
      action,
      constructPath,
      inConfiguration: meta !== undefined,
      ...(protectedBy ? { protectedBy } : {}),
      changedAttributes: attributesToShow(action, rc.type, rc.change),
      keyAttributes:
        action === 'create' ? keyAttributes(rc.type, rc.change.after, rc.change.after_unknown) : [],
      revertsDrift: drifted.has(rc.address),
    });
  }
  resources.sort((a, b) => compare(a.address, b.address));

  const outputs: OutputChangeSummary[] = Object.entries(plan.output_changes ?? {})
    .map(([name, change]) => outputChange(name, change))
    .filter((o): o is OutputChangeSummary => o !== undefined)
    .sort((a, b) => compare(a.name, b.name));

  const count = (action: ResourceAction) => resources.filter((r) => r.action === action).length;
  return {
    environment,
    counts: {
      create: count('create'),
      update: count('update'),
      replace: count('replace'),
      delete: count('delete'),
    },
    resources,
    outputs,
    drift,
    destroyGuard: guard(resources, allowDestroy),
    hasChanges: resources.length > 0 || outputs.length > 0,
    ...(props.refresh ? { refresh: props.refresh } : {}),
  };
}

/** Maps plan JSON actions to one summary action; undefined for no-op and read. */
export function resourceAction(actions: readonly PlanAction[]): ResourceAction | undefined {
  if (actions.includes('delete') && actions.includes('create')) return 'replace';
  if (actions.length !== 1) return undefined;
  const [action] = actions;
  return action === 'create' || action === 'update' || action === 'delete' || action === 'forget'
    ? action
    : undefined;
}

/**
 * Updates show every changed attribute; replaces hide the computed attributes that merely become
 * unknown because a new object is created (id, url, ...), keeping what changed and what forces it.
 * Grants read by principal ({@link permissionChanges}); the provider's content marker (`md5` set
 * to `"different"` when a notebook's or file's content changes) reads as `content: changed`.
 */
function attributesToShow(action: ResourceAction, type: string, change: PlanChangeJson): AttributeChange[] {
  if (action !== 'update' && action !== 'replace') return [];
  const shown = changedAttributes(change)
    .filter((a) => action === 'update' || a.forcesReplacement || a.after !== KNOWN_AFTER_APPLY)
    .filter((a) => !(type === 'databricks_permissions' && /^access_control\b/.test(a.path)))
    .map((a) => (a.path === 'md5' ? { ...a, path: 'content', before: 'previous', after: 'changed' } : a));
  return type === 'databricks_permissions' ? [...shown, ...permissionChanges(change)] : shown;
}

function guard(
  resources: readonly ResourceChangeSummary[],
  allowDestroy: readonly string[],
): DestroyGuardResult {
  const risky = resources.filter((r) => r.protectedBy && (r.action === 'delete' || r.action === 'replace'));
  const allowed = new Set(allowDestroy);
  return {
    blocked: risky.filter((r) => !allowed.has(r.address)).map((r) => r.address),
    allowed: risky.filter((r) => allowed.has(r.address)).map((r) => r.address),
    unused: [...allowed].filter((a) => !risky.some((r) => r.address === a)).sort(compare),
  };
}

function outputChange(name: string, change: PlanChangeJson): OutputChangeSummary | undefined {
  const [action] = change.actions;
  if (change.actions.length !== 1 || (action !== 'create' && action !== 'update' && action !== 'delete'))
    return undefined;
  const show = (value: unknown, sensitive: unknown, present: boolean) =>
    !present ? '' : hasSensitive(sensitive) ? SENSITIVE : wholeValue(value);
  return {
    name,
    action,
    before: show(change.before, change.before_sensitive, action !== 'create'),
    after:
      action === 'delete'
        ? ''
        : hasSensitive(change.after_sensitive)
          ? SENSITIVE
          : change.after_unknown === true
            ? KNOWN_AFTER_APPLY
            : wholeValue(change.after),
  };
}

/** A value as JSON, whole (the renderer shortens it where space is short). */
function wholeValue(value: unknown): string {
  return value === undefined ? 'null' : JSON.stringify(value);
}

/** Plain code-unit order: stable across machines and locales. */
function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
