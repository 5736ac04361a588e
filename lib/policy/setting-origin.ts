import { IConstruct } from 'constructs';

/** The metadata type under which a construct's {@link SettingOrigins} are recorded. */
export const SETTING_ORIGINS_METADATA = 'devops:setting-origins';

/** The key of {@link SettingOrigins} that stands for the construct as a whole. */
export const WHOLE = '*';

/**
 * Where the settings of a construct came from, in the words of the program that built it: a setting
 * → the config file and field that produced it (`config/prod.yaml: clusters[0].autoterminationMinutes`)
 * or `(program default: …)`. A setting is a Terraform attribute path without list indices
 * (`autotermination_minutes`, `job_cluster.new_cluster.data_security_mode`), optionally ending in
 * the entry it is about (`task.notebook_task.base_parameters.target_schema`,
 * `access_control.data-engineers`); {@link WHOLE} is the construct as a whole. Plain text: the
 * library knows nothing of the config, the stack that read it says.
 */
export type SettingOrigins = Readonly<Record<string, string>>;

/** Records where settings of `construct` (and of the constructs below it) came from; later records win. */
export function recordSettingOrigins(construct: IConstruct, origins: SettingOrigins): void {
  construct.node.addMetadata(SETTING_ORIGINS_METADATA, origins);
}

function recorded(c: IConstruct): SettingOrigins[] {
  return c.node.metadata
    .filter((m) => m.type === SETTING_ORIGINS_METADATA)
    .map((m) => m.data as SettingOrigins)
    .reverse();
}

/** `a.b.c`, `a.b`, `a`: a setting, then the settings it belongs to. */
function widening(setting: string): string[] {
  const out: string[] = [];
  for (let s = setting; s !== ''; s = s.includes('.') ? s.slice(0, s.lastIndexOf('.')) : '') out.push(s);
  return out;
}

/**
 * Where `setting` of `construct` came from: looked up on the construct and then its scopes, nearest
 * first, for the setting itself or a setting it belongs to; failing that, the nearest record of the
 * construct as a whole. `undefined` when nothing recorded an origin (a construct built by hand).
 */
export function settingOrigin(construct: IConstruct, setting?: string): string | undefined {
  const scopes = [...construct.node.scopes].reverse();
  const keys = setting ? widening(setting) : [];
  for (const key of [...keys, WHOLE]) {
    for (const scope of scopes) {
      const found = recorded(scope).find((o) => o[key] !== undefined)?.[key];
      if (found !== undefined) return found;
    }
  }
  return undefined;
}
