import * as path from 'node:path';
import { App, TerraformStack, Testing } from 'cdktf';
import { PROJECT_PATHS } from '../../app/paths/project-paths';
import { DatabricksProvider } from '@cdktf/provider-databricks/lib/provider';
import { ClusterPolicy, ClusterPolicyProps } from '../../lib/cluster-policy';
import { PinnedEnvironment } from '../../lib/pinned-environment';
import { Flavor, flavorFiles } from '../../lib/requirements/flavor';
import { WorkspaceFolder } from '../../lib/workspace-folder';
import { tempDir } from './temp-dir';

/** The default project's requirements folder: real, consistent lock files for every flavor. */
export const PROJECT_REQUIREMENTS = PROJECT_PATHS.requirements;

/** The program's init-script template (`assets/init/pinned-environment.sh.tmpl`). */
export const PROJECT_INIT_SCRIPT_TEMPLATE = PROJECT_PATHS.initScriptTemplate;

/** The program's ops notebook `<name>.py` (`assets/notebooks/`). */
export function projectNotebook(name: string): string {
  return path.join(PROJECT_PATHS.notebooks, `${name}.py`);
}

/** The props of a {@link PinnedEnvironment} of the program's own files, but for the folder. */
export function projectPinnedFiles(flavor: Flavor, requirementsDir = PROJECT_REQUIREMENTS) {
  return {
    flavor,
    requirements: flavorFiles(requirementsDir, flavor),
    initScriptTemplate: PROJECT_INIT_SCRIPT_TEMPLATE,
  };
}

/** The tags the test policies require, and that test clusters and jobs therefore carry. */
export const REQUIRED_TAGS = { project: 'demo', environment: 'dev', cost_centre: 'cc-1' } as const;

/** The node types the test policies allow. */
export const ALLOWED_NODE_TYPES = ['i3.xlarge', 'i3.2xlarge'] as const;

/** An empty stack with a Databricks provider, in a test App (temporary outdir, stubbed version). */
export function testStack(id = 'test'): { app: App; stack: TerraformStack } {
  const app = Testing.app({ outdir: tempDir('cdktf-test-') });
  const stack = new TerraformStack(app, id);
  new DatabricksProvider(stack, 'Databricks', { host: 'https://dbc-test.cloud.databricks.com' });
  return { app, stack };
}

/** A stack set up like an environment: a folder, and (on demand) pinned environments and policies per flavor. */
export interface ConstructFixture {
  readonly app: App;
  readonly stack: TerraformStack;
  /** `/Shared/demo/dev`. */
  readonly folder: WorkspaceFolder;
  /** The pinned environment of a flavor, built from {@link PROJECT_REQUIREMENTS} on first use. */
  pinned(flavor?: Flavor): PinnedEnvironment;
  /**
   * A policy on the flavor's pinned environment, allowing {@link ALLOWED_NODE_TYPES}, at most 4
   * workers and 60 minutes of autotermination, requiring {@link REQUIRED_TAGS}. Same flavor, same policy
   * unless `overrides` are given (then a new policy with its own id).
   */
  policy(flavor?: Flavor, overrides?: Partial<ClusterPolicyProps>, id?: string): ClusterPolicy;
}

/** Builds a {@link ConstructFixture}: the shared set-up of the construct tests. */
export function constructFixture(): ConstructFixture {
  const { app, stack } = testStack();
  const folder = new WorkspaceFolder(stack, 'Folder', { path: '/Shared/demo/dev' });
  const pinned = new Map<Flavor, PinnedEnvironment>();
  const policies = new Map<Flavor, ClusterPolicy>();
  const pinnedOf = (flavor: Flavor = 'standard') => {
    if (!pinned.has(flavor)) {
      pinned.set(
        flavor,
        new PinnedEnvironment(stack, `Pinned-${flavor}`, { ...projectPinnedFiles(flavor), folder }),
      );
    }
    return pinned.get(flavor)!;
  };
  return {
    app,
    stack,
    folder,
    pinned: pinnedOf,
    policy(flavor: Flavor = 'standard', overrides?: Partial<ClusterPolicyProps>, id?: string) {
      if (!overrides && policies.has(flavor)) return policies.get(flavor)!;
      const policy = new ClusterPolicy(stack, id ?? `Policy-${flavor}${overrides ? '-custom' : ''}`, {
        policyName: `demo-dev-${flavor}`,
        pinnedEnvironment: pinnedOf(flavor),
        allowedNodeTypes: [...ALLOWED_NODE_TYPES],
        maxWorkers: 4,
        maxAutoterminationMinutes: 60,
        requiredTags: { ...REQUIRED_TAGS },
        ...overrides,
      });
      if (!overrides) policies.set(flavor, policy);
      return policy;
    },
  };
}
