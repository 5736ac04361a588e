import * as fs from 'node:fs';
import { Token } from 'cdktf';
import { Construct } from 'constructs';
import { WorkspaceFile } from '@cdktf/provider-databricks/lib/workspace-file';
import { contentDigest } from './content-digest';
import { checkFlavor } from './requirements/check';
import { Flavor, FlavorFiles } from './requirements/flavor';
import { renderInitScript } from './requirements/init-script';
import { readPinnedFlavor } from './requirements/pinned-files';
import { WorkspaceFolder } from './workspace-folder';

/** A Databricks Container Services image that carries the pinned environment instead of (or besides) the init script. */
export interface ContainerImage {
  /** Image URL, e.g. `acme.azurecr.io/simple-project/ml:1.4.0`. */
  readonly url: string;
  /**
   * Registry credentials as secret references (`{{secrets/<scope>/<key>}}`), never inline.
   * @default - a public image, no credentials
   */
  readonly basicAuth?: { readonly username: string; readonly password: string };
}

/** Props of {@link PinnedEnvironment}. */
export interface PinnedEnvironmentProps {
  /** Which requirements set: `standard`, `ml` or `gpu`. */
  readonly flavor: Flavor;
  /**
   * The flavor's requirement files, read at synth time (plain paths, never tokens): the runtime
   * baseline (runtime and Spark version, what the runtime ships), the project's additions (its
   * declared packages and package sources), the combined file generated from both, and the lock
   * that is uploaded and enforced. All must be consistent (`checkFlavor`). `flavorFiles(dir, flavor)`
   * gives them for a folder laid out as the blueprint does; other names work when the files stay
   * inside `dir`.
   */
  readonly requirements: FlavorFiles;
  /**
   * Path of the bash template the init script is rendered from (placeholders listed at
   * `fillInitScriptTemplate`); read at synth time, a plain path. This repository's is
   * `assets/init/pinned-environment.sh.tmpl`.
   */
  readonly initScriptTemplate: string;
  /** Where the lock and the init script are uploaded. */
  readonly folder: WorkspaceFolder;
  /**
   * A container image for this flavor (the blueprint's containerized extension).
   * @default - none: the init script alone enforces the lock
   */
  readonly containerImage?: ContainerImage;
}

/**
 * One flavor's pinned dependency graph on the workspace: the lock file and the init script that
 * enforces it on cluster start, both uploaded as workspace files under content-addressed paths,
 * so that a change of lock changes the cluster spec (visible in the plan, restarting exactly the
 * clusters of that flavor).
 *
 * Synthesizing fails (the constructor throws, nothing is written) when the flavor's requirement
 * files are inconsistent: a broken lock never reaches a cluster.
 */
export class PinnedEnvironment extends Construct {
  readonly flavor: Flavor;
  /** Databricks Runtime version of the baseline snapshot, e.g. `16.4`. */
  readonly runtimeVersion: string;
  /** The runtime key clusters of this flavor must use, e.g. `16.4.x-cpu-ml-scala2.12`. */
  readonly sparkVersion: string;
  /** Workspace path of the uploaded lock. */
  readonly lockPath: string;
  /** Whether the lock carries `--hash` values (pip installs it with `--require-hashes`). */
  readonly lockHasHashes: boolean;
  /** Workspace path of the uploaded init script (a cluster's `init_scripts.workspace.destination`). */
  readonly initScriptPath: string;
  /** Content digest of lock and script together; tagged on clusters as `pinned_env`. */
  readonly digest: string;
  readonly containerImage?: ContainerImage;
  readonly lockFile: WorkspaceFile;
  readonly initScriptFile: WorkspaceFile;
  /** The init script and the lock: what every cluster of this flavor `depends_on`. */
  readonly files: readonly WorkspaceFile[];

  constructor(scope: Construct, id: string, props: PinnedEnvironmentProps) {
    super(scope, id);
    const template = this.readTemplate(props);
    const problems = checkFlavor(props.requirements, props.flavor);
    if (problems.length > 0) {
      const lines = problems.map((p) => `  ${p.file}${p.line ? `:${p.line}` : ''}: ${p.message}`);
      throw new Error(
        `The ${props.flavor} requirements are inconsistent; fix them (npm run requirements -- check) before synthesizing:\n${lines.join('\n')}`,
      );
    }
    for (const secret of Object.values(props.containerImage?.basicAuth ?? {})) {
      if (!Token.isUnresolved(secret) && !/^\{\{secrets\/[^/{}]+\/[^/{}]+\}\}$/.test(secret)) {
        throw new Error(
          `${this.node.path}: container registry credentials must be secret references like {{secrets/<scope>/<key>}}, never inline values`,
        );
      }
    }
    const pinned = readPinnedFlavor(props.requirements, props.flavor);
    this.flavor = props.flavor;
    this.runtimeVersion = pinned.runtimeVersion;
    this.sparkVersion = pinned.sparkVersion;
    this.containerImage = props.containerImage;
    this.lockHasHashes = pinned.hasHashes;

    const lockDigest = contentDigest(pinned.lockText);
    const lockName = `pinned/${props.flavor}/requirements-${lockDigest}.txt`;
    this.lockPath = `${props.folder.path}/${lockName}`;
    const script = renderInitScript(props.requirements, props.flavor, this.lockPath, template);
    const scriptDigest = contentDigest(script);
    this.initScriptPath = `${props.folder.path}/pinned/${props.flavor}/enforce-requirements-${scriptDigest}.sh`;
    this.digest = contentDigest(lockDigest, scriptDigest);

    this.lockFile = props.folder.addFile(this, 'Lock', { name: lockName, content: pinned.lockText });
    this.initScriptFile = props.folder.addFile(this, 'InitScript', {
      name: `pinned/${props.flavor}/enforce-requirements-${scriptDigest}.sh`,
      content: script,
    });
    this.files = [this.initScriptFile, this.lockFile];
  }

  /** The template's text; the file props must be plain paths, since they are read now. */
  private readTemplate(props: PinnedEnvironmentProps): string {
    const paths: Array<[string, string]> = [
      ['initScriptTemplate', props.initScriptTemplate],
      ...Object.entries(props.requirements).map(([key, file]): [string, string] => [
        `requirements.${key}`,
        file,
      ]),
    ];
    for (const [prop, value] of paths) {
      if (Token.isUnresolved(value)) {
        throw new Error(
          `${this.node.path}: ${prop} must be a path on this machine, read at synth time; found a token`,
        );
      }
    }
    try {
      return fs.readFileSync(props.initScriptTemplate, 'utf8');
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? 'unknown error';
      throw new Error(
        `${this.node.path}: initScriptTemplate ${props.initScriptTemplate} cannot be read (${code}); pass the path of the init-script template`,
      );
    }
  }
}
