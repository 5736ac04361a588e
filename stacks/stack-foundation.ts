import * as path from 'node:path';
import {
  AzurermBackend,
  CloudBackend,
  GcsBackend,
  LocalBackend,
  PgBackend,
  PgBackendConfig,
  NamedCloudWorkspace,
  S3Backend,
  TerraformStack,
} from 'cdktf';
import { DatabricksProvider } from '@cdktf/provider-databricks/lib/provider';
import { stateKeySuffix } from './partition-layout';
import { DEFAULT_PROVIDER_RATE_LIMIT, EnvironmentSpec, ProjectSpec } from './workspace-spec';

/**
 * The provider versions the synthesized stacks accept: the bindings are generated for 1.99.0;
 * 1.84.0 is the newest the offline (air-gapped) mirror can be built from here, and everything the
 * constructs use exists in both (checked by `terraform validate` in test/integration).
 */
export const PROVIDER_VERSION_CONSTRAINT = '>= 1.84.0, <= 1.99.0';

/** What every stack of an environment needs for its provider and state backend. */
export interface StackFoundationProps {
  readonly project: ProjectSpec;
  readonly environment: EnvironmentSpec;
  /** @default - the host in the environment's config */
  readonly workspaceHost?: string;
  /** @default - the provider's default */
  readonly retryTimeoutSeconds?: number;
  /**
   * Absolute path of the environment's local state file (local backend only); a group stack's
   * is this one with its suffix before `.tfstate`.
   * @default - the config's `stateBackend.path`, else `.state/<env>.tfstate` in the project
   */
  readonly localStateFile?: string;
  /** The folder this stack is synthesized into. @default 'cdktf.out/stacks/<stack>' */
  readonly stackOutdir?: string;
}

/** The environment's Databricks provider, with the provider version constraint. */
export function configureProvider(stack: TerraformStack, props: StackFoundationProps): void {
  const env = props.environment;
  new DatabricksProvider(stack, 'Databricks', {
    host: props.workspaceHost ?? env.workspace.host,
    rateLimit: env.provider?.rateLimit ?? DEFAULT_PROVIDER_RATE_LIMIT,
    ...(props.retryTimeoutSeconds !== undefined ? { retryTimeoutSeconds: props.retryTimeoutSeconds } : {}),
  });
  stack.addOverride('terraform.required_providers.databricks.version', PROVIDER_VERSION_CONSTRAINT);
}

/** `dev.tfstate` + `-jobs-ingest` = `dev-jobs-ingest.tfstate`. */
function withSuffix(file: string, suffix: string): string {
  return file.endsWith('.tfstate')
    ? `${file.slice(0, -'.tfstate'.length)}${suffix}.tfstate`
    : `${file}${suffix}`;
}

/**
 * The state backend of one stack of the environment. The core stack (named after the environment)
 * keeps the environment's state; another stack of a partitioned environment gets its own state
 * beside it: the local file or pg schema with its {@link stateKeySuffix} (`dev-jobs-ingest.tfstate`,
 * `tfstate_dev_jobs_ingest`). Partitioning is refused at config load for the other backends.
 */
export function configureBackend(
  stack: TerraformStack,
  props: StackFoundationProps,
  stackName: string,
): void {
  const backend = props.environment.stateBackend;
  const env = props.environment.name;
  const suffix = stateKeySuffix(env, stackName);
  switch (backend.type) {
    case 'local': {
      const file = withSuffix(
        props.localStateFile ??
          (backend.path
            ? path.resolve(props.project.configDir, backend.path)
            : path.resolve(props.project.configDir, '..', '.state', `${env}.tfstate`)),
        suffix,
      );
      const stackDir = path.resolve(props.stackOutdir ?? path.join('cdktf.out', 'stacks', stackName));
      new LocalBackend(stack, { path: path.relative(stackDir, file) });
      return;
    }
    case 'pg':
      // No conn_str: Terraform reads PG_CONN_STR (or libpq's PG* variables) from the environment,
      // so the password never reaches config or the synthesized stack.
      new PgBackend(stack, {
        schemaName: `${backend.schemaName ?? `tfstate_${env.replace(/-/g, '_')}`}${suffix.replace(/-/g, '_')}`,
      } as PgBackendConfig);
      return;
    case 's3':
      new S3Backend(stack, {
        bucket: backend.bucket,
        key: backend.key,
        region: backend.region,
        encrypt: backend.encrypt,
        ...(backend.dynamodbTable ? { dynamodbTable: backend.dynamodbTable } : {}),
      });
      return;
    case 'azurerm':
      new AzurermBackend(stack, {
        resourceGroupName: backend.resourceGroupName,
        storageAccountName: backend.storageAccountName,
        containerName: backend.containerName,
        key: backend.key,
      });
      return;
    case 'gcs':
      new GcsBackend(stack, { bucket: backend.bucket, prefix: backend.prefix });
      return;
    case 'cloud':
      new CloudBackend(stack, {
        hostname: backend.hostname,
        organization: backend.organization,
        workspaces: new NamedCloudWorkspace(backend.workspace),
      });
  }
}
