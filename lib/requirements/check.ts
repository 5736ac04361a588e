import { buildCombined, COMBINE_COMMAND, CombinedBuild, recordedInputs } from './combine';
import { Flavor, FlavorFiles, FlavorSource, resolveFlavorFiles } from './flavor';
import { evaluateMarker } from './markers';
import { satisfiesAll } from './pep440';
import { displayPath, RequirementsIoError, RequirementsProblem, sortProblems } from './problem';
import { packageSourceProblems } from './package-sources';
import { formatRequirement } from './requirement-line';
import { readLockFile, relockCommand } from './lock-file';
import { readRequirementsFile, readTextFile, RequirementEntry } from './requirements-file';

export type { RequirementsProblem } from './problem';

/**
 * Checks one flavor's requirement files and returns every problem found (empty when all is well):
 * - inputs: parse errors, runtime baseline header, additions that conflict with the runtime's versions
 *   (unless marked `# override: <reason>`), pins of one package that disagree, include cycles;
 * - the combined file: stale against its inputs (digests) or edited by hand (content);
 * - the lock: entries not pinned with `==`, missing hashes, combined entries missing from the lock,
 *   locked versions that do not satisfy the combined requirements or the additions' constraints.
 * Each message reads `<what is wrong>. <how to fix>`; files are shown relative to the parent of
 * the requirements folder. Synchronous.
 * @throws RequirementsIoError when a file is missing or unreadable (the message names it)
 */
export function checkFlavor(source: FlavorSource, flavor: Flavor): RequirementsProblem[] {
  const files = resolveFlavorFiles(source, flavor);
  const requirementsDir = files.dir;
  const build = buildCombined(files, flavor);
  const problems: RequirementsProblem[] = [...build.problems];
  problems.push(...staleness(files, build));

  const combined = readRequirementsFile(files.combined, requirementsDir);
  problems.push(...combined.problems);
  const lock = readLockFile(files, flavor);
  problems.push(...lock.problems);
  problems.push(...packageSourceProblems(lock.source, requirementsDir, { requireDeclaration: false }));

  const environment = build.baseline.markerEnvironment;
  const applies = (entry: RequirementEntry) =>
    entry.requirement.marker === undefined || evaluateMarker(entry.requirement.marker, environment);
  const fix = `Regenerate the lock: ${relockCommand(flavor, lock.hasHashes)}`;
  const lockName = displayPath(requirementsDir, files.lock);
  const required = [...combined.entries, ...build.additions.entries.filter((e) => e.constraint)];
  for (const entry of required) {
    if (!applies(entry) || entry.requirement.url !== undefined) {
      continue;
    }
    const locked = lock.packages.get(entry.requirement.key);
    if (locked === undefined) {
      if (!entry.constraint) {
        problems.push({
          file: displayPath(requirementsDir, entry.file),
          line: entry.line,
          message: `${entry.requirement.key} is required here but missing from ${lockName}. ${fix}.`,
        });
      }
    } else if (!satisfiesAll(locked.version, entry.requirement.specifiers)) {
      problems.push({
        file: displayPath(requirementsDir, locked.entry.file),
        line: locked.entry.line,
        message:
          `${locked.key}==${locked.version} does not satisfy "${formatRequirement(entry.requirement)}" ` +
          `required by ${displayPath(requirementsDir, entry.file)}:${entry.line}. ${fix}.`,
      });
    }
  }
  return sortProblems(dedupe(problems));
}

/** Problems that make the combined file stale (digests) or hand-edited (content). */
function staleness(files: FlavorFiles, build: CombinedBuild): RequirementsProblem[] {
  const { dir: requirementsDir, combined: file } = files;
  const shown = displayPath(requirementsDir, file);
  let text: string;
  try {
    text = readTextFile(file, requirementsDir);
  } catch (error) {
    throw new RequirementsIoError(`${(error as Error).message}. Generate it with \`${COMBINE_COMMAND}\``);
  }
  const fix = `Run \`${COMBINE_COMMAND}\` and commit the result.`;
  const recorded = recordedInputs(text);
  const problems: RequirementsProblem[] = [];
  for (const input of build.inputs) {
    const found = recorded.find((r) => r.path === input.path);
    if (found === undefined) {
      problems.push({
        file: shown,
        line: 1,
        message: `is stale: it was not generated from ${input.path}. ${fix}`,
      });
    } else if (found.sha256 !== input.sha256) {
      problems.push({
        file: shown,
        line: found.line,
        message: `is stale: ${input.path} changed since it was generated (sha256 ${found.sha256.slice(0, 12)}… recorded, ${input.sha256.slice(0, 12)}… now). ${fix}`,
      });
    }
  }
  for (const extra of recorded.filter((r) => !build.inputs.some((i) => i.path === r.path))) {
    problems.push({
      file: shown,
      line: extra.line,
      message: `is stale: ${extra.path} is no longer an input. ${fix}`,
    });
  }
  if (problems.length === 0 && build.problems.length === 0 && text !== build.text) {
    const actual = text.split('\n');
    const expected = build.text.split('\n');
    let index = 0;
    while (index < Math.max(actual.length, expected.length) && actual[index] === expected[index]) {
      index += 1;
    }
    const show = (line: string | undefined) => (line === undefined ? 'the end of the file' : `"${line}"`);
    problems.push({
      file: shown,
      line: index + 1,
      message: `differs from what combine generates (expected ${show(expected[index])}, found ${show(actual[index])}); it is generated and must not be edited by hand. ${fix}`,
    });
  }
  return problems;
}

function dedupe(problems: RequirementsProblem[]): RequirementsProblem[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const key = `${p.file}\0${p.line}\0${p.message}`;
    return seen.has(key) ? false : (seen.add(key), true);
  });
}
