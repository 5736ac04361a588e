import type { Report } from './isolation-checks';
import { ENV_REFERENCE, EnvValueKey, EnvironmentFile, ProjectFile } from './schema';
import type { EnvironmentSpec } from '../../stacks/workspace-spec';

/** A workflow parameter whose key names a write target unless the workflow lists its own. */
const TARGET_KEY = /^(target|output|dest|destination|sink)([_.-]|$)/i;

/** The project settings that differ per environment, with `${env.<key>}` substituted. */
export type EnvironmentValues = EnvironmentSpec['values'] & {
  /** Per workflow name, the parameter keys that name where it writes. */
  readonly workflowTargets: Readonly<Record<string, readonly string[]>>;
};

/**
 * Resolves one environment's values: the project's workflow parameters (replaced by the
 * environment's `workflows.<name>.parameters` where given), backup and export settings (with the
 * environment's `data` overrides), each `${env.<key>}` replaced by the environment's value. A
 * reference to a value the environment does not declare is reported at the field that uses it.
 */
export function resolveEnvironmentValues(
  project: ProjectFile,
  env: Pick<EnvironmentFile, 'data' | 'workflows'> & { readonly name: string; readonly file: string },
  projectFile: string,
  report: Report,
): EnvironmentValues {
  const values: Record<EnvValueKey, string | undefined> = {
    name: env.name,
    catalog: env.data.catalog,
    schema: env.data.schema,
    storageRoot: env.data.storageRoot?.replace(/\/+$/, ''),
  };
  const resolve = (text: string, file: string, path: string): string =>
    text.replace(ENV_REFERENCE, (whole, key: EnvValueKey) => {
      const value = values[key];
      if (value !== undefined) return value;
      report(
        file,
        path,
        `expected a value for ${whole} in ${env.file}, found nothing; set data.${key} in ${env.file} (or write the value out)`,
      );
      return whole;
    });
  const workflowParameters: Record<string, Record<string, string>> = {};
  const workflowTargets: Record<string, string[]> = {};
  project.workflows.forEach((w, i) => {
    const override = env.workflows[w.name]?.parameters;
    const [source, file, at] = override
      ? [override, env.file, `workflows.${w.name}.parameters`]
      : [w.parameters, projectFile, `workflows[${i}].parameters`];
    workflowParameters[w.name] = Object.fromEntries(
      Object.entries(source).map(([k, v]) => [k, resolve(v, file, `${at}.${k}`)]),
    );
    workflowTargets[w.name] =
      w.targetParameters ?? Object.keys(workflowParameters[w.name]).filter((k) => TARGET_KEY.test(k));
  });
  const { data } = env;
  const at = (override: string | undefined, field: string, projectField: string, fallback: string) =>
    override !== undefined
      ? resolve(override, env.file, `data.${field}`)
      : resolve(fallback, projectFile, projectField);
  return {
    workflowParameters,
    workflowTargets,
    backup: {
      tables: project.backup.tables.map((t, i) => resolve(t, projectFile, `backup.tables[${i}]`)),
      targetCatalog: at(
        data.backupTargetCatalog,
        'backupTargetCatalog',
        'backup.targetCatalog',
        project.backup.targetCatalog,
      ),
      location: at(data.backupLocation, 'backupLocation', 'backup.location', project.backup.location),
      schedule: project.backup.schedule,
    },
    unityCatalogExport: {
      catalogs: project.unityCatalogExport.catalogs.map((c, i) =>
        resolve(c, projectFile, `unityCatalogExport.catalogs[${i}]`),
      ),
      location: at(
        data.exportLocation,
        'exportLocation',
        'unityCatalogExport.location',
        project.unityCatalogExport.location,
      ),
      schedule: project.unityCatalogExport.schedule,
    },
  };
}
