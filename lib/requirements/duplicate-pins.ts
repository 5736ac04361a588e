import { exactPin, versionsEqual } from './pep440';
import { displayPath, RequirementsProblem } from './problem';
import { RequirementEntry } from './requirements-file';

/**
 * Finds packages pinned (`==`) more than once at versions that disagree, after PEP 503 name and PEP 440
 * version normalization (`PyYAML==6.0` and `pyyaml==6.0.0` agree). Each later disagreeing pin is reported
 * at its own line, naming the first one.
 */
export function findDisagreeingPins(
  entries: ReadonlyArray<RequirementEntry>,
  requirementsDir: string,
): RequirementsProblem[] {
  const first = new Map<string, { entry: RequirementEntry; version: string }>();
  const problems: RequirementsProblem[] = [];
  for (const entry of entries) {
    const version = exactPin(entry.requirement.specifiers);
    if (version === undefined) {
      continue;
    }
    const earlier = first.get(entry.requirement.key);
    if (earlier === undefined) {
      first.set(entry.requirement.key, { entry, version });
    } else if (!versionsEqual(earlier.version, version)) {
      const where = `${displayPath(requirementsDir, earlier.entry.file)}:${earlier.entry.line}`;
      problems.push({
        file: displayPath(requirementsDir, entry.file),
        line: entry.line,
        message:
          `${entry.requirement.key} is pinned twice with different versions: ==${version} here and ` +
          `==${earlier.version} at ${where}. Keep one pin.`,
      });
    }
  }
  return problems;
}
