import * as fs from 'node:fs';
import * as path from 'node:path';
import { WorkspaceFile } from '@cdktf/provider-databricks/lib/workspace-file';
import { Testing, Token } from 'cdktf';
import { PinnedEnvironment } from '../../lib/pinned-environment';
import { Principal } from '../../lib/principal';
import { WorkspaceFolder } from '../../lib/workspace-folder';
import { tempDir } from '../helpers/config-dir';
import { flavorFiles } from '../../lib/requirements/flavor';
import {
  constructFixture,
  PROJECT_INIT_SCRIPT_TEMPLATE,
  PROJECT_REQUIREMENTS,
  projectPinnedFiles,
  testStack,
} from '../helpers/construct-fixture';

const base64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');
const decode = (b64: string) => Buffer.from(b64, 'base64').toString('utf8');

/** A copy of the project's requirements folder that a test may change. */
function requirementsCopy(): string {
  const dir = path.join(tempDir('pinned-env-'), 'requirements');
  fs.cpSync(PROJECT_REQUIREMENTS, dir, { recursive: true });
  return dir;
}

function pinnedIn(requirementsDir: string) {
  const { stack } = testStack();
  const folder = new WorkspaceFolder(stack, 'Folder', { path: '/Shared/demo/dev' });
  folder.grant(Principal.group('admins'), 'CAN_MANAGE');
  const pinned = new PinnedEnvironment(stack, 'Pinned', {
    ...projectPinnedFiles('standard', requirementsDir),
    folder,
  });
  return { stack, pinned };
}

describe('PinnedEnvironment', () => {
  it('reads the runtime of each flavor from its baseline', () => {
    const f = constructFixture();
    expect(
      [f.pinned('standard'), f.pinned('ml'), f.pinned('gpu')].map((p) => [p.flavor, p.sparkVersion]),
    ).toEqual([
      ['standard', '16.4.x-scala2.12'],
      ['ml', '16.4.x-cpu-ml-scala2.12'],
      ['gpu', '16.4.x-gpu-ml-scala2.12'],
    ]);
    expect(f.pinned('ml').runtimeVersion).toBe('16.4');
  });

  it('uploads the lock verbatim under a content-addressed path in the folder', () => {
    const f = constructFixture();
    const pinned = f.pinned('standard');
    const lockText = fs.readFileSync(path.join(PROJECT_REQUIREMENTS, 'requirements.txt'), 'utf8');
    expect(pinned.lockPath).toMatch(
      /^\/Shared\/demo\/dev\/pinned\/standard\/requirements-[0-9a-f]{12}\.txt$/,
    );
    expect(Testing.synth(f.stack)).toHaveResourceWithProperties(WorkspaceFile, {
      path: pinned.lockPath,
      content_base64: base64(lockText),
    });
  });

  it('uploads an init script that installs from the uploaded lock, under a content-addressed path', () => {
    const f = constructFixture();
    const pinned = f.pinned('ml');
    expect(pinned.initScriptPath).toMatch(
      /^\/Shared\/demo\/dev\/pinned\/ml\/enforce-requirements-[0-9a-f]{12}\.sh$/,
    );
    const files = JSON.parse(Testing.synth(f.stack)).resource.databricks_workspace_file as Record<
      string,
      { path: string; content_base64: string }
    >;
    const script = Object.values(files).find((file) => file.path === pinned.initScriptPath);
    expect(script).toBeDefined();
    const text = decode(script!.content_base64);
    expect(text.startsWith('#!')).toBe(true);
    expect(text).toContain(pinned.lockPath);
    expect(text).toContain('16.4');
  });

  it('has a digest that changes when the lock changes, moving lock and script to new paths', () => {
    const original = pinnedIn(PROJECT_REQUIREMENTS).pinned;
    const dir = requirementsCopy();
    fs.appendFileSync(path.join(dir, 'requirements.txt'), '# a comment changes the bytes, not the pins\n');
    const changed = pinnedIn(dir).pinned;
    expect(changed.digest).toMatch(/^[0-9a-f]{12}$/);
    expect(changed.digest).not.toBe(original.digest);
    expect(changed.lockPath).not.toBe(original.lockPath);
    expect(changed.initScriptPath).not.toBe(original.initScriptPath);
  });

  it('is deterministic: the same requirements give the same digest and paths', () => {
    const a = pinnedIn(PROJECT_REQUIREMENTS).pinned;
    const b = pinnedIn(PROJECT_REQUIREMENTS).pinned;
    expect([b.digest, b.lockPath, b.initScriptPath]).toEqual([a.digest, a.lockPath, a.initScriptPath]);
  });

  it('keeps a container image with secret-reference credentials', () => {
    const { stack } = testStack();
    const folder = new WorkspaceFolder(stack, 'Folder', { path: '/Shared/demo/dev' });
    const image = {
      url: 'acme.azurecr.io/demo/ml:1.4.0',
      basicAuth: {
        username: '{{secrets/demo-dev/registry-user}}',
        password: '{{secrets/demo-dev/registry-pw}}',
      },
    };
    const pinned = new PinnedEnvironment(stack, 'Pinned', {
      ...projectPinnedFiles('ml'),
      folder,
      containerImage: image,
    });
    expect(pinned.containerImage).toEqual(image);
  });

  it('fails when container registry credentials are inline values instead of secret references', () => {
    const { stack } = testStack();
    const folder = new WorkspaceFolder(stack, 'Folder', { path: '/Shared/demo/dev' });
    expect(
      () =>
        new PinnedEnvironment(stack, 'Pinned', {
          ...projectPinnedFiles('ml'),
          folder,
          containerImage: {
            url: 'acme.azurecr.io/x:1',
            basicAuth: { username: 'bot', password: 'fake-password' },
          },
        }),
    ).toThrow(
      'test/Pinned: container registry credentials must be secret references like {{secrets/<scope>/<key>}}, never inline values',
    );
  });

  it('fails when the requirements are inconsistent, before anything is added to the stack', () => {
    const dir = requirementsCopy();
    // The additions now ask for a version the lock does not have: the combined file is stale.
    fs.appendFileSync(path.join(dir, 'additional-packages.in'), 'tenacity==8.0.0\n');
    const { stack } = testStack();
    const folder = new WorkspaceFolder(stack, 'Folder', { path: '/Shared/demo/dev' });
    const before = stack.node.findAll().length;
    expect(
      () => new PinnedEnvironment(stack, 'Pinned', { ...projectPinnedFiles('standard', dir), folder }),
    ).toThrow(
      /^The standard requirements are inconsistent; fix them \(npm run requirements -- check\) before synthesizing:\n {2}\S/,
    );
    // Only the (empty) construct itself was attached; no lock or script file.
    expect(stack.node.findAll().filter((c) => c instanceof WorkspaceFile)).toHaveLength(0);
    expect(stack.node.findAll().length).toBeLessThanOrEqual(before + 1);
  });

  it('fails when the flavor has no requirement files', () => {
    const dir = requirementsCopy();
    fs.rmSync(path.join(dir, 'requirements-gpu.txt'));
    const { stack } = testStack();
    const folder = new WorkspaceFolder(stack, 'Folder', { path: '/Shared/demo/dev' });
    expect(
      () => new PinnedEnvironment(stack, 'Pinned', { ...projectPinnedFiles('gpu', dir), folder }),
    ).toThrow(/requirements-gpu\.txt/);
  });

  it('takes its files one by one: any names, as long as they stay inside the requirements folder', () => {
    const dir = path.join(tempDir('pinned-env-'), 'deps');
    fs.mkdirSync(dir);
    const project = flavorFiles(PROJECT_REQUIREMENTS, 'standard');
    const renamed = {
      dir,
      baseline: path.join(dir, 'runtime.in'),
      additions: path.join(dir, 'direct.in'),
      combined: path.join(dir, 'combined.in'),
      lock: path.join(dir, 'standard.lock'),
    };
    fs.copyFileSync(project.baseline, renamed.baseline);
    fs.copyFileSync(project.additions, renamed.additions);
    fs.copyFileSync(project.lock, renamed.lock);
    // The combined file records its inputs by name: rewrite their names.
    fs.writeFileSync(
      renamed.combined,
      fs
        .readFileSync(project.combined, 'utf8')
        .replace(' runtime-baseline.in ', ' runtime.in ')
        .replace(' additional-packages.in ', ' direct.in '),
    );
    const { stack } = testStack();
    const folder = new WorkspaceFolder(stack, 'Folder', { path: '/Shared/demo/dev' });
    const pinned = new PinnedEnvironment(stack, 'Pinned', {
      flavor: 'standard',
      requirements: renamed,
      initScriptTemplate: PROJECT_INIT_SCRIPT_TEMPLATE,
      folder,
    });
    const original = pinnedIn(PROJECT_REQUIREMENTS).pinned;
    expect([pinned.digest, pinned.lockPath, pinned.sparkVersion]).toEqual([
      original.digest,
      original.lockPath,
      original.sparkVersion,
    ]);
  });

  it('renders the init script from the template it is given', () => {
    const template = path.join(tempDir('pinned-env-'), 'init.sh.tmpl');
    fs.writeFileSync(
      template,
      '#!/bin/bash\n# {{FLAVOR}} on {{RUNTIME_VERSION}}, lock at {{LOCK_WORKSPACE_PATH}}\n',
    );
    const { stack } = testStack();
    const folder = new WorkspaceFolder(stack, 'Folder', { path: '/Shared/demo/dev' });
    const pinned = new PinnedEnvironment(stack, 'Pinned', {
      ...projectPinnedFiles('ml'),
      initScriptTemplate: template,
      folder,
    });
    expect(Testing.synth(stack)).toHaveResourceWithProperties(WorkspaceFile, {
      path: pinned.initScriptPath,
      content_base64: base64(`#!/bin/bash\n# ml on 16.4, lock at ${pinned.lockPath}\n`),
    });
  });

  it('fails when the init-script template cannot be read, naming the prop and the file', () => {
    const template = path.join(tempDir('pinned-env-'), 'missing.tmpl');
    const { stack } = testStack();
    const folder = new WorkspaceFolder(stack, 'Folder', { path: '/Shared/demo/dev' });
    expect(
      () =>
        new PinnedEnvironment(stack, 'Pinned', {
          ...projectPinnedFiles('standard'),
          initScriptTemplate: template,
          folder,
        }),
    ).toThrow(
      `test/Pinned: initScriptTemplate ${template} cannot be read (ENOENT); pass the path of the init-script template`,
    );
  });

  it('fails when a file prop is a token: the files are read at synth time', () => {
    const { stack } = testStack();
    const folder = new WorkspaceFolder(stack, 'Folder', { path: '/Shared/demo/dev' });
    const files = flavorFiles(PROJECT_REQUIREMENTS, 'standard');
    expect(
      () =>
        new PinnedEnvironment(stack, 'Pinned', {
          ...projectPinnedFiles('standard'),
          requirements: { ...files, lock: Token.asString({ Ref: 'lock' }) },
          folder,
        }),
    ).toThrow(
      'test/Pinned: requirements.lock must be a path on this machine, read at synth time; found a token',
    );
  });

  it('does not validate container registry credentials that are tokens (known only at apply time)', () => {
    const { stack } = testStack();
    const folder = new WorkspaceFolder(stack, 'Folder', { path: '/Shared/demo/dev' });
    const password = Token.asString({ Ref: 'registry_password' });
    const pinned = new PinnedEnvironment(stack, 'Pinned', {
      ...projectPinnedFiles('ml'),
      folder,
      containerImage: { url: 'acme.azurecr.io/x:1', basicAuth: { username: '{{secrets/s/u}}', password } },
    });
    expect(pinned.containerImage?.basicAuth?.password).toBe(password);
  });
});
