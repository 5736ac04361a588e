import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { findDisagreeingPins } from './duplicate-pins';
import { Flavor, FlavorSource, resolveFlavorFiles } from './flavor';
import { evaluateMarker } from './markers';
import { exactPin, formatSpecifiers, satisfiesAll, VersionSpecifier } from './pep440';
import { displayPath, RequirementsProblem, sortProblems } from './problem';
import { INDEX_OPTIONS, packageSourceProblems, sourceReason } from './package-sources';
import { formatRequirement } from './requirement-line';
import { readRequirementsFile, RequirementEntry, RequirementsFile } from './requirements-file';
import { readRuntimeBaseline, RuntimeBaseline } from './runtime-baseline';

/** The command that regenerates combined files, quoted in messages and in the file header. */
export const COMBINE_COMMAND = 'npm run requirements -- combine';

/** An input file of the combined file and its digest, as recorded in the combined file's header. */
export interface CombinedInput {
  /** Path relative to the requirements folder, `/`-separated. */
  readonly path: string;
  /** sha256 of the file's bytes, lower-case hex. */
  readonly sha256: string;
}

/** The combined file as `combine` would write it, with what was found on the way. */
export interface CombinedBuild {
  /** The exact bytes `combine` writes. */
  readonly text: string;
  /** Every file read (baseline, additions and their includes) with its digest. */
  readonly inputs: ReadonlyArray<CombinedInput>;
  readonly baseline: RuntimeBaseline;
  readonly additions: RequirementsFile;
  /** Problems in the inputs: parse errors, conflicts with the runtime, disagreeing pins, bad overrides. */
  readonly problems: ReadonlyArray<RequirementsProblem>;
}

/**
 * The override marker: a trailing comment `# override: <reason>` on an addition that replaces the version
 * the runtime ships. The reason is required, so a reviewer sees why the tested runtime is being changed.
 */
const OVERRIDE = /^override\b:?\s*(.*)$/i;

/** The override reason of an addition (`''` when marked without one), or `undefined` when not marked. */
export function overrideReason(entry: RequirementEntry): string | undefined {
  const match = OVERRIDE.exec(entry.comment ?? '');
  return match === null ? undefined : match[1].trim();
}

/** sha256 of a file's bytes. */
export function fileSha256(file: string): string {
  return createHash('sha256').update(fs.readFileSync(file)).digest('hex');
}

function relativeToDir(requirementsDir: string, file: string): string {
  return path.relative(path.resolve(requirementsDir), file).split(path.sep).join('/');
}

/**
 * Merges a flavor's runtime baseline and additions into the combined requirements, in memory.
 *
 * One line per package, sorted by normalized name: a package only the runtime ships keeps its baseline pin;
 * a package only the project adds keeps its requirement; a package in both keeps the runtime's pin plus the
 * addition's extras and specifiers (which the runtime version must satisfy), unless the addition is marked
 * `# override: <reason>`, in which case the addition replaces the runtime's version. Entries from `-c`
 * constraint files are checked but not written: they add no requirement.
 * The header records the sha256 of every input, so a stale combined file is detected.
 * @throws RequirementsIoError when an input file is missing
 */
export function buildCombined(source: FlavorSource, flavor: Flavor): CombinedBuild {
  const files = resolveFlavorFiles(source, flavor);
  const requirementsDir = files.dir;
  const baseline = readRuntimeBaseline(files, flavor);
  const additions = readRequirementsFile(files.additions, requirementsDir);
  const problems: RequirementsProblem[] = [...baseline.problems, ...additions.problems];
  problems.push(...findDisagreeingPins(additions.entries, requirementsDir));
  problems.push(...packageSourceProblems(additions, requirementsDir));
  const at = (entry: RequirementEntry) => ({
    file: displayPath(requirementsDir, entry.file),
    line: entry.line,
  });
  const applies = (entry: RequirementEntry) =>
    entry.requirement.marker === undefined ||
    evaluateMarker(entry.requirement.marker, baseline.markerEnvironment);

  const added = new Map<string, RequirementEntry>();
  for (const entry of additions.entries) {
    const { key } = entry.requirement;
    const runtime = baseline.packages.get(key);
    const override = entry.constraint ? undefined : overrideReason(entry);
    const satisfied =
      runtime !== undefined &&
      entry.requirement.url === undefined &&
      satisfiesAll(runtime.version, entry.requirement.specifiers);
    const wanted = formatRequirement(entry.requirement);

    if (!entry.constraint) {
      const earlier = added.get(key);
      if (earlier === undefined) {
        added.set(key, entry);
      } else if (
        formatRequirement(earlier.requirement) !== wanted &&
        !(
          exactPin(earlier.requirement.specifiers) !== undefined &&
          exactPin(entry.requirement.specifiers) !== undefined
        )
      ) {
        problems.push({
          ...at(entry),
          message: `${key} is listed again with a different requirement ("${wanted}" here, "${formatRequirement(earlier.requirement)}" at ${at(earlier).file}:${earlier.line}). Merge them into one line.`,
        });
      }
    }

    if (override !== undefined) {
      if (override === '') {
        problems.push({
          ...at(entry),
          message: `the override of ${key} gives no reason. Write "# override: <why the runtime's version is replaced>".`,
        });
      } else if (runtime === undefined) {
        problems.push({
          ...at(entry),
          message: `${key} is marked as an override, but the runtime does not ship ${key}. Remove the "# override" marker.`,
        });
      } else if (satisfied) {
        problems.push({
          ...at(entry),
          message: `${key} is marked as an override, but the runtime's ${key}==${runtime.version} already satisfies "${wanted}". Remove the "# override" marker.`,
        });
      }
    } else if (runtime !== undefined && !satisfied && applies(entry)) {
      const baselineAt = at(runtime.entry);
      problems.push({
        ...at(entry),
        message:
          `"${wanted}" conflicts with the runtime's ${key}==${runtime.version} (${baselineAt.file}:${baselineAt.line}). ` +
          `Require a version the runtime ships (e.g. ${key}==${runtime.version}), or, to replace the runtime's version on purpose, end the line with "# override: <reason>".`,
      });
    }
  }

  const keys = [...new Set([...baseline.packages.keys(), ...added.keys()])].sort();
  const lines = keys.map((key) => {
    const runtime = baseline.packages.get(key);
    const entry = added.get(key);
    if (entry === undefined) {
      return `${key}==${runtime!.version}`;
    }
    if (runtime === undefined) {
      return formatRequirement(entry.requirement);
    }
    const reason = overrideReason(entry);
    if (reason !== undefined && reason !== '') {
      return `${formatRequirement(entry.requirement)}  # overrides the runtime's ${key}==${runtime.version}: ${reason}`;
    }
    if (!applies(entry)) {
      return `${key}==${runtime.version}`;
    }
    const pin: VersionSpecifier = { operator: '==', version: runtime.version };
    const specifiers = [
      pin,
      ...entry.requirement.specifiers.filter((s) => formatSpecifiers([s]) !== formatSpecifiers([pin])),
    ];
    return formatRequirement({ key, extras: entry.requirement.extras, specifiers });
  });

  const inputs = [...new Set([...baseline.source.files, ...additions.files])].map((file) => ({
    path: relativeToDir(requirementsDir, file),
    sha256: fileSha256(file),
  }));
  // Declared index options are kept (pip-compile and pip honour them from here); undeclared ones are problems above.
  const sources = additions.options
    .filter((o) => INDEX_OPTIONS.has(o.option) && sourceReason(o.comment))
    .map((o) => `${o.option} ${o.value}  # source: ${sourceReason(o.comment)}`);
  const text = [
    `# GENERATED by \`${COMBINE_COMMAND}\`: the runtime baseline plus the project's additions,`,
    `# one line per package, sorted by name. Do not edit: change the inputs below and re-run combine.`,
    `# flavor: ${flavor}`,
    ...inputs.map((input) => `# sha256 ${input.path} ${input.sha256}`),
    '',
    ...sources,
    ...lines,
    '',
  ].join('\n');
  return { text, inputs, baseline, additions, problems: sortProblems(problems) };
}

/** A digest line of a combined file's header. */
export interface RecordedInput extends CombinedInput {
  /** 1-based line number in the combined file. */
  readonly line: number;
}

/** Reads the `# sha256 <path> <hex>` lines a combined file records for its inputs. */
export function recordedInputs(combinedText: string): RecordedInput[] {
  const recorded: RecordedInput[] = [];
  combinedText.split(/\r?\n/).forEach((line, index) => {
    const match = /^# sha256 (\S+) ([0-9a-f]{64})$/.exec(line);
    if (match !== null) {
      recorded.push({ path: match[1], sha256: match[2], line: index + 1 });
    }
  });
  return recorded;
}

/** The outcome of {@link combineFlavor}. */
export interface CombineResult {
  /** Whether the file was written (false when the inputs have problems). */
  readonly written: boolean;
  /** Whether the bytes on disk changed. */
  readonly changed: boolean;
  readonly problems: ReadonlyArray<RequirementsProblem>;
}

/**
 * Writes `requirements-combined[-flavor].in` from the baseline and additions, unless the inputs have
 * problems. Deterministic: re-running on unchanged inputs leaves the file byte-identical.
 * @throws RequirementsIoError when an input is missing
 */
export function combineFlavor(source: FlavorSource, flavor: Flavor): CombineResult {
  const build = buildCombined(source, flavor);
  if (build.problems.length > 0) {
    return { written: false, changed: false, problems: build.problems };
  }
  const target = resolveFlavorFiles(source, flavor).combined;
  const before = fs.existsSync(target) ? fs.readFileSync(target, 'utf8') : undefined;
  if (before !== build.text) {
    fs.writeFileSync(target, build.text);
  }
  return { written: true, changed: before !== build.text, problems: [] };
}
