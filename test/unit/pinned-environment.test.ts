import * as fs from 'node:fs';
import * as path from 'node:path';
import { WorkspaceFile } from '@cdktf/provider-databricks/lib/workspace-file';
import { Testing } from 'cdktf';
import { PinnedEnvironment } from '../../lib/pinned-environment';
import { Principal } from '../../lib/principal';
import { WorkspaceFolder } from '../../lib/workspace-folder';
import { tempDir } from '../helpers/config-dir';
import { constructFixture, PROJECT_REQUIREMENTS, testStack } from '../helpers/construct-fixture';

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
  const pinned = new PinnedEnvironment(stack, 'Pinned', { flavor: 'standard', requirementsDir, folder });
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
      flavor: 'ml',
      requirementsDir: PROJECT_REQUIREMENTS,
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
          flavor: 'ml',
          requirementsDir: PROJECT_REQUIREMENTS,
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
      () => new PinnedEnvironment(stack, 'Pinned', { flavor: 'standard', requirementsDir: dir, folder }),
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
      () => new PinnedEnvironment(stack, 'Pinned', { flavor: 'gpu', requirementsDir: dir, folder }),
    ).toThrow(/requirements-gpu\.txt/);
  });
});
