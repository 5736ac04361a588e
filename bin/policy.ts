/**
 * `npm run policy -- rules|report [--json]`: lists the policy rules, and every suppression of every
 * environment (env, construct path, rule, reason). See docs/guardrails.md.
 */
import { runPolicyCli } from '../ops/policy-cli';

process.exitCode = runPolicyCli(process.argv.slice(2), process.env, {
  stdout: (line) => console.log(line),
  stderr: (line) => console.error(line),
});
