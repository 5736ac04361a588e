import * as path from 'node:path';

/**
 * The root of this program's checkout: where `main.ts`, `package.json` and `cdktf.json` live. The one
 * place the program finds itself; every path to its own files below is computed from it (the synth
 * bundle, bin/synth.js, keeps `__dirname` pointing at this file's real folder).
 */
export const PROJECT_ROOT = path.resolve(__dirname, '..', '..');

/** A path inside the project root, e.g. `projectPath('docs', 'guardrails.md')`. */
export function projectPath(...segments: string[]): string {
  return path.join(PROJECT_ROOT, ...segments);
}

/** This program's own folders and files, absolute. */
export const PROJECT_PATHS = {
  root: PROJECT_ROOT,
  /** The default config folder (`DEVOPS_CONFIG_DIR` overrides it). */
  config: projectPath('config'),
  /** The default requirements folder of `npm run requirements` (`REQUIREMENTS_DIR` or `--dir` override it). */
  requirements: projectPath('requirements'),
  /** The ops notebooks the stacks upload (backup, UC export, security scan, data quality), `<name>.py` each. */
  notebooks: projectPath('assets', 'notebooks'),
  /** The bash template of the pinned environments' init script. */
  initScriptTemplate: projectPath('assets', 'init', 'pinned-environment.sh.tmpl'),
  /** Local state files when no state folder is given (`DEVOPS_STATE_DIR`). */
  state: projectPath('.state'),
  readme: projectPath('README.md'),
} as const;
