/**
 * The GitHub Actions workflows of .github/workflows: actionlint (with shellcheck on every `run:`
 * block) passes, and the invariants that matter hold. Where an invariant lives in a shell step, the
 * step's own script runs here with bash and a stub `npm`, so the test checks behaviour, not text.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parse } from 'yaml';

const ROOT = path.resolve(__dirname, '..', '..');
const WORKFLOWS = path.join(ROOT, '.github', 'workflows');

/* eslint-disable @typescript-eslint/no-explicit-any -- workflow YAML is untyped data */
type Workflow = any;
type Step = { name?: string; id?: string; run?: string; uses?: string; with?: any; env?: any; if?: string };

function workflow(file: string): Workflow {
  return parse(fs.readFileSync(path.join(WORKFLOWS, file), 'utf8'), { merge: true });
}

function step(job: any, match: (s: Step) => boolean, what: string): Step {
  const found = (job.steps as Step[]).find(match);
  if (!found) throw new Error(`no step ${what}`);
  return found;
}

/** The value of a `${{ expr }}` for the given contexts (GitHub's operators behave as in JS here). */
function evaluate(template: string, contexts: Record<string, unknown>): string {
  return template.replace(/\$\{\{(.*?)\}\}/g, (_, expr: string) => {
    const js = expr.replace(/==/g, '===');
    const fn = new Function(...Object.keys(contexts), 'endsWith', `return (${js});`);
    return String(fn(...Object.values(contexts), (a: string, b: string) => a.endsWith(b)));
  });
}

interface ScriptResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  /** What the script appended to $GITHUB_OUTPUT, as key=value pairs. */
  readonly outputs: Record<string, string>;
  /** What the script appended to $GITHUB_STEP_SUMMARY. */
  readonly summary: string;
  readonly cwd: string;
}

/**
 * Runs a step's script as the runner does (`bash -e`), in `cwd` (default: a new temporary folder),
 * with `npm` replaced by a stub that writes a plan summary and exits `npmExit`.
 */
function runStep(
  script: string,
  env: Record<string, string>,
  options: { npmExit?: number; cwd?: string } = {},
) {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'devops-workflow-step-'));
  const cwd = options.cwd ?? path.join(tmp, 'work');
  fs.mkdirSync(cwd, { recursive: true });
  const stubs = path.join(tmp, 'bin');
  fs.mkdirSync(stubs);
  fs.writeFileSync(
    path.join(stubs, 'npm'),
    '#!/bin/sh\nmkdir -p "cdktf.out/stacks/$ENVIRONMENT"\n' +
      'echo "### Plan for $ENVIRONMENT (stub)" > "cdktf.out/stacks/$ENVIRONMENT/plan-summary.md"\n' +
      `exit ${options.npmExit ?? 0}\n`,
    { mode: 0o755 },
  );
  fs.writeFileSync(path.join(tmp, 'step.sh'), script);
  const output = path.join(tmp, 'output');
  fs.writeFileSync(output, '');
  const res = spawnSync('bash', ['--noprofile', '--norc', '-e', path.join(tmp, 'step.sh')], {
    cwd,
    encoding: 'utf8',
    env: {
      PATH: `${stubs}:${process.env.PATH}`,
      HOME: process.env.HOME,
      GITHUB_OUTPUT: output,
      GITHUB_STEP_SUMMARY: path.join(tmp, 'summary'),
      RUNNER_TEMP: tmp,
      ...env,
    },
  });
  const outputs = Object.fromEntries(
    fs
      .readFileSync(output, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
  );
  const summaryFile = path.join(tmp, 'summary');
  const summary = fs.existsSync(summaryFile) ? fs.readFileSync(summaryFile, 'utf8') : '';
  const result: ScriptResult = {
    code: res.status ?? 1,
    stdout: res.stdout,
    stderr: res.stderr,
    outputs,
    summary,
    cwd,
  };
  fs.rmSync(tmp, { recursive: true, force: true });
  return result;
}

/** Calls made to the mocked GitHub API by a github-script step. */
type Calls = Array<[string, any]>;

/**
 * Runs an actions/github-script script with a mocked `github` (REST calls recorded; `paginate`
 * returns `existing`), `context` and `core`; `require('fs')` reads from `dir`.
 */
async function runGithubScript(
  script: string,
  options: { dir: string; existing: unknown[]; env?: Record<string, string>; event?: any },
): Promise<Calls> {
  const calls: Calls = [];
  const record = (name: string) => async (args: any) => {
    calls.push([name, args]);
    return { data: { number: 7, html_url: 'https://example.com/x' } };
  };
  const github = {
    paginate: async () => options.existing,
    rest: {
      issues: {
        listComments: 'listComments',
        listForRepo: 'listForRepo',
        createComment: record('createComment'),
        updateComment: record('updateComment'),
        create: record('create'),
        update: record('update'),
      },
    },
  };
  const context = {
    repo: { owner: 'acme', repo: 'simple-project' },
    issue: { number: 42 },
    runId: 1234,
    serverUrl: 'https://github.com',
    payload: options.event ?? {},
  };
  const core = { info: () => undefined };
  const fakeFs = {
    existsSync: (p: string) => fs.existsSync(path.join(options.dir, p)),
    readFileSync: (p: string, enc: BufferEncoding) => fs.readFileSync(path.join(options.dir, p), enc),
  };
  const AsyncFunction = Object.getPrototypeOf(async () => undefined).constructor;
  const fn = new AsyncFunction('require', 'github', 'context', 'core', 'process', script);
  await fn(() => fakeFs, github, context, core, { env: options.env ?? {} });
  return calls;
}

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
}

describe('actionlint', () => {
  test('passes on every workflow, shellcheck included', () => {
    const local = path.join(ROOT, '.tools', 'bin', 'actionlint');
    const actionlint = fs.existsSync(local) ? local : 'actionlint';
    const version = spawnSync(actionlint, ['-version'], { encoding: 'utf8' });
    if (version.error) throw new Error('actionlint is not installed: run `bash bin/setup-actionlint.sh`.');
    // Without shellcheck on PATH actionlint silently skips the shell checks.
    if (spawnSync('shellcheck', ['--version']).error) {
      throw new Error('shellcheck is not on PATH: run `bash bin/setup-tools.sh`.');
    }
    const res = spawnSync(actionlint, ['-no-color'], { cwd: ROOT, encoding: 'utf8' });
    expect(res.stdout + res.stderr).toBe('');
    expect(res.status).toBe(0);
  });
});

test('every npm script the workflows run exists in package.json', () => {
  const scripts = Object.keys(JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).scripts);
  const used = new Set<string>();
  for (const file of fs.readdirSync(WORKFLOWS)) {
    const text = fs.readFileSync(path.join(WORKFLOWS, file), 'utf8');
    for (const m of text.matchAll(/npm run (?:--silent )?([\w:-]+)/g)) used.add(m[1]);
  }
  expect([...used].sort()).toEqual(
    expect.arrayContaining(['deploy', 'lint', 'plan', 'promote', 'rollback', 'smoke', 'status', 'sync']),
  );
  expect([...used].filter((s) => !scripts.includes(s))).toEqual([]);
});

test('every npm script the onboarding docs and runbooks name exists in package.json', () => {
  const scripts = Object.keys(JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).scripts);
  const docs = [
    'GETTING_STARTED.md',
    'RUNBOOK-rollback.md',
    'RUNBOOK-dr.md',
    'ARCHITECTURE.md',
    'protected-resources.md',
  ];
  const named = docs.flatMap((doc) =>
    [...fs.readFileSync(path.join(ROOT, 'docs', doc), 'utf8').matchAll(/npm run ([\w:-]+)/g)].map(
      (m) => m[1],
    ),
  );
  expect(named.length).toBeGreaterThan(20);
  expect([...new Set(named)].filter((s) => !scripts.includes(s))).toEqual([]);
});

/** The test and scan commands a change passes before it is planned (ci.yml, and deploy.yml on release branches). */
const GATES = ['npm run lint', 'npm run typecheck', 'npm test', 'npm run synth', 'npm audit --omit=dev'];

describe('ci.yml: the plans are posted', () => {
  const ci = workflow('ci.yml');
  const planStep = step(ci.jobs.plan, (s) => s.id === 'plan', 'plan');

  test('runs on pull requests and plans every environment in a matrix', () => {
    expect(Object.keys(ci.on)).toEqual(['pull_request']);
    expect(ci.jobs.plan.strategy.matrix.environment).toEqual(['dev', 'staging', 'prod']);
    expect(ci.jobs.plan.strategy['fail-fast']).toBe(false);
  });

  test('tests, lints, type-checks, synthesizes and scans', () => {
    const runs = Object.values(ci.jobs).flatMap((job: any) => job.steps.map((s: Step) => s.run ?? ''));
    for (const command of GATES) expect(runs).toContain(command);
    const scan = runs.join('\n');
    expect(scan).toContain('pip-audit --requirement "$LOCK"');
    expect(scan).toContain('safety check');
    expect(scan).toMatch(/pip-licenses .*--fail-on/s);
    expect(ci.jobs['python-scan'].strategy.matrix.lock).toEqual([
      'requirements.txt',
      'requirements-ml.txt',
      'requirements-gpu.txt',
    ]);
  });

  test('a plan with changes passes and reports exit code 2', () => {
    const res = runStep(planStep.run!, { ENVIRONMENT: 'staging' }, { npmExit: 2 });
    expect(res.code).toBe(0);
    expect(res.outputs['exit-code']).toBe('2');
    expect(res.summary).toBe('### Plan for staging (stub)\n');
  });

  test("plans a preview, with the nightly drift job's refresh record restored first", () => {
    expect(planStep.run).toContain('npm run --silent plan -- "$ENVIRONMENT" --preview');
    const steps: Step[] = ci.jobs.plan.steps;
    const restore = steps.findIndex((s) => s.uses === 'actions/cache/restore@v4');
    expect(restore).toBeGreaterThan(-1);
    expect(restore).toBeLessThan(steps.indexOf(planStep));
    // The drift job saves under plan-refresh-<env>-<run>-<attempt>: the prefix finds its newest.
    expect(steps[restore].with).toMatchObject({
      path: 'cdktf.out.plans/${{ matrix.environment }}/last-refresh.json',
      'restore-keys': 'plan-refresh-${{ matrix.environment }}-',
    });
  });

  test('fails when the destroy guard trips (exit 3)', () => {
    const res = runStep(planStep.run!, { ENVIRONMENT: 'prod' }, { npmExit: 3 });
    expect(res.code).toBe(3);
    expect(res.stdout).toContain('::error::destroy guard');
  });

  test('fails when the plan errors, still leaving a summary for the comment', () => {
    const res = runStep(
      planStep.run!.replace('npm run --silent plan -- "$ENVIRONMENT" --preview >/dev/null', 'false'),
      { ENVIRONMENT: 'dev' },
    );
    expect(res.code).toBe(1);
    expect(res.outputs['exit-code']).toBe('1');
    expect(res.summary).toBe(
      '### Plan for `dev` failed\n\nThe plan stopped before a summary (exit 1): see the job log.\n',
    );
  });

  test('uploads each summary, even when the plan failed', () => {
    const upload = step(
      ci.jobs.plan,
      (s) => s.uses?.startsWith('actions/upload-artifact') === true,
      'upload',
    );
    expect(upload.if).toBe('always()');
    expect(upload.with.name).toBe('plan-summary-${{ matrix.environment }}');
    expect(upload.with.path).toContain('cdktf.out/stacks/${{ matrix.environment }}/plan-summary.md');
  });

  describe('the sticky comment', () => {
    const job = ci.jobs.comment;
    const script = step(job, (s) => s.uses?.startsWith('actions/github-script') === true, 'github-script')
      .with.script;
    const event = { pull_request: { head: { sha: '0123456789abcdef0123' } } };
    let dir: string;
    beforeAll(() => {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'devops-plans-'));
      for (const env of ['dev', 'prod']) {
        fs.mkdirSync(path.join(dir, 'plans', `plan-summary-${env}`), { recursive: true });
        fs.writeFileSync(
          path.join(dir, 'plans', `plan-summary-${env}`, 'plan-summary.md'),
          `### Plan for \`${env}\`\n`,
        );
      }
    });
    afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

    test('runs after every plan, even failed ones, with the summaries downloaded', () => {
      expect(job.needs).toBe('plan');
      expect(job.if).toMatch(/^always\(\)/);
      expect(job.permissions).toEqual({ 'pull-requests': 'write' });
      const download = step(job, (s) => s.uses?.startsWith('actions/download-artifact') === true, 'download');
      expect(download.with).toEqual({ pattern: 'plan-summary-*', path: 'plans' });
    });

    test('creates one comment with every summary and the hidden marker on the first push', async () => {
      const calls = await runGithubScript(script, { dir, existing: [], event });
      expect(calls.map(([name]) => name)).toEqual(['createComment']);
      const { body, issue_number } = calls[0][1];
      expect(issue_number).toBe(42);
      expect(body.startsWith('<!-- devops-plan-summary -->\n\n## Terraform plans for 0123456789ab')).toBe(
        true,
      );
      expect(body).toContain('### Plan for `dev`');
      expect(body).toContain('### Plan for `prod`');
      expect(body).toContain('### `staging`\n\nNo plan summary');
      expect(body.indexOf('`dev`')).toBeLessThan(body.indexOf('`staging`'));
    });

    test('updates its own comment on later pushes instead of adding one', async () => {
      const existing = [
        { id: 1, user: { type: 'User' }, body: 'quoting <!-- devops-plan-summary --> by hand' },
        { id: 2, user: { type: 'Bot' }, body: 'another bot' },
        { id: 3, user: { type: 'Bot' }, body: '<!-- devops-plan-summary -->\nold plans' },
      ];
      const calls = await runGithubScript(script, { dir, existing, event });
      expect(calls.map(([name, args]) => [name, args.comment_id])).toEqual([['updateComment', 3]]);
    });
  });
});

describe('deploy.yml', () => {
  const deploy = workflow('deploy.yml');
  const route = step(deploy.jobs.route, (s) => s.id === 'route', 'route').run!;
  const environmentOf = (ref: string) => runStep(route, { REF_NAME: ref }).outputs.environment;

  test('main deploys dev, release/x.y-RC staging, release/x.y prod, anything else nothing', () => {
    expect(deploy.on.push.branches).toEqual(['main', 'release/**']);
    expect(environmentOf('main')).toBe('dev');
    expect(environmentOf('release/1.4-RC')).toBe('staging');
    expect(environmentOf('release/1.4')).toBe('prod');
    expect(environmentOf('release/12.10')).toBe('prod');
    for (const ref of ['release/notes', 'release/1.4-rc', 'release/1.4.1', 'feature/x'])
      expect(environmentOf(ref)).toBe('');
  });

  test('one concurrency group per environment, never cancelling a running deploy', () => {
    expect(deploy.concurrency['cancel-in-progress']).toBe(false);
    for (const ref of ['main', 'release/1.4-RC', 'release/1.4']) {
      const group = evaluate(deploy.concurrency.group, { github: { ref_name: ref } });
      expect(group).toBe(`deploy-${environmentOf(ref)}`);
    }
  });

  test('prod is deployed only by the job behind the protected environment of the same name', () => {
    expect(deploy.jobs.deploy.environment.name).toBe('${{ needs.route.outputs.environment }}');
    expect(deploy.jobs.deploy.needs).toEqual(['route', 'plan']);
    // The plan job runs with the plan credentials, without waiting for reviewers.
    expect(deploy.jobs.plan.environment).toBe('${{ needs.route.outputs.environment }}-plan');
  });

  test('the deploy job applies the saved plan the plan job uploaded, and plans nothing itself', () => {
    const upload = step(
      deploy.jobs.plan,
      (s) => s.uses?.startsWith('actions/upload-artifact') === true,
      'upload',
    );
    const download = step(
      deploy.jobs.deploy,
      (s) => s.uses?.startsWith('actions/download-artifact') === true,
      'dl',
    );
    expect(download.with.name).toBe(upload.with.name);
    expect(upload.with.path).toContain('cdktf.out/stacks/${{ needs.route.outputs.environment }}\n');
    expect(upload.with['include-hidden-files']).toBe(true); // .terraform.lock.hcl
    expect(download.with.path).toBe('cdktf.out/stacks/${{ needs.route.outputs.environment }}');
    const apply = step(deploy.jobs.deploy, (s) => s.name === 'Apply the saved plan', 'apply');
    expect(apply.run).toContain('terraform -chdir="$stack" apply -input=false -no-color plan.tfplan');
    const runs = deploy.jobs.deploy.steps.map((s: Step) => s.run ?? '').join('\n');
    expect(runs).not.toMatch(/npm run (deploy|plan)|terraform[^\n]* plan /);
    expect(runs).toContain('npm run smoke -- "$ENVIRONMENT"');
  });

  test('the plan step fails on the destroy guard and says whether there is anything to apply', () => {
    const plan = step(deploy.jobs.plan, (s) => s.id === 'plan', 'plan').run!;
    expect(runStep(plan, { ENVIRONMENT: 'dev' }, { npmExit: 0 }).outputs.changes).toBe('false');
    expect(runStep(plan, { ENVIRONMENT: 'dev' }, { npmExit: 2 }).outputs.changes).toBe('true');
    expect(runStep(plan, { ENVIRONMENT: 'prod' }, { npmExit: 3 }).code).toBe(3);
  });

  describe('release branches pass the test and scan gates before staging or prod is planned', () => {
    const runs = () => deploy.jobs.gates.steps.map((s: Step) => s.run ?? '');
    const when = (expr: string, contexts: Record<string, unknown>) =>
      evaluate(`\${{ ${expr} }}`, { cancelled: () => false, ...contexts });

    test('the gates job runs the tests, lint, typecheck, synth (policy and secret scan) and the scans', () => {
      for (const command of GATES) expect(runs()).toContain(command);
      expect(runs().join('\n')).toContain('pip-audit --requirement "$lock"');
      expect(deploy.jobs.gates.env).toBeUndefined(); // no workspace credentials while tests run
    });

    test('gates run for staging and prod, not dev (ci.yml gated main on its pull request)', () => {
      for (const [environment, gated] of [
        ['dev', 'false'],
        ['staging', 'true'],
        ['prod', 'true'],
      ])
        expect(when(deploy.jobs.gates.if, { needs: { route: { outputs: { environment } } } })).toBe(gated);
    });

    test('staging and prod plan only when the gates passed; dev plans without them', () => {
      expect(deploy.jobs.plan.needs).toEqual(['route', 'gates']);
      const plans = (environment: string, gates: string) =>
        when(deploy.jobs.plan.if, {
          needs: { route: { outputs: { environment } }, gates: { result: gates } },
        });
      expect(plans('dev', 'skipped')).toBe('true');
      expect(plans('staging', 'success')).toBe('true');
      expect(plans('prod', 'success')).toBe('true');
      for (const result of ['failure', 'skipped', 'cancelled']) {
        expect(plans('staging', result)).toBe('false');
        expect(plans('prod', result)).toBe('false');
      }
      expect(plans('', 'skipped')).toBe('false');
    });

    test('the deploy job runs only after a successful plan (also for dev, whose gates were skipped)', () => {
      const deploys = (result: string) => when(deploy.jobs.deploy.if, { needs: { plan: { result } } });
      expect(deploys('success')).toBe('true');
      expect(deploys('failure')).toBe('false');
      expect(deploys('skipped')).toBe('false');
    });
  });

  test('notifies Slack with the result when the webhook secret is set', () => {
    expect(deploy.jobs.notify.if).toContain('always()');
    expect(deploy.jobs.notify.env.SLACK_WEBHOOK_URL).toBe('${{ secrets.SLACK_WEBHOOK_URL }}');
  });
});

describe('drift.yml', () => {
  const drift = workflow('drift.yml');
  const plan = step(drift.jobs.drift, (s) => s.id === 'plan', 'plan').run!;

  test('runs nightly and on demand, for every environment', () => {
    expect(drift.on.schedule[0].cron).toBe('0 4 * * *');
    expect(drift.on).toHaveProperty('workflow_dispatch');
    expect(drift.jobs.drift.strategy.matrix.environment).toEqual(['dev', 'staging', 'prod']);
  });

  test('plans with a full refresh, and keeps its record for pull-request previews', () => {
    expect(plan).not.toContain('--preview');
    const save = step(drift.jobs.drift, (s) => s.uses === 'actions/cache/save@v4', 'save the refresh record');
    expect(save.with).toMatchObject({
      path: 'cdktf.out.plans/${{ matrix.environment }}/last-refresh.json',
      key: expect.stringMatching(/^plan-refresh-\$\{\{ matrix\.environment \}\}-/),
    });
  });

  test("passes the plan's detailed exit code on: 0 clean, 2 drift, 3 drift on protected resources", () => {
    for (const code of [0, 2, 3]) {
      const res = runStep(plan, { ENVIRONMENT: 'prod' }, { npmExit: code });
      expect(res.code).toBe(0);
      expect(res.outputs['exit-code']).toBe(String(code));
    }
  });

  test('fails when the plan errors', () => {
    expect(runStep(plan, { ENVIRONMENT: 'prod' }, { npmExit: 1 }).code).toBe(1);
  });

  describe('the drift issue', () => {
    const script = step(drift.jobs.drift, (s) => s.uses?.startsWith('actions/github-script') === true, 'gh')
      .with.script;
    const env = (code: number) => ({
      ENVIRONMENT: 'prod',
      EXIT_CODE: String(code),
      DEPLOYED_SHA: 'abcdef0123456789',
      DEPLOYED_REF: 'release/1.3',
    });
    const issue = (n: number, title: string) => ({ number: n, title });
    let dir: string;
    beforeAll(() => {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'devops-drift-'));
      fs.mkdirSync(path.join(dir, 'cdktf.out', 'stacks', 'prod'), { recursive: true });
      fs.writeFileSync(
        path.join(dir, 'cdktf.out', 'stacks', 'prod', 'plan-summary.md'),
        '### Plan for `prod`: 1 to change\n',
      );
    });
    afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

    test('drift opens an issue titled after the environment, labelled drift, with the summary', async () => {
      const calls = await runGithubScript(script, {
        dir,
        existing: [issue(3, 'Drift detected in dev')],
        env: env(2),
      });
      expect(calls.map(([name]) => name)).toEqual(['create']);
      expect(calls[0][1]).toMatchObject({ title: 'Drift detected in prod', labels: ['drift'] });
      expect(calls[0][1].body).toContain('(release/1.3 at abcdef012345)');
      expect(calls[0][1].body).toContain('### Plan for `prod`: 1 to change');
    });

    test('drift again updates the open issue of that environment', async () => {
      const existing = [issue(3, 'Drift detected in dev'), issue(5, 'Drift detected in prod')];
      const calls = await runGithubScript(script, { dir, existing, env: env(3) });
      expect(calls.map(([name, args]) => [name, args.issue_number])).toEqual([['update', 5]]);
      expect(calls[0][1].body).toContain('would delete or replace protected resources');
    });

    test('no drift closes the open issue of that environment, and only that one', async () => {
      const existing = [issue(3, 'Drift detected in dev'), issue(5, 'Drift detected in prod')];
      const calls = await runGithubScript(script, { dir, existing, env: env(0) });
      expect(calls.map(([name, args]) => [name, args.issue_number, args.state])).toEqual([
        ['createComment', 5, undefined],
        ['update', 5, 'closed'],
      ]);
    });

    test('no drift and no issue does nothing', async () => {
      expect(await runGithubScript(script, { dir, existing: [], env: env(0) })).toEqual([]);
    });
  });

  test('may write issues', () => {
    expect(drift.permissions.issues).toBe('write');
  });
});

describe('rollback.yml', () => {
  const rollback = workflow('rollback.yml');

  test('is dispatched with an environment and a ref', () => {
    const inputs = rollback.on.workflow_dispatch.inputs;
    expect(inputs.environment).toMatchObject({
      type: 'choice',
      options: ['dev', 'staging', 'prod'],
      required: true,
    });
    expect(inputs.ref).toMatchObject({ type: 'string', required: true });
  });

  test('rolls back behind the same environment protection and concurrency group as deploy', () => {
    const job = rollback.jobs.rollback;
    expect(job.environment.name).toBe('${{ inputs.environment }}');
    expect(evaluate(rollback.concurrency.group, { inputs: { environment: 'prod' } })).toBe('deploy-prod');
    expect(rollback.concurrency['cancel-in-progress']).toBe(false);
    const runs = job.steps.map((s: Step) => s.run ?? '').join('\n');
    expect(runs).toContain('npm run rollback -- "$ENVIRONMENT" --to "$REF" --yes');
    expect(runs.indexOf('npm run smoke')).toBeGreaterThan(runs.indexOf('npm run rollback'));
  });

  test('the drill runs quarterly against the local emulator, with no secrets', () => {
    expect(rollback.on.schedule[0].cron).toBe('0 6 1 1,4,7,10 *');
    const job = rollback.jobs.drill;
    expect(job.if).toBe("github.event_name == 'schedule'");
    expect(job.env.DEVOPS_WORKSPACE_HOST).toBe('http://127.0.0.1:8123');
    expect(JSON.stringify(job)).not.toContain('secrets.');
    expect(job.environment).toBeUndefined();
    const runs = job.steps.map((s: Step) => s.run ?? '').join('\n');
    expect(runs).toContain('npm run emulator -- --port 8123');
    const order = [
      'npm run deploy',
      'npm run rollback',
      'npm run smoke',
      'npm run deploy -- "$ENVIRONMENT" --yes\n',
    ];
    expect(runs.indexOf(order[1])).toBeGreaterThan(runs.indexOf(order[0]));
    expect(runs.lastIndexOf(order[3])).toBeGreaterThan(runs.indexOf(order[1]));
  });

  describe('drill scripts, in a repository with release branches on origin', () => {
    let root: string;
    let clone: string;

    beforeAll(() => {
      root = fs.mkdtempSync(path.join(os.tmpdir(), 'devops-drill-test-'));
      const origin = path.join(root, 'origin.git');
      const work = path.join(root, 'work');
      git(root, 'init', '-q', '--bare', '-b', 'main', origin);
      git(root, 'init', '-q', '-b', 'main', work);
      git(work, 'config', 'user.email', 'drill-test@example.com');
      git(work, 'config', 'user.name', 'drill test');
      fs.mkdirSync(path.join(work, 'config'));
      fs.writeFileSync(path.join(work, 'config', 'project.yaml'), 'project: { name: p }\n');
      const prod = (v: string) =>
        `# prod\ngit:\n  branch: release/${v}\nstateBackend:\n  type: s3\n  bucket: real-state\n  key: prod\n  region: eu-west-1\n`;
      for (const v of ['1.2', '1.10', '1.9']) {
        fs.writeFileSync(path.join(work, 'config', 'prod.yaml'), prod(v));
        git(work, 'add', '-A');
        git(work, 'commit', '-qm', `release ${v}`);
        git(work, 'branch', `release/${v}`);
      }
      git(work, 'branch', 'release/1.11-RC');
      git(work, 'remote', 'add', 'origin', origin);
      git(work, 'push', '-q', 'origin', '--all');
      clone = path.join(root, 'clone');
      git(root, 'clone', '-q', origin, clone);
    });
    afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

    test('the newest release and the one before it, by version', () => {
      const find = step(rollback.jobs.drill, (s) => s.id === 'releases', 'releases').run!;
      const res = runStep(find, {}, { cwd: clone });
      expect(res.code).toBe(0);
      expect(res.outputs).toEqual({ current: 'release/1.10', previous: 'release/1.9' });
    });

    test('drill branches put every environment on local state, leaving the rest of the config alone', () => {
      const make = step(
        rollback.jobs.drill,
        (s) => s.name?.startsWith('Local drill branches') === true,
        'make',
      ).run!;
      const res = runStep(
        make,
        { CURRENT: 'release/1.10', PREVIOUS: 'release/1.9', NODE_PATH: path.join(ROOT, 'node_modules') },
        { cwd: clone },
      );
      expect(res.stderr).toBe('');
      expect(res.code).toBe(0);
      expect(git(clone, 'rev-parse', '--abbrev-ref', 'HEAD')).toBe('drill/release/1.10');
      for (const v of ['1.9', '1.10']) {
        const config = parse(git(clone, 'show', `drill/release/${v}:config/prod.yaml`));
        expect(config).toEqual({ git: { branch: `release/${v}` }, stateBackend: { type: 'local' } });
        expect(git(clone, 'rev-parse', `drill/release/${v}^`)).toBe(
          git(clone, 'rev-parse', `origin/release/${v}`),
        );
      }
      expect(git(clone, 'show', 'drill/release/1.9:config/project.yaml')).toBe('project: { name: p }');
    });

    test('fails when there are fewer than two releases', () => {
      const find = step(rollback.jobs.drill, (s) => s.id === 'releases', 'releases').run!;
      const lonely = path.join(root, 'lonely');
      git(root, 'init', '-q', '-b', 'main', lonely);
      const res = runStep(find, {}, { cwd: lonely });
      expect(res.code).toBe(1);
      expect(res.stdout).toContain('::error::the drill needs two release/x.y branches on origin, found 0');
    });
  });
});

describe('promote.yml', () => {
  const promote = workflow('promote.yml');

  test('wraps npm run promote for staging and prod, then starts the deploy of the new branch', () => {
    expect(promote.on.workflow_dispatch.inputs.environment.options).toEqual(['staging', 'prod']);
    const runs = promote.jobs.promote.steps.map((s: Step) => s.run ?? '').join('\n');
    expect(runs).toContain('npm run --silent promote -- "$ENVIRONMENT" "${args[@]}"');
    expect(runs).toContain('gh workflow run deploy.yml --ref "$BRANCH"');
    expect(promote.permissions).toEqual({ contents: 'write', actions: 'write' });
  });
});
