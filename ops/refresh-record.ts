import * as fs from 'node:fs';
import * as path from 'node:path';
import { describeAge } from '../lib/text/describe-age';

/**
 * The record of an environment's last full refresh: when a plan that refreshed every resource (`npm run plan`,
 * the nightly drift job, a deploy's plan) ran, and which state it refreshed. A preview plan
 * (`npm run plan -- <env> --preview`) skips the refresh only while this record is recent and the state is
 * still the one it names: see {@link previewDecision} and docs/plan-preview.md.
 */
export interface RefreshRecord {
  readonly environment: string;
  /** When the refreshing plan started (ISO 8601, UTC): the workspace is known as of then. */
  readonly refreshedAt: string;
  /**
   * The state's serial the refresh stands for: the one planned against, or, after a deploy applied that plan,
   * the one the apply wrote (built on the refreshed state).
   */
  readonly serial: number;
  /** The state's lineage: a state recreated from nothing has another. */
  readonly lineage: string;
  /** What refreshed: a full plan, or a deploy (its plan, then the apply). */
  readonly by: 'plan' | 'deploy';
}

/** Which state a record or a plan is about: `serial` and `lineage` of the state file. */
export interface StateIdentity {
  readonly serial: number;
  readonly lineage: string;
}

/** The record's file name, in the environment's plan folder (`cdktf.out.plans/<env>/`, see planDirOf). */
export const REFRESH_RECORD_FILE = 'last-refresh.json';

/** Reads the record in `planDir`; undefined when there is none or it is not a record (then plans refresh). */
export function readRefreshRecord(planDir: string): RefreshRecord | undefined {
  const file = path.join(planDir, REFRESH_RECORD_FILE);
  if (!fs.existsSync(file)) return undefined;
  try {
    const r = JSON.parse(fs.readFileSync(file, 'utf8')) as Partial<RefreshRecord>;
    const valid =
      typeof r.environment === 'string' &&
      typeof r.refreshedAt === 'string' &&
      !Number.isNaN(Date.parse(r.refreshedAt)) &&
      Number.isInteger(r.serial) &&
      typeof r.lineage === 'string' &&
      (r.by === 'plan' || r.by === 'deploy');
    return valid ? (r as RefreshRecord) : undefined;
  } catch {
    return undefined;
  }
}

/** Writes the record into `planDir` (created when missing), replacing the previous one atomically. */
export function writeRefreshRecord(planDir: string, record: RefreshRecord): void {
  fs.mkdirSync(planDir, { recursive: true });
  const file = path.join(planDir, REFRESH_RECORD_FILE);
  fs.writeFileSync(`${file}.tmp`, `${JSON.stringify(record, null, 2)}\n`);
  fs.renameSync(`${file}.tmp`, file);
}

/** Serial and lineage of a state document (`terraform state pull`, or a local state file); undefined when empty. */
export function stateIdentityOf(stateText: string): StateIdentity | undefined {
  if (stateText.trim() === '') return undefined;
  const state = JSON.parse(stateText) as { serial?: unknown; lineage?: unknown };
  return Number.isInteger(state.serial) && typeof state.lineage === 'string'
    ? { serial: state.serial as number, lineage: state.lineage }
    : undefined;
}

/** Whether a preview plans without refresh, and why not when it refreshes. */
export type PreviewDecision =
  | { readonly refresh: false; readonly lastRefresh: RefreshRecord; readonly ageMinutes: number }
  | { readonly refresh: true; readonly reason: string };

/** Inputs of {@link previewDecision}. */
export interface PreviewDecisionProps {
  readonly record: RefreshRecord | undefined;
  /** The state now; undefined when there is none yet. */
  readonly state: StateIdentity | undefined;
  /** The environment's `plan.previewMaxStalenessHours`; 0 always refreshes. */
  readonly maxStalenessHours: number;
  readonly now: Date;
}

/**
 * The rule of a preview plan: it skips the refresh only when the last full refresh is at most
 * `maxStalenessHours` old (and not in the future: clock skew or a hand-made record) AND the state is still the
 * one that refresh stood for (same lineage and serial: no apply, import or state command since). What the
 * preview does not see is bounded by that: changes made in the workspace by hand within the last
 * `maxStalenessHours` hours. Everything else refreshes, as a plain plan does.
 */
export function previewDecision(props: PreviewDecisionProps): PreviewDecision {
  const { record, state, maxStalenessHours, now } = props;
  if (maxStalenessHours <= 0)
    return { refresh: true, reason: 'plan.previewMaxStalenessHours is 0 for this environment' };
  if (!state) return { refresh: true, reason: 'the environment has no state yet' };
  if (!record) return { refresh: true, reason: 'no full refresh is recorded for this state' };
  const ageMinutes = Math.floor((now.getTime() - Date.parse(record.refreshedAt)) / 60_000);
  if (ageMinutes < -5)
    return {
      refresh: true,
      reason: `the last full refresh is recorded in the future (${record.refreshedAt})`,
    };
  if (ageMinutes > maxStalenessHours * 60) {
    return {
      refresh: true,
      reason: `the last full refresh (${record.refreshedAt}, ${describeAge(ageMinutes)}) is older than plan.previewMaxStalenessHours (${maxStalenessHours} h)`,
    };
  }
  if (record.lineage !== state.lineage || record.serial !== state.serial) {
    return {
      refresh: true,
      reason: `the state changed since the last full refresh (serial ${record.serial} then, ${state.serial} now${record.lineage !== state.lineage ? ', another lineage' : ''})`,
    };
  }
  return { refresh: false, lastRefresh: record, ageMinutes: Math.max(0, ageMinutes) };
}
