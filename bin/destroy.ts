/**
 * npm run destroy -- <env> [--yes] [--allow-destroy <address>]...: removes every object of one
 * environment (and only that one), after listing them.
 */
import { assertDestroyGuard, planEnvironment } from '../ops/deploy-flow';
import { environmentArg, parseCli, PROJECT_ROOT, requireConfirmation, runCli } from './cli';
import { refusePartitioned } from '../ops/partitioned-flow';

const USAGE = `Usage: npm run destroy -- <env> [--yes] [--allow-destroy <address>]...

Synthesizes the stacks, plans the removal of every object of <env> (terraform plan -destroy), lists
what it will delete, and applies that saved plan after confirmation (--yes or CI=true). Protected
resources (Git folders and secret scopes in prod by default, the kinds in \`protected\`) stop it
with exit 3: name each with --allow-destroy, or remove the protection in config first.

Exit codes: 0 destroyed (or nothing to destroy), 1 error, 2 usage, 3 destroy guard tripped,
4 not destroyed: no --yes and no terminal to confirm on (or the answer was no).`;

runCli(USAGE, async () => {
  const { values, positionals } = parseCli(
    process.argv.slice(2),
    { yes: { type: 'boolean' }, 'allow-destroy': { type: 'string', multiple: true } },
    USAGE,
  );
  const environment = environmentArg(positionals);
  refusePartitioned('npm run destroy', environment);
  const planned = planEnvironment({
    toolchainRoot: PROJECT_ROOT,
    programDir: PROJECT_ROOT,
    environment,
    allowDestroy: values['allow-destroy'] ?? [],
    destroy: true,
  });
  const doomed = planned.summary.resources.filter((r) => r.action === 'delete');
  if (doomed.length === 0) {
    console.error(`${environment} has nothing to destroy.`);
    return 0;
  }
  console.log(`Destroying ${environment} deletes ${doomed.length} object(s):`);
  for (const r of doomed) console.log(`  - ${r.address}  (${r.constructPath})`);
  assertDestroyGuard(planned);
  await requireConfirmation(`destroy these ${doomed.length} objects of ${environment}`, values.yes === true);
  await planned.runner.apply(planned.planFile);
  return 0;
});
