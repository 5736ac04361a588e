/**
 * Synthesizes one Terraform stack per environment of the config into cdktf.out/stacks/<env>.
 * Run by `npm run synth` and by `cdktf synth` / `cdktf deploy` (see cdktf.json).
 *
 * Environment variables: DEVOPS_CONFIG_DIR (config folder), CDKTF_OUTDIR (output folder),
 * DEVOPS_WORKSPACE_HOST (target every environment at one host, e.g. the local emulator),
 * DEVOPS_PROVIDER_RETRY_TIMEOUT_SECONDS, DEVOPS_STATE_DIR, DEVOPS_ENVIRONMENTS (comma-separated
 * subset), DEVOPS_ALLOW_DESTROY (comma-separated addresses whose protection is lifted), DEVOPS_GIT_SHA / DEVOPS_GIT_REF / DEVOPS_GIT_URL (deployment record).
 */
import { ConfigError } from './app/config/config-error';
import { currentDeployment } from './app/deployment-record';
import { synthesize } from './app/synth';
import { synthInputs } from './app/synth-environment';
import { redactSecrets } from './lib/text/secret-scan';
import { readManifest } from './app/toolchain-manifest';
import { PROJECT_ROOT } from './app/paths/project-paths';
import { disableTokenStackTraces } from './app/token-stack-traces';

// tsx turns on source maps; with them every stack trace cdktf captures (one per token, thousands
// per stack) is mapped back to TypeScript, which costs about a third of a large synth. Our errors
// carry messages, not stacks, so synth runs without them.
process.setSourceMapsEnabled(false);
disableTokenStackTraces();

function main(): number {
  const env = process.env;
  if (process.argv.includes('--help') || process.argv.includes('-h')) {
    console.log(`Usage: npm run synth
Synthesizes cdktf.out/stacks/<env>/cdk.tf.json for every environment in the config folder.
Environment: DEVOPS_CONFIG_DIR, CDKTF_OUTDIR, DEVOPS_WORKSPACE_HOST, DEVOPS_PROVIDER_RETRY_TIMEOUT_SECONDS,
DEVOPS_STATE_DIR, DEVOPS_ENVIRONMENTS, DEVOPS_ALLOW_DESTROY, DEVOPS_GIT_SHA, DEVOPS_GIT_REF (see README).`);
    return 0;
  }
  try {
    const { settings, config } = synthInputs(env);
    const names = synthesize(config, {
      outdir: settings.outdir,
      deployment: currentDeployment(config.configDir, env, settings.outdir),
      workspaceHost: settings.workspaceHost,
      retryTimeoutSeconds: settings.retryTimeoutSeconds,
      stateDir: settings.stateDir,
      environments: settings.environments,
      providerLock: readManifest(PROJECT_ROOT),
      allowDestroy: settings.allowDestroy,
      keepLedger: true,
    });
    if (!env.CDKTF_OUTDIR || process.stdout.isTTY) {
      console.error(`Synthesized ${names.length} stack(s): ${names.join(', ')}`);
    }
    return 0;
  } catch (e) {
    if (e instanceof ConfigError) {
      console.error(e.message);
      return 1;
    }
    console.error(redactSecrets(`Synth failed: ${e instanceof Error ? e.message : String(e)}`));
    return 1;
  }
}

process.exitCode = main();
