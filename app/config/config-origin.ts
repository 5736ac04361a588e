import { formatPath } from './config-error';
import { EnvironmentConfig, ProjectConfig } from './load-config';
import { SecretOrigin } from '../../lib/text/secret-scan';

/** Fields the loader adds to what the files say: not written by the user, so no origin. */
const DERIVED_PROJECT = new Set(['file', 'configDir', 'requirementsDir', 'environments', 'dataRepoDir']);
const DERIVED_ENVIRONMENT = new Set(['name', 'tier', 'file', 'schedulesPaused', 'protected', 'values']);

/** A text of the config and where it is; the field path is spelled only for a finding (most never are). */
interface Leaf {
  readonly file: string;
  readonly at: readonly PropertyKey[];
  /** The text is the key at `at`, not its value. */
  readonly isKey: boolean;
  readonly text: string;
}

function leaves(value: unknown, file: string, at: PropertyKey[], skip: ReadonlySet<string>, out: Leaf[]) {
  if (typeof value === 'string') {
    out.push({ file, at, isKey: false, text: value });
  } else if (Array.isArray(value)) {
    value.forEach((v, i) => leaves(v, file, [...at, i], skip, out));
  } else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (at.length === 0 && skip.has(k)) continue;
      // A key is text the user wrote too (a parameter or variable name).
      out.push({ file, at: [...at, k], isKey: true, text: k });
      leaves(v, file, [...at, k], skip, out);
    }
  }
}

const whereOf = (l: Leaf) => `${l.file}: ${formatPath(l.at)}${l.isKey ? ' (key)' : ''}`;

/**
 * Where a value of the synthesized output came from in the config: the file and field whose text
 * holds it (`config/prod.yaml: workflows.ingest.parameters.token`), for secret-scan findings. A value
 * in the stack of environment `stack` is looked up in that environment's file, then in project.yaml,
 * never in another environment's file (which may hold the same text).
 */
export function configOrigins(config: ProjectConfig): SecretOrigin {
  const shared: Leaf[] = [];
  leaves(config, config.file, [], DERIVED_PROJECT, shared);
  const own = new Map<string, Leaf[]>();
  config.environments.forEach((env: EnvironmentConfig) => {
    const out: Leaf[] = [];
    leaves(env, env.file, [], DERIVED_ENVIRONMENT, out);
    own.set(env.name, out);
  });
  return (value, stack) => {
    const candidates =
      stack !== undefined ? [...(own.get(stack) ?? []), ...shared] : [...own.values(), shared].flat();
    const leaf = candidates.find((l) => l.text.includes(value));
    return leaf && whereOf(leaf);
  };
}
