import * as path from 'path';

/** The cluster flavors the blueprint pins separately: standard runtime, ML runtime, GPU ML runtime. */
export const FLAVORS = ['standard', 'ml', 'gpu'] as const;

/** One of {@link FLAVORS}. */
export type Flavor = (typeof FLAVORS)[number];

/** The four requirement files of one flavor, as absolute paths. */
export interface FlavorFiles {
  /** `runtime-baseline[-flavor].in`: what Databricks Runtime ships (a snapshot). */
  readonly baseline: string;
  /** `additional-packages[-flavor].in`: the project's direct dependencies. */
  readonly additions: string;
  /** `requirements-combined[-flavor].in`: generated, baseline plus additions. */
  readonly combined: string;
  /** `requirements[-flavor].txt`: the locked full graph (`==` pins only). */
  readonly lock: string;
}

/** Whether `value` names a flavor. */
export function isFlavor(value: string): value is Flavor {
  return (FLAVORS as ReadonlyArray<string>).includes(value);
}

/**
 * The file-name suffix of a flavor, as in the blueprint's layout: none for `standard`, `-ml`, `-gpu`.
 * @example flavorSuffix('ml') === '-ml'
 */
export function flavorSuffix(flavor: Flavor): string {
  return flavor === 'standard' ? '' : `-${flavor}`;
}

/**
 * The requirement files of one flavor inside `requirementsDir`.
 * @example flavorFiles('/repo/requirements', 'gpu').lock === '/repo/requirements/requirements-gpu.txt'
 */
export function flavorFiles(requirementsDir: string, flavor: Flavor): FlavorFiles {
  const dir = path.resolve(requirementsDir);
  const suffix = flavorSuffix(flavor);
  return {
    baseline: path.join(dir, `runtime-baseline${suffix}.in`),
    additions: path.join(dir, `additional-packages${suffix}.in`),
    combined: path.join(dir, `requirements-combined${suffix}.in`),
    lock: path.join(dir, `requirements${suffix}.txt`),
  };
}
