import { Principal } from './principal';

/**
 * A construct principals can be granted access to, at one of its levels `L` (the object kind's
 * levels in lib/vocabulary.ts). Every grantable construct of the library implements it, and adds
 * intent-named methods where they read better (`job.grantRun(group)`, `cluster.grantAttach(group)`).
 * A principal granted twice keeps the stronger level.
 */
export interface IGrantable<L extends string> {
  /** Grants `level` on the object to `principal`. */
  grant(principal: Principal, level: L): void;
}
