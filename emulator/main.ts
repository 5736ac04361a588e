/**
 * `npm run emulator`: starts the local Databricks workspace API emulator and prints
 * `Databricks emulator listening on http://127.0.0.1:<port>` as the first stdout line.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { parseCli, USAGE } from './cli-options';
import { startEmulator } from './server';

async function main(): Promise<void> {
  let command;
  try {
    command = parseCli(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n`);
    process.exit(2);
  }
  if (command.kind === 'help') {
    process.stdout.write(USAGE);
    return;
  }
  // `--state .state/emulator.json` on a fresh clone: the folder does not exist yet.
  if (command.options.stateFile) mkdirSync(dirname(command.options.stateFile), { recursive: true });
  const emulator = await startEmulator(command.options);
  process.stdout.write(`Databricks emulator listening on ${emulator.url}\n`);
  const stop = (): void => {
    emulator.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`Databricks emulator failed to start: ${(error as Error).message}\n`);
  process.exit(1);
});
