/**
 * IANA time zone ids as Databricks job schedules take them (`timezone_id`, a Java `ZoneId`).
 *
 * The list is `Intl.supportedValuesOf('timeZone')` plus `UTC`. That list holds ICU's canonical
 * names only (Node 20: `Asia/Calcutta`, not `Asia/Kolkata`), so an id is also accepted when `Intl`
 * resolves it to a listed zone (an IANA alias), or to a fixed-offset `Etc/` zone. Java reads ids
 * case-sensitively, so every `/`-separated part must start with a capital letter as IANA writes it.
 */

let known: ReadonlySet<string> | undefined;
function knownZones(): ReadonlySet<string> {
  known ??= new Set([...Intl.supportedValuesOf('timeZone'), 'UTC']);
  return known;
}

function resolved(id: string): string | undefined {
  try {
    return new Intl.DateTimeFormat('en', { timeZone: id }).resolvedOptions().timeZone;
  } catch {
    return undefined;
  }
}

/** Whether Databricks accepts `id` as a schedule's time zone. */
export function isTimeZone(id: string): boolean {
  if (knownZones().has(id)) return true;
  if (!/^[A-Z][A-Za-z0-9_+-]*(\/[A-Z][A-Za-z0-9_+-]*)*$/.test(id)) return false;
  const canonical = resolved(id);
  return canonical !== undefined && (knownZones().has(canonical) || /^Etc\/GMT[+-]\d{1,2}$/.test(canonical));
}

/** Edit distance, case-insensitive (for "did you mean"). */
function distance(a: string, b: string): number {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  let row = Array.from({ length: y.length + 1 }, (_, j) => j);
  for (let i = 1; i <= x.length; i++) {
    const next = [i];
    for (let j = 1; j <= y.length; j++) {
      next[j] = Math.min(row[j] + 1, next[j - 1] + 1, row[j - 1] + (x[i - 1] === y[j - 1] ? 0 : 1));
    }
    row = next;
  }
  return row[y.length];
}

/** The listed zone closest to a wrong id (e.g. `Europe/Berlin` for `Europe/Berln`), if any is close. */
export function closestTimeZone(id: string): string | undefined {
  let best: string | undefined;
  let bestDistance = Math.max(3, Math.floor(id.length / 4)) + 1;
  for (const zone of knownZones()) {
    const d = distance(id, zone);
    if (d < bestDistance) [best, bestDistance] = [zone, d];
  }
  return best;
}

/** What a wrong id should have been: `an IANA time zone id such as ... (did you mean Europe/Berlin?)`. */
export function timeZoneExpectation(id: string): string {
  const near = closestTimeZone(id);
  return `an IANA time zone id such as UTC or Europe/Berlin${near ? ` (did you mean ${near}?)` : ''}`;
}

/** Why `id` is not a time zone, with the fix; undefined when it is one. */
export function timeZoneProblem(id: string): string | undefined {
  return isTimeZone(id) ? undefined : `expected ${timeZoneExpectation(id)}, found ${JSON.stringify(id)}`;
}
