/**
 * Secrets planted into a requirement file never leak: whatever line of a flavor's files holds a
 * secret-shaped string (as a package name, an index URL's password, a comment, an include path, a
 * marker), `npm run requirements -- check` and `combine` never print it and never write it.
 */
import * as fs from 'fs';
import * as path from 'path';
import fc from 'fast-check';
import { runRequirements } from '../../../ops/requirements-cli';
import { secretCore, secretShapeArb } from '../../helpers/secret-shapes';
import { FAKE } from '../policy/policy-kit';
import { copyFixture, PROJECT_REQUIREMENTS } from './fixture-dir';

/** Lines of every shape a requirement file takes, with the secret in them. */
const LINES: ReadonlyArray<(secret: string) => string> = [
  (s) => s,
  (s) => `${s}==1.0`,
  (s) => `tenacity==9.0.0  # ${s}`,
  (s) => `tenacity==9.0.0  # override: ${s}`,
  (s) => `--index-url ${s}`,
  (s) => `--index-url https://ci:${s}@pypi.acme.example/simple`,
  (s) => `--extra-index-url https://${s}@pypi.acme.example/simple  # source: the team's mirror`,
  (s) => `--trusted-host ${s}`,
  (s) => `acme-lib @ https://ci:${s}@files.acme.example/acme_lib-1.0-py3-none-any.whl`,
  (s) => `git+https://${s}@github.com/acme/lib.git#egg=lib`,
  (s) => `-r ${s}.in`,
  (s) => `-c ${s}`,
  (s) => `tenacity==9.0.0; python_version > "${s}"`,
  (s) => `tenacity==9.0.0 --hash=sha256:${s}`,
];

const FILES = ['additional-packages.in', 'runtime-baseline.in', 'requirements.txt'];

/** Every file below `dir`, by path, read as text. */
function files(dir: string): Map<string, string> {
  return new Map(
    (fs.readdirSync(dir, { recursive: true }) as string[])
      .map((f) => path.join(dir, f))
      .filter((f) => fs.statSync(f).isFile())
      .map((f) => [f, fs.readFileSync(f, 'utf8')]),
  );
}

describe('secrets planted into a requirement file', () => {
  it('are never printed by check or combine, nor written by combine', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...FILES),
        fc.constantFrom(...LINES),
        secretShapeArb,
        fc.boolean(),
        (file, line, secret, first) => {
          const dir = copyFixture(PROJECT_REQUIREMENTS);
          const target = path.join(dir, file);
          const planted = line(secret);
          const text = fs.readFileSync(target, 'utf8');
          fs.writeFileSync(target, first ? `${planted}\n${text}` : `${text}\n${planted}\n`);
          const before = files(dir);
          const printed: string[] = [];
          const io = { stdout: (l: string) => printed.push(l), stderr: (l: string) => printed.push(l) };
          for (const command of ['check', 'combine'] as const) {
            runRequirements({ command, flavors: ['standard'], dir }, io);
          }
          const core = secretCore(secret);
          expect(printed.join('\n')).not.toContain(core);
          // Only the planted file may hold it: combine never copies it into what it writes.
          const written = [...files(dir)].filter(([f, t]) => before.get(f) !== t);
          for (const [f, t] of written) expect(`${f}: ${t}`).not.toContain(core);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('fails on a token pasted as a package line, and combine writes nothing of it (found by this property)', () => {
    const dir = copyFixture(PROJECT_REQUIREMENTS);
    const token = FAKE.databricksToken;
    fs.appendFileSync(path.join(dir, 'additional-packages.in'), `\n${token}\n`);
    const before = files(dir);
    const printed: string[] = [];
    const io = { stdout: (l: string) => printed.push(l), stderr: (l: string) => printed.push(l) };
    expect(runRequirements({ command: 'combine', flavors: ['standard'], dir }, io)).toBe(1);
    expect(printed).toContainEqual(
      expect.stringMatching(
        /^requirements\/additional-packages\.in:\d+: holds secret-shaped text \(Databricks token: dapi…\(36 chars, masked\)\)/,
      ),
    );
    expect(printed).toContain('standard: not written, 1 problem(s)');
    expect([...files(dir)].filter(([f, t]) => before.get(f) !== t)).toEqual([]);
  });
});
