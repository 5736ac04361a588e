import * as path from 'path';

/** The cluster flavors the blueprint pins separately: standard runtime, ML runtime, GPU ML runtime. */
export const FLAVORS = ['standard', 'ml', 'gpu'] as const;

/** One of {@link FLAVORS}. */
export type Flavor = (typeof FLAVORS)[number];

/**
 * The requirement files of one flavor, as absolute paths, and the folder they belong to. Every
 * reader of the requirements workflow takes them (or a folder in the blueprint's layout, see
 * {@link FlavorSource}); the names are free as long as the files stay inside `dir`.
 */
export interface FlavorFiles {
  /**
   * The requirements folder: these files, and every file they include (`-r`/`-c`), must be inside
   * it; messages show paths relative to its parent (`requirements/requirements.txt`).
   */
  readonly dir: string;
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
 * Where one flavor's requirement files are: a requirements folder laid out as the blueprint does
 * ({@link flavorFiles}), or the files themselves.
 */
export type FlavorSource = string | FlavorFiles;

/** The files of a {@link FlavorSource}. */
export function resolveFlavorFiles(source: FlavorSource, flavor: Flavor): FlavorFiles {
  return typeof source === 'string' ? flavorFiles(source, flavor) : source;
}

/**
 * The requirement files of one flavor inside `requirementsDir`, in the blueprint's layout.
 * @example flavorFiles('/repo/requirements', 'gpu').lock === '/repo/requirements/requirements-gpu.txt'
 */
export function flavorFiles(requirementsDir: string, flavor: Flavor): FlavorFiles {
  const dir = path.resolve(requirementsDir);
  const suffix = flavorSuffix(flavor);
  return {
    dir,
    baseline: path.join(dir, `runtime-baseline${suffix}.in`),
    additions: path.join(dir, `additional-packages${suffix}.in`),
    combined: path.join(dir, `requirements-combined${suffix}.in`),
    lock: path.join(dir, `requirements${suffix}.txt`),
  };
}
