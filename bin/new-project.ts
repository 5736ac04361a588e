/** npm run new-project -- <dir> [--name NAME] [--git-url URL]: scaffolds a data project. */
import { parseCli, PROJECT_ROOT, runCli, UsageError } from './cli';
import { scaffoldDataProject, ScaffoldError } from '../ops/new-project';

const USAGE = `Usage: npm run new-project -- <dir> [--name NAME] [--git-url URL]

Scaffolds the data repository the environments' Git folders mount (docs/GETTING_STARTED.md):
deep_project_core/, notebooks/{eda,workflows,smoke_tests}, tests/{unit,integration,data},
requirements/, a Makefile (setup, test, synth, deploy, smoke), .github/workflows/ci.yml and a config/
for this program that points at the new checkout. <dir> must not exist or be empty.

  --name NAME     project name (2-40 of a-z, 0-9, '-'); default: the folder's name
  --git-url URL   https URL of the repository; default: https://github.com/acme-data/<name>.git

Exit codes: 0 written, 1 refused (nothing written), 2 usage.`;

runCli(USAGE, () => {
  const { values, positionals } = parseCli(
    process.argv.slice(2),
    { name: { type: 'string' }, 'git-url': { type: 'string' } },
    USAGE,
  );
  if (positionals.length !== 1) {
    throw new UsageError(`expected exactly one target folder, found ${JSON.stringify(positionals)}`);
  }
  try {
    const result = scaffoldDataProject({
      targetDir: positionals[0],
      programRoot: PROJECT_ROOT,
      projectName: values.name,
      gitUrl: values['git-url'],
    });
    console.log(
      `Created ${result.projectName} in ${result.targetDir} (${result.files.length} files).\nNext: cd ${result.targetDir} && make setup && make test && make synth (see docs/GETTING_STARTED.md).`,
    );
    return 0;
  } catch (e) {
    if (e instanceof ScaffoldError) {
      console.error(e.message);
      return 1;
    }
    throw e;
  }
});
