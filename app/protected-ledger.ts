import * as fs from 'node:fs';
import * as path from 'node:path';
import { z } from 'zod';
import { ConfigError } from './config/config-error';
import { displayPath } from './config/load-config';
import { zodIssueMessage } from './config/zod-issue-message';
import type { ProtectedAddresses } from '../stacks/kind-protection';
import { PROTECTED_KIND_NAMES, ProtectedKind } from '../stacks/protected-kinds';

/**
 * File name of the ledger in the config folder: every protected address synth has produced, per
 * environment and kind. Commit it, like a lock file: it is how a protected resource dropped from
 * code becomes a `removed { lifecycle { destroy = false } }` block instead of a delete.
 */
export const LEDGER_FILE = 'protected-resources.json';

/** The ledger: environment name → kind → Terraform addresses. */
export type ProtectedLedger = Readonly<Record<string, ProtectedAddresses>>;

const ADDRESS = /^[a-z][a-z0-9_]*\.[A-Za-z_][A-Za-z0-9_-]*$/;
const schema = z.record(
  z.string(),
  z.partialRecord(
    z.enum(PROTECTED_KIND_NAMES),
    z.array(z.string().regex(ADDRESS, 'a Terraform address such as databricks_job.Backup_Job_3D7CAD39')),
  ),
);

/**
 * Reads the ledger of a config folder; empty when the file does not exist.
 * @throws ConfigError naming the file, the bad field and the fix
 */
export function readLedger(configDir: string): ProtectedLedger {
  const file = path.join(configDir, LEDGER_FILE);
  if (!fs.existsSync(file)) return {};
  const fix = `; fix it, or restore it from git (\`git checkout -- ${displayPath(file)}\`)`;
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    throw new ConfigError([
      { file: displayPath(file), path: '', message: `expected JSON (${(e as Error).message})${fix}` },
    ]);
  }
  const result = schema.safeParse(raw);
  if (result.success) return result.data;
  throw new ConfigError(
    result.error.issues.map((issue) => ({
      file: displayPath(file),
      path: issue.path.join('.'),
      message: `${zodIssueMessage(
        issue,
        issue.path.reduce<unknown>((v, k) => (v as Record<PropertyKey, unknown> | undefined)?.[k], raw),
      )}${fix}`,
    })),
  );
}

/**
 * The ledger after synthesizing `environment`: for each kind it still protects, the union of what
 * the ledger had and what the stack defines now; kinds it no longer protects are released (their
 * resources may then be deleted like any other).
 */
export function updateLedger(
  ledger: ProtectedLedger,
  environment: string,
  kinds: readonly ProtectedKind[],
  current: ProtectedAddresses,
): ProtectedLedger {
  const entry: Partial<Record<ProtectedKind, string[]>> = {};
  for (const kind of PROTECTED_KIND_NAMES) {
    if (!kinds.includes(kind)) continue;
    const addresses = new Set([...(ledger[environment]?.[kind] ?? []), ...(current[kind] ?? [])]);
    if (addresses.size > 0) entry[kind] = [...addresses].sort();
  }
  const next: Record<string, ProtectedAddresses> = { ...ledger };
  if (Object.keys(entry).length > 0) next[environment] = entry;
  else delete next[environment];
  return Object.fromEntries(Object.entries(next).sort(([a], [b]) => a.localeCompare(b)));
}

/** Writes the ledger (atomically) when it differs from the file; returns true when it wrote. */
export function writeLedger(configDir: string, ledger: ProtectedLedger): boolean {
  const file = path.join(configDir, LEDGER_FILE);
  const text = `${JSON.stringify(ledger, null, 2)}\n`;
  const empty = Object.keys(ledger).length === 0;
  if (fs.existsSync(file) ? fs.readFileSync(file, 'utf8') === text : empty) return false;
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, text);
  fs.renameSync(tmp, file);
  return true;
}
