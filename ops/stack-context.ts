import * as fs from 'node:fs';
import * as path from 'node:path';
import { PROJECT_ROOT } from '../app/paths/project-paths';
import { TerraformRunner } from './terraform-runner';
import { WorkspaceClient } from './workspace-client';

/** The project holding `.tools/` (this program's own checkout, also for rollback worktrees). */
const TOOLCHAIN_ROOT = PROJECT_ROOT;

/** What the post-deploy commands (smoke, sync, status) need of a deployed environment. */
export interface StackContext {
  readonly environment: string;
  /** Workspace host the stack's provider targets. */
  readonly host: string;
  /** The stack's outputs from its state. */
  readonly outputs: Record<string, unknown>;
  readonly client: WorkspaceClient;
  /** The synthesized stack's folder (`cdk.tf.json`, Terraform's working directory). */
  readonly stackDir: string;
  /** Terraform in the stack's folder, initialized. */
  readonly runner: TerraformRunner;
}

/**
 * Reads a deployed environment: its synthesized stack (for the provider host) and its state's
 * outputs (`terraform output`). The stack must have been synthesized (`npm run synth`).
 * @param programDir the program's folder (the project, or a rollback worktree)
 */
export function stackContext(
  programDir: string,
  environment: string,
  env: NodeJS.ProcessEnv = process.env,
): StackContext {
  const stackDir = path.resolve(programDir, env.CDKTF_OUTDIR || 'cdktf.out', 'stacks', environment);
  const file = path.join(stackDir, 'cdk.tf.json');
  if (!fs.existsSync(file)) {
    throw new Error(`No synthesized stack for "${environment}" (${file}); run npm run synth first.`);
  }
  const config = JSON.parse(fs.readFileSync(file, 'utf8')) as {
    provider?: { databricks?: Array<{ host?: string }> };
  };
  const host = config.provider?.databricks?.[0]?.host ?? env.DATABRICKS_HOST;
  if (!host) throw new Error(`The ${environment} stack names no workspace host.`);
  const runner = new TerraformRunner(TOOLCHAIN_ROOT, stackDir, env);
  runner.init();
  const outputs = runner.outputs();
  if (Object.keys(outputs).length === 0) {
    throw new Error(
      `"${environment}" has not been deployed (its state has no outputs); run npm run deploy -- ${environment}.`,
    );
  }
  return { environment, host, outputs, client: new WorkspaceClient({ host, env }), stackDir, runner };
}
