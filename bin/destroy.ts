/** npm run destroy -- <env> --yes: removes every object of one environment (and only that one). */
import { confirm, environmentArg, parseCli, PROJECT_ROOT, runCli } from './cli';
import { stackDirOf, synthProgram } from '../ops/deploy-flow';
import { TerraformRunner } from '../ops/terraform-runner';

const USAGE = `Usage: npm run destroy -- <env> [--yes]

Synthesizes the stacks and runs terraform destroy for <env> after confirmation (--yes or CI=true).
Resources with prevent_destroy (protected Git folders and secret scopes, prod by default) make it
fail: remove the protection in config first if you really mean it.`;

runCli(USAGE, async () => {
  const { values, positionals } = parseCli(process.argv.slice(2), { yes: { type: 'boolean' } }, USAGE);
  const environment = environmentArg(positionals);
  if (!(await confirm(`Destroy every object of ${environment}?`, values.yes === true))) {
    console.error('Not destroyed. Re-run with --yes.');
    return 0;
  }
  synthProgram(PROJECT_ROOT, process.env);
  const runner = new TerraformRunner(PROJECT_ROOT, stackDirOf(PROJECT_ROOT, environment, process.env));
  runner.init();
  await runner.destroy();
  return 0;
});
