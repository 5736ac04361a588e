import { formatPath } from '../lib/text/field-path';

/**
 * Names the config fields a stack is built from, as the user finds them in their files
 * (`config/prod.yaml: clusters[0].autoterminationMinutes`), for the setting origins the stack
 * records on its constructs (lib/policy/setting-origin.ts): policy findings name them.
 */
export class ConfigFields {
  constructor(
    private readonly projectFile: string,
    private readonly environmentFile: string,
  ) {}

  /** A field of project.yaml. */
  project(...path: PropertyKey[]): string {
    return `${this.projectFile}: ${formatPath(path)}`;
  }

  /** A field of the environment's file. */
  environment(...path: PropertyKey[]): string {
    return `${this.environmentFile}: ${formatPath(path)}`;
  }

  /** The environment's field when it is set there, else the project's field it overrides. */
  overridden(
    set: boolean,
    environmentPath: readonly PropertyKey[],
    projectPath: readonly PropertyKey[],
  ): string {
    return set ? this.environment(...environmentPath) : this.project(...projectPath);
  }
}

/** The origin of something the program builds by itself, with no config field behind it. */
export function programDefault(what: string): string {
  return `(program default: ${what})`;
}
