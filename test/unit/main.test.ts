import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { OUTPUT_MARKER } from '../../app/synth-outdir';
import { BROKEN_CONFIGS } from '../fixtures/configs/broken/cases';
import { copyDefaultConfig, tempDir } from '../helpers/config-dir';

const ROOT = path.resolve(__dirname, '..', '..');

interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs main.ts in a child process with the given environment additions: `npx tsx main.ts` as a user
 * does, or (`direct`) `node --import tsx main.ts`, the same loader in one process instead of three
 * (npx, the tsx CLI, node), which halves the CPU time of the failing runs.
 */
function runMain(env: Record<string, string>, direct = false): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      direct ? process.execPath : 'npx',
      direct ? ['--import', 'tsx', 'main.ts'] : ['tsx', 'main.ts'],
      { cwd: ROOT, env: { ...process.env, ...env }, timeout: 120_000 },
      (error, stdout, stderr) =>
        resolve({ code: error ? (typeof error.code === 'number' ? error.code : null) : 0, stdout, stderr }),
    );
  });
}

/** An output folder holding a previous synth (a marker file), to prove a failed run leaves it alone. */
function previousOutput(): string {
  const outdir = path.join(tempDir('devops-main-out-'), 'cdktf.out');
  fs.mkdirSync(path.join(outdir, 'stacks', 'dev'), { recursive: true });
  fs.writeFileSync(path.join(outdir, 'marker'), 'previous synth\n');
  fs.writeFileSync(path.join(outdir, OUTPUT_MARKER), '');
  fs.writeFileSync(path.join(outdir, 'stacks', 'dev', 'cdk.tf.json'), '{"previous": true}\n');
  return outdir;
}

const VIA_MAIN = BROKEN_CONFIGS.filter((c) => c.viaMain);

// All runs start at once (each is a separate Node process, 1-2 s of start-up) and the tests read the results.
const runs = new Map<string, { run: Run; dir: string; outdir: string }>();
beforeAll(async () => {
  const jobs: Array<Promise<void>> = [];
  for (const brokenCase of VIA_MAIN) {
    const dir = copyDefaultConfig();
    brokenCase.breakConfig(dir);
    const outdir = previousOutput();
    jobs.push(
      runMain({ DEVOPS_CONFIG_DIR: dir, CDKTF_OUTDIR: outdir }, true).then((run) => {
        runs.set(brokenCase.name, { run, dir, outdir });
      }),
    );
  }
  const good = copyDefaultConfig();
  const goodOut = previousOutput();
  jobs.push(
    runMain({
      DEVOPS_CONFIG_DIR: good,
      CDKTF_OUTDIR: goodOut,
      DEVOPS_GIT_SHA: 'abc1234',
      DEVOPS_GIT_REF: 'release/1.3',
    }).then((run) => {
      runs.set('success', { run, dir: good, outdir: goodOut });
    }),
  );
  await Promise.all(jobs);
}, 180_000);

describe('main.ts', () => {
  it('has at least a handful of broken configs to run', () => {
    expect(VIA_MAIN.length).toBeGreaterThanOrEqual(5);
  });

  describe.each(VIA_MAIN.map((c) => [c.name, c] as const))('with a broken config', (name, brokenCase) => {
    it(`fails when ${name}: exit code 1, the problems on stderr, the previous output untouched`, () => {
      const { run, dir, outdir } = runs.get(name)!;
      expect(run.code).toBe(1);
      const lines = run.stderr.trim().split('\n');
      const count = brokenCase.expected.length;
      expect(lines[0]).toBe(`Invalid configuration (${count === 1 ? '1 problem' : `${count} problems`}):`);
      // main.ts prints absolute paths for a config outside the working directory; compare relative to it.
      const shown = lines.slice(1).map((l) => {
        const text = l.replace(/^ {2}/, '').split(`${dir}${path.sep}`).join('');
        return text.startsWith(`${dir}:`) ? `<config>${text.slice(dir.length)}` : text;
      });
      expect(shown).toEqual(brokenCase.expected);
      expect(run.stdout).toBe('');
      expect(fs.readFileSync(path.join(outdir, 'marker'), 'utf8')).toBe('previous synth\n');
      expect(fs.readFileSync(path.join(outdir, 'stacks', 'dev', 'cdk.tf.json'), 'utf8')).toBe(
        '{"previous": true}\n',
      );
      expect(fs.readdirSync(path.dirname(outdir))).toEqual(['cdktf.out']);
    });
  });

  it('writes the three stacks on success, replacing the previous output', () => {
    const { run, outdir } = runs.get('success')!;
    expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 0, stderr: '' });
    expect(fs.readdirSync(path.join(outdir, 'stacks')).sort()).toEqual(['dev', 'prod', 'staging']);
    for (const env of ['dev', 'staging', 'prod']) {
      const stack = JSON.parse(fs.readFileSync(path.join(outdir, 'stacks', env, 'cdk.tf.json'), 'utf8'));
      expect(stack.output.deployed_git_sha.value).toBe('abc1234');
      expect(stack.output.deployed_git_ref.value).toBe('release/1.3');
      expect(Object.keys(stack.resource.databricks_job).length).toBeGreaterThan(0);
    }
    expect(fs.existsSync(path.join(outdir, 'marker'))).toBe(false);
    expect(fs.readdirSync(path.dirname(outdir))).toEqual(['cdktf.out']);
  });
});
