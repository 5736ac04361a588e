import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadConfig, ProjectConfig } from '../../app/config/load-config';
import { ConfigError } from '../../app/config/config-error';
import { buildApp, synthesize, SynthOptions } from '../../app/synth';
import { OUTPUT_MARKER } from '../../app/synth-outdir';
import { WorkspaceStack } from '../../stacks/workspace-stack';
import { DEFAULT_PROVIDER_RATE_LIMIT } from '../../stacks/workspace-spec';
import { DEFAULT_CONFIG_DIR, tempDir } from '../helpers/config-dir';
import { PROJECT_REQUIREMENTS } from '../helpers/construct-fixture';
import { scaffoldedProject } from '../helpers/data-project';

const readStack = (outdir: string, env: string) =>
  JSON.parse(fs.readFileSync(path.join(outdir, 'stacks', env, 'cdk.tf.json'), 'utf8'));

describe('buildApp', () => {
  let config: ProjectConfig;
  beforeAll(() => {
    config = loadConfig(DEFAULT_CONFIG_DIR);
  });

  it('adds one WorkspaceStack per environment, in promotion order', () => {
    const out = tempDir();
    const app = buildApp(config, { outdir: out }, out);
    const stacks = app.node.children.filter((c) => c instanceof WorkspaceStack);
    expect(stacks.map((s) => s.node.id)).toEqual(['dev', 'staging', 'prod']);
  });

  it('adds only the environments asked for', () => {
    const out = tempDir();
    const app = buildApp(config, { outdir: out, environments: ['prod'] }, out);
    expect(app.node.children.filter((c) => c instanceof WorkspaceStack).map((s) => s.node.id)).toEqual([
      'prod',
    ]);
  });

  it('targets every environment at one host, with a retry timeout and state under a given dir', () => {
    const out = tempDir();
    const stateDir = tempDir('state-');
    buildApp(
      config,
      {
        outdir: out,
        environments: ['dev'],
        workspaceHost: 'http://127.0.0.1:8765',
        retryTimeoutSeconds: 5,
        stateDir,
      },
      out,
    ).synth();
    const dev = readStack(out, 'dev');
    expect(dev.provider.databricks).toEqual([
      { host: 'http://127.0.0.1:8765', retry_timeout_seconds: 5, rate_limit: DEFAULT_PROVIDER_RATE_LIMIT },
    ]);
    // The state path is relative to the final stack folder, so it resolves once terraform runs there.
    expect(path.resolve(out, 'stacks', 'dev', dev.terraform.backend.local.path)).toBe(
      path.join(stateDir, 'dev.tfstate'),
    );
  });
});

describe('synthesize', () => {
  let config: ProjectConfig;
  beforeAll(() => {
    config = loadConfig(DEFAULT_CONFIG_DIR);
  });

  it('writes stacks/<env>/cdk.tf.json for every environment and returns their names', () => {
    const outdir = path.join(tempDir(), 'cdktf.out');
    expect(synthesize(config, { outdir })).toEqual(['dev', 'staging', 'prod']);
    for (const env of ['dev', 'staging', 'prod']) {
      expect(readStack(outdir, env).resource.databricks_repo).toBeDefined();
    }
  });

  it('replaces the previous output as a whole, leaving no temporary folder behind', () => {
    const parent = tempDir();
    const outdir = path.join(parent, 'cdktf.out');
    synthesize(config, { outdir, environments: ['prod'] });
    fs.writeFileSync(path.join(outdir, 'stale-marker'), 'old');
    fs.mkdirSync(path.join(outdir, 'stacks', 'qa'));
    synthesize(config, { outdir });
    expect(fs.existsSync(path.join(outdir, 'stale-marker'))).toBe(false);
    expect(fs.existsSync(path.join(outdir, 'stacks', 'qa'))).toBe(false);
    expect(fs.readdirSync(path.join(outdir, 'stacks')).sort()).toEqual(['dev', 'prod', 'staging']);
    expect(fs.readdirSync(parent)).toEqual(['cdktf.out']);
  });

  it("keeps the other environments' stacks of the previous output when synthesizing some (status reads them)", () => {
    const outdir = path.join(tempDir(), 'cdktf.out');
    synthesize(config, { outdir, environments: ['prod'] });
    fs.writeFileSync(path.join(outdir, 'stacks', 'prod', 'state-of-prod'), 'kept');
    fs.writeFileSync(path.join(outdir, 'stale-marker'), 'old');
    synthesize(config, { outdir, environments: ['dev'] });
    expect(fs.readFileSync(path.join(outdir, 'stacks', 'prod', 'state-of-prod'), 'utf8')).toBe('kept');
    expect(fs.existsSync(path.join(outdir, 'stacks', 'dev', 'cdk.tf.json'))).toBe(true);
    expect(fs.existsSync(path.join(outdir, 'stacks', 'staging'))).toBe(false);
    expect(fs.existsSync(path.join(outdir, 'stale-marker'))).toBe(false);
  });

  it('runs verify on the new output before swapping it in', () => {
    const outdir = path.join(tempDir(), 'cdktf.out');
    const seen: string[] = [];
    synthesize(config, { outdir, environments: ['dev'] }, (tmp) => {
      seen.push(tmp);
      expect(fs.existsSync(path.join(tmp, 'stacks', 'dev', 'cdk.tf.json'))).toBe(true);
    });
    expect(seen).toHaveLength(1);
    expect(seen[0]).not.toBe(outdir);
  });

  it('fails when verify fails, leaving the previous output untouched and no temporary folder', () => {
    const parent = tempDir();
    const outdir = path.join(parent, 'cdktf.out');
    fs.mkdirSync(outdir);
    fs.writeFileSync(path.join(outdir, OUTPUT_MARKER), 'previous synth');
    expect(() =>
      synthesize(config, { outdir, environments: ['dev'] }, () => {
        throw new Error('policy check failed');
      }),
    ).toThrow('policy check failed');
    expect(fs.readdirSync(outdir)).toEqual([OUTPUT_MARKER]);
    expect(fs.readFileSync(path.join(outdir, OUTPUT_MARKER), 'utf8')).toBe('previous synth');
    expect(fs.readdirSync(parent)).toEqual(['cdktf.out']);
  });

  it('fails when a construct refuses the config, leaving the previous output untouched', () => {
    const parent = tempDir();
    const outdir = path.join(parent, 'cdktf.out');
    fs.mkdirSync(outdir);
    fs.writeFileSync(path.join(outdir, OUTPUT_MARKER), 'previous synth');
    const broken: ProjectConfig = { ...config, requirementsDir: path.join(parent, 'no-requirements') };
    expect(() => synthesize(broken, { outdir })).toThrow();
    expect(fs.readdirSync(outdir)).toEqual([OUTPUT_MARKER]);
    expect(fs.readdirSync(parent)).toEqual(['cdktf.out']);
  });

  it('fails when the data repository breaks the layout, listing its problems, writing nothing', () => {
    const repo = scaffoldedProject();
    fs.rmSync(path.join(repo, 'notebooks', 'workflows', 'ingest_orders.py'));
    const parent = tempDir();
    const outdir = path.join(parent, 'cdktf.out');
    expect(() => synthesize(loadConfig(path.join(repo, 'config')), { outdir })).toThrow(
      /Invalid configuration \(1 problem\):\n.*project\.yaml: workflows\[0\]\.notebook: expected a notebook at notebooks\/workflows\/ingest_orders/,
    );
    expect(fs.readdirSync(parent)).toEqual([]);
  });

  it('creates the parent of the output folder when missing', () => {
    const outdir = path.join(tempDir(), 'a', 'b', 'cdktf.out');
    synthesize(config, { outdir, environments: ['dev'] });
    expect(fs.existsSync(path.join(outdir, 'stacks', 'dev', 'cdk.tf.json'))).toBe(true);
  });

  describe('output safety: every refusal writes nothing', () => {
    /** Every file below `dir` with its content, to prove a refusal changed nothing. */
    const snapshot = (dir: string): Record<string, string> =>
      Object.fromEntries(
        (fs.readdirSync(dir, { recursive: true }) as string[])
          .sort()
          .map((f) => [
            f,
            fs.statSync(path.join(dir, f)).isFile() ? fs.readFileSync(path.join(dir, f), 'utf8') : '/',
          ]),
      );
    const refused = (outdir: string, options: Partial<SynthOptions> = {}, on = config) => {
      const parent = path.dirname(outdir);
      const before = snapshot(parent);
      let error: unknown;
      try {
        synthesize(on, { outdir, ...options });
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(ConfigError);
      expect(snapshot(parent)).toEqual(before);
      return (error as Error).message;
    };

    it('fails when the output folder holds files synth did not write', () => {
      const outdir = path.join(tempDir(), 'mine');
      fs.mkdirSync(outdir);
      fs.writeFileSync(path.join(outdir, 'notes.txt'), 'keep me');
      expect(refused(outdir)).toContain('expected a folder written by synth (it holds .devops-synth-output)');
    });

    it('fails when the output folder is or contains the config folder', () => {
      const project = tempDir();
      fs.cpSync(DEFAULT_CONFIG_DIR, path.join(project, 'config'), { recursive: true });
      fs.cpSync(PROJECT_REQUIREMENTS, path.join(project, 'requirements'), { recursive: true });
      const copy = loadConfig(path.join(project, 'config'));
      expect(refused(path.join(project, 'config'), {}, copy)).toContain('which is the config folder');
      expect(() => synthesize(copy, { outdir: project })).toThrow('which contains the config folder');
    });

    it('fails when the output folder is the working directory or contains the project root', () => {
      expect(() => synthesize(config, { outdir: process.cwd() })).toThrow(/which (is|contains) the/);
      expect(() => synthesize(config, { outdir: path.dirname(DEFAULT_CONFIG_DIR) })).toThrow(
        /which (is|contains) the/,
      );
    });

    it('fails when DEVOPS_ENVIRONMENTS names an unknown environment, keeping the previous output', () => {
      const outdir = path.join(tempDir(), 'cdktf.out');
      synthesize(config, { outdir, environments: ['dev'] });
      expect(refused(outdir, { environments: ['dev', 'qa'] })).toContain(
        'environment variable DEVOPS_ENVIRONMENTS: expected names of environments',
      );
    });
  });
});
