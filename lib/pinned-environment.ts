import { Construct } from 'constructs';
import { WorkspaceFile } from '@cdktf/provider-databricks/lib/workspace-file';
import { contentDigest } from './content-digest';
import { checkFlavor } from './requirements/check';
import { Flavor } from './requirements/flavor';
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
  /** The folder holding the requirement files (baseline, additions, combined, lock). */
  readonly requirementsDir: string;
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
    const problems = checkFlavor(props.requirementsDir, props.flavor);
    if (problems.length > 0) {
      const lines = problems.map((p) => `  ${p.file}${p.line ? `:${p.line}` : ''}: ${p.message}`);
      throw new Error(
        `The ${props.flavor} requirements are inconsistent; fix them (npm run requirements -- check) before synthesizing:\n${lines.join('\n')}`,
      );
    }
    for (const secret of Object.values(props.containerImage?.basicAuth ?? {})) {
      if (!/^\{\{secrets\/[^/{}]+\/[^/{}]+\}\}$/.test(secret)) {
        throw new Error(
          `${this.node.path}: container registry credentials must be secret references like {{secrets/<scope>/<key>}}, never inline values`,
        );
      }
    }
    const pinned = readPinnedFlavor(props.requirementsDir, props.flavor);
    this.flavor = props.flavor;
    this.runtimeVersion = pinned.runtimeVersion;
    this.sparkVersion = pinned.sparkVersion;
    this.containerImage = props.containerImage;

    const lockDigest = contentDigest(pinned.lockText);
    const lockName = `pinned/${props.flavor}/requirements-${lockDigest}.txt`;
    this.lockPath = `${props.folder.path}/${lockName}`;
    const script = renderInitScript(props.requirementsDir, props.flavor, this.lockPath);
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
}
