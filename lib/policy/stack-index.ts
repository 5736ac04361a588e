import { DefaultTokenResolver, StringConcat, TerraformResource, TerraformStack, Tokenization } from 'cdktf';
import { IConstruct } from 'constructs';
import { PinnedEnvironment } from '../pinned-environment';

const RESOLVER = new DefaultTokenResolver(new StringConcat());

/** What a pinned environment of the stack fixes on its clusters. */
export interface PinnedFacts {
  readonly flavor: string;
  /** The `pinned_env` tag value. */
  readonly digest: string;
  readonly initScriptPath: string;
  readonly containerImageUrl?: string;
  /** Workspace path of the uploaded lock. */
  readonly lockPath: string;
  /** Whether the lock carries `--hash` values. */
  readonly lockHasHashes: boolean;
}

const configs = new WeakMap<TerraformResource, Readonly<Record<string, unknown>>>();

/**
 * A resource's configuration as it will be synthesized: snake_case keys, references to other
 * resources as `${type.id.attribute}`, lazy values (e.g. merged permissions) produced. Computed
 * once per resource and cached, so every pack and rule reads the same object.
 */
export function resolvedConfig(resource: TerraformResource): Readonly<Record<string, unknown>> {
  let config = configs.get(resource);
  if (!config) {
    const stack = TerraformStack.of(resource);
    const tf = Tokenization.resolve(resource.toTerraform(), { scope: stack, resolver: RESOLVER }) as {
      resource?: Record<string, Record<string, Record<string, unknown>>>;
    };
    config = tf.resource?.[resource.terraformResourceType]?.[resource.friendlyUniqueId] ?? {};
    configs.set(resource, config);
  }
  return config;
}

/** `${type.logicalId.attribute}`: how a reference to a resource's attribute appears in another's config. */
export function referenceTo(resource: TerraformResource, attribute: string): string {
  return `\${${resource.terraformResourceType}.${resource.friendlyUniqueId}.${attribute}}`;
}

const indexes = new WeakMap<TerraformStack, StackIndex>();

/**
 * Facts about one stack that rules compare resources against: its cluster policies, its pinned
 * environments, the paths of the notebooks it uploads. Built once per stack, on first use, in one
 * walk of the construct tree, so checking N resources costs O(N) and not O(N²).
 */
export class StackIndex {
  /** The index of the stack holding `scope` (built on first call). */
  static of(scope: IConstruct): StackIndex {
    const stack = TerraformStack.of(scope);
    let index = indexes.get(stack);
    if (!index) {
      index = new StackIndex(stack);
      indexes.set(stack, index);
    }
    return index;
  }

  /** References (`${databricks_cluster_policy.X.id}`) to the stack's cluster policies. */
  readonly policyReferences = new Set<string>();
  /** The stack's pinned environments by init script path. */
  readonly pinnedByInitScript = new Map<string, PinnedFacts>();
  /** The stack's pinned environments by container image URL (flavors that use one). */
  readonly pinnedByImage = new Map<string, PinnedFacts>();
  /** The stack's pinned environments by the workspace path of their lock. */
  readonly pinnedByLockPath = new Map<string, PinnedFacts>();
  /** Workspace paths of uploaded notebooks and files, by the reference to their `path`. */
  readonly uploadedPaths = new Map<string, string>();

  private constructor(readonly stack: TerraformStack) {
    for (const node of stack.node.findAll()) this.add(node, referenceTo);
    // A stack built on another's policies, pinned environments and uploads (a workflow group's jobs on
    // its environment's core stack) declares it a dependency: those count as this stack's, under the
    // references this stack has to them (cross-stack references resolve to a remote state output).
    for (const dependency of stack.dependencies) {
      for (const node of dependency.node.findAll()) {
        this.add(node, (resource, attribute) =>
          String(
            Tokenization.resolve(resource.getStringAttribute(attribute), {
              scope: stack,
              resolver: RESOLVER,
              preparing: true,
            }),
          ),
        );
      }
    }
  }

  /** Records what `node` tells rules, its resources under the references `reference` makes. */
  private add(node: IConstruct, reference: (resource: TerraformResource, attribute: string) => string): void {
    if (node instanceof PinnedEnvironment) {
      const facts: PinnedFacts = {
        flavor: node.flavor,
        digest: node.digest,
        initScriptPath: node.initScriptPath,
        lockPath: node.lockPath,
        lockHasHashes: node.lockHasHashes,
        ...(node.containerImage ? { containerImageUrl: node.containerImage.url } : {}),
      };
      this.pinnedByInitScript.set(node.initScriptPath, facts);
      this.pinnedByLockPath.set(node.lockPath, facts);
      if (facts.containerImageUrl) this.pinnedByImage.set(facts.containerImageUrl, facts);
    } else if (node instanceof TerraformResource) {
      const type = node.terraformResourceType;
      if (type === 'databricks_cluster_policy') this.policyReferences.add(reference(node, 'id'));
      else if (type === 'databricks_notebook' || type === 'databricks_workspace_file') {
        const path = resolvedConfig(node).path;
        if (typeof path === 'string') this.uploadedPaths.set(reference(node, 'path'), path);
      }
    }
  }

  /** A notebook path as a workspace path: references to the stack's uploads replaced by their paths. */
  workspacePath(notebookPath: string): string {
    return this.uploadedPaths.get(notebookPath) ?? notebookPath;
  }
}
