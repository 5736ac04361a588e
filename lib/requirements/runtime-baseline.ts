import { Flavor, FlavorSource, resolveFlavorFiles } from './flavor';
import { databricksMarkerEnvironment, MarkerEnvironment } from './markers';
import { exactPin } from './pep440';
import { displayPath, RequirementsProblem } from './problem';
import { findDisagreeingPins } from './duplicate-pins';
import { readRequirementsFile, RequirementEntry, RequirementsFile } from './requirements-file';

/**
 * The machine-readable header of a runtime baseline, one `# key: value` comment line each, before the
 * first package line:
 * ```
 * # databricks-runtime: 16.4                    ← the value of DATABRICKS_RUNTIME_VERSION on the cluster
 * # databricks-runtime-flavor: ml               ← standard | ml | gpu (must match the file name)
 * # spark-version: 16.4.x-cpu-ml-scala2.12      ← the cluster's spark_version
 * # python: 3.12.3                              ← the runtime's Python, for environment markers
 * # snapshot-date: 2025-06-02                   ← when the snapshot was taken (YYYY-MM-DD)
 * ```
 */
export const BASELINE_HEADER_KEYS = [
  'databricks-runtime',
  'databricks-runtime-flavor',
  'spark-version',
  'python',
  'snapshot-date',
] as const;

/** One package the runtime ships. */
export interface BaselinePackage {
  /** PEP 503 normalized name. */
  readonly key: string;
  readonly version: string;
  readonly entry: RequirementEntry;
}

/** A flavor's runtime baseline: header values and the pinned packages. */
export interface RuntimeBaseline {
  /** The runtime version as Databricks reports it in DATABRICKS_RUNTIME_VERSION, e.g. `16.4`. */
  readonly runtimeVersion: string;
  readonly flavor: string;
  /** The cluster `spark_version` key, e.g. `16.4.x-scala2.12`. */
  readonly sparkVersion: string;
  readonly pythonVersion: string;
  readonly snapshotDate: string;
  /** Packages by normalized name. */
  readonly packages: ReadonlyMap<string, BaselinePackage>;
  /** The marker environment of the runtime (Linux x86_64, the header's Python). */
  readonly markerEnvironment: MarkerEnvironment;
  readonly source: RequirementsFile;
  /** Header and content problems (missing header keys, non-`==` lines, disagreeing pins, parse errors). */
  readonly problems: ReadonlyArray<RequirementsProblem>;
}

const HEADER_VALUE: Record<(typeof BASELINE_HEADER_KEYS)[number], { pattern: RegExp; example: string }> = {
  'databricks-runtime': { pattern: /^\d+\.\d+$/, example: '16.4' },
  'databricks-runtime-flavor': { pattern: /^(standard|ml|gpu)$/, example: 'ml' },
  'spark-version': { pattern: /^\d+\.\d+\.x-[a-z0-9.-]+$/, example: '16.4.x-scala2.12' },
  python: { pattern: /^\d+\.\d+\.\d+$/, example: '3.12.3' },
  'snapshot-date': { pattern: /^\d{4}-\d{2}-\d{2}$/, example: '2025-06-02' },
};

/**
 * Reads `runtime-baseline[-flavor].in`. Every package line must be an exact `==` pin (it is a snapshot of
 * `pip list --format=freeze`); missing or malformed header values are reported at line 1.
 * @throws RequirementsIoError when the file is missing
 */
export function readRuntimeBaseline(files: FlavorSource, flavor: Flavor): RuntimeBaseline {
  const { dir: requirementsDir, baseline: file } = resolveFlavorFiles(files, flavor);
  const source = readRequirementsFile(file, requirementsDir);
  const shown = displayPath(requirementsDir, file);
  const problems: RequirementsProblem[] = [...source.problems];

  const values = new Map<string, { value: string; line: number }>();
  for (const line of source.header) {
    const match = /^([a-z-]+):\s*(.*)$/.exec(line.comment ?? '');
    if (match !== null) {
      values.set(match[1], { value: match[2].trim(), line: line.line });
    }
  }
  const header = {} as Record<(typeof BASELINE_HEADER_KEYS)[number], string>;
  for (const key of BASELINE_HEADER_KEYS) {
    const found = values.get(key);
    const { pattern, example } = HEADER_VALUE[key];
    if (found === undefined) {
      problems.push({
        file: shown,
        line: 1,
        message: `the header has no "# ${key}:" line. Add "# ${key}: ${example}" before the first package.`,
      });
    } else if (!pattern.test(found.value)) {
      problems.push({
        file: shown,
        line: found.line,
        message: `"${key}: ${found.value}" is not valid. Write e.g. "# ${key}: ${example}".`,
      });
    }
    header[key] = found?.value ?? '';
  }
  const declaredFlavor = values.get('databricks-runtime-flavor');
  if (
    declaredFlavor !== undefined &&
    declaredFlavor.value !== flavor &&
    HEADER_VALUE['databricks-runtime-flavor'].pattern.test(declaredFlavor.value)
  ) {
    problems.push({
      file: shown,
      line: declaredFlavor.line,
      message: `the header says flavor "${declaredFlavor.value}" but the file is the ${flavor} baseline. Fix the header or move the snapshot to the right file.`,
    });
  }

  const packages = new Map<string, BaselinePackage>();
  for (const entry of source.entries) {
    const version = exactPin(entry.requirement.specifiers);
    if (
      version === undefined ||
      entry.requirement.url !== undefined ||
      entry.requirement.marker !== undefined
    ) {
      problems.push({
        file: displayPath(requirementsDir, entry.file),
        line: entry.line,
        message: `${entry.requirement.key} is not an exact pin; a runtime baseline lists what the runtime ships as name==version. Take the line from "pip list --format=freeze" on the runtime.`,
      });
      continue;
    }
    if (!packages.has(entry.requirement.key)) {
      packages.set(entry.requirement.key, { key: entry.requirement.key, version, entry });
    }
  }
  problems.push(...findDisagreeingPins(source.entries, requirementsDir));

  return {
    runtimeVersion: header['databricks-runtime'],
    flavor: header['databricks-runtime-flavor'],
    sparkVersion: header['spark-version'],
    pythonVersion: header.python,
    snapshotDate: header['snapshot-date'],
    packages,
    // An invalid python header is already a problem; markers then evaluate as on DBR 16.4's Python.
    markerEnvironment: databricksMarkerEnvironment(
      HEADER_VALUE.python.pattern.test(header.python) ? header.python : '3.12.3',
    ),
    source,
    problems,
  };
}
