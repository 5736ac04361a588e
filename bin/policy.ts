/**
 * `npm run policy -- rules|report|docs [--json]`: lists the policy rules, and every suppression of every
 * environment (env, construct path, rule, reason). See docs/guardrails.md.
 */
import { POLICY_COMMANDS, PolicyRun, runPolicy } from '../ops/policy-cli';
import { parseCli, runCli, UsageError } from './cli';

/** The `--help` text. */
export const USAGE = `Usage: npm run policy -- <command> [--json]
  rules            every rule: id, pack, where it applies, description, fix  (--markdown: the README table)
  report           every rule, and every suppression of every environment (env, path, rule, reason, source)
  docs [--check]   regenerate the rule reference in docs/guardrails.md (--check: exit 1 when it is stale)
Reads the config folder ($DEVOPS_CONFIG_DIR, default config/). See docs/guardrails.md.`;

/**
 * The run the command line asks for (`--help` prints {@link USAGE} and exits 0).
 * @throws UsageError on a missing or unknown command, an unknown option or an extra argument
 */
export function policyRun(argv: readonly string[]): PolicyRun {
  const { values, positionals } = parseCli(
    argv,
    { json: { type: 'boolean' }, markdown: { type: 'boolean' }, check: { type: 'boolean' } },
    USAGE,
  );
  const [command, ...extra] = positionals;
  const commands: readonly string[] = POLICY_COMMANDS;
  if (command === undefined) throw new UsageError(`Missing command: ${POLICY_COMMANDS.join(', ')}.`);
  if (!commands.includes(command)) throw new UsageError(`Unknown command ${JSON.stringify(command)}.`);
  if (extra.length > 0) throw new UsageError(`Unexpected argument ${JSON.stringify(extra[0])}.`);
  return {
    command: command as PolicyRun['command'],
    json: values.json ?? false,
    markdown: values.markdown ?? false,
    check: values.check ?? false,
  };
}

if (require.main === module) {
  runCli(USAGE, () =>
    runPolicy(policyRun(process.argv.slice(2)), process.env, {
      stdout: (line) => console.log(line),
      stderr: (line) => console.error(line),
    }),
  );
}
