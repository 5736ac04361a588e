import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse, stringify } from 'yaml';
import { ConfigError } from '../../app/config/config-error';
import { PROJECT_PATHS } from '../../app/paths/project-paths';
import { PROJECT_REQUIREMENTS } from './construct-fixture';
import { tempDir } from './temp-dir';

/** The default config of the project (`config/`): project.yaml plus dev, staging and prod. */
export const DEFAULT_CONFIG_DIR = PROJECT_PATHS.config;

/** The file names of the default config. */
export const CONFIG_FILES = ['project.yaml', 'dev.yaml', 'staging.yaml', 'prod.yaml'] as const;
export type ConfigFile = (typeof CONFIG_FILES)[number];

/** A parsed YAML document, loosely typed so tests can break it in any way. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type YamlObject = Record<string, any>;

export { tempDir };

/**
 * Copies the default config into `<tmp>/config` and returns that path. `requirements.dir` is made to
 * point at the project's real requirements folder, so the copy synthesizes like the original.
 */
export function copyDefaultConfig(): string {
  const dir = path.join(tempDir('devops-config-'), 'config');
  fs.cpSync(DEFAULT_CONFIG_DIR, dir, { recursive: true });
  editYaml(dir, 'project.yaml', (project) => {
    project.requirements = { dir: PROJECT_REQUIREMENTS };
  });
  return dir;
}

/** Reads one YAML file of a config dir as a plain object. */
export function readYaml(dir: string, file: string): YamlObject {
  return parse(fs.readFileSync(path.join(dir, file), 'utf8')) as YamlObject;
}

/** Writes an object as YAML into a config dir. */
export function writeYaml(dir: string, file: string, value: unknown): void {
  fs.writeFileSync(path.join(dir, file), stringify(value));
}

/** Parses a file of a config dir, lets `edit` change it in place, and writes it back. */
export function editYaml(dir: string, file: string, edit: (doc: YamlObject) => void): void {
  const doc = readYaml(dir, file);
  edit(doc);
  writeYaml(dir, file, doc);
}

/** Runs `load` and returns the ConfigError it throws; fails the test when it throws anything else or nothing. */
export function configErrorOf(load: () => unknown): ConfigError {
  try {
    load();
  } catch (e) {
    if (e instanceof ConfigError) return e;
    throw new Error(
      `expected a ConfigError, got ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}`,
    );
  }
  throw new Error('expected a ConfigError, but the config loaded');
}

/**
 * The issues of a ConfigError as `<file>: <path>: <message>` lines, the file relative to the config
 * dir `dir` (shown as `<config>` for the dir itself) also inside messages, so expectations do not
 * depend on temp paths.
 */
export function issueLines(error: ConfigError, dir: string): string[] {
  return error.issues.map((i) => {
    const file = path.relative(dir, path.resolve(i.file)) || '<config>';
    // Messages may name another file of the dir (e.g. "a workflow in <dir>/project.yaml"): shorten it too.
    const message = i.message.split(`${path.resolve(dir)}${path.sep}`).join('');
    return `${file}${i.path ? `: ${i.path}` : ''}: ${message}`;
  });
}

/**
 * Whether `chmod 000` stops this process from reading a file. It does not for root (CAP_DAC_OVERRIDE),
 * and CI containers often run tests as root, so tests of unreadable files check this first.
 */
export function chmodBlocksReads(): boolean {
  const file = path.join(tempDir('chmod-probe-'), 'probe');
  fs.writeFileSync(file, 'x');
  fs.chmodSync(file, 0o000);
  try {
    fs.readFileSync(file);
    return false;
  } catch {
    return true;
  } finally {
    fs.chmodSync(file, 0o600);
  }
}
