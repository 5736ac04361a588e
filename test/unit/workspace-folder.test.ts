import { Directory } from '@cdktf/provider-databricks/lib/directory';
import { Notebook } from '@cdktf/provider-databricks/lib/notebook';
import { Permissions } from '@cdktf/provider-databricks/lib/permissions';
import { WorkspaceFile } from '@cdktf/provider-databricks/lib/workspace-file';
import { Testing } from 'cdktf';
import { Principal } from '../../lib/principal';
import { WorkspaceFolder } from '../../lib/workspace-folder';
import { testStack } from '../helpers/construct-fixture';
import { resourcesOf, synthJson } from '../helpers/synthesized';

const base64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');

describe('WorkspaceFolder', () => {
  it('creates the directory, deleted recursively with its content on destroy', () => {
    const { stack } = testStack();
    const folder = new WorkspaceFolder(stack, 'Folder', { path: '/Shared/demo/dev' });
    folder.grant(Principal.group('admins'), 'CAN_MANAGE');
    expect(folder.path).toBe('/Shared/demo/dev');
    expect(Testing.synth(stack)).toHaveResourceWithProperties(Directory, {
      path: '/Shared/demo/dev',
      delete_recursive: true,
    });
  });

  it('uploads files from content (base64), under the folder, after the folder exists', () => {
    const { stack } = testStack();
    const folder = new WorkspaceFolder(stack, 'Folder', { path: '/Shared/demo/dev' });
    folder.grant(Principal.group('admins'), 'CAN_MANAGE');
    folder.addFile(stack, 'Lock', { name: 'pinned/standard/requirements.txt', content: 'a==1\n' });
    expect(Testing.synth(stack)).toHaveResourceWithProperties(WorkspaceFile, {
      path: '/Shared/demo/dev/pinned/standard/requirements.txt',
      content_base64: base64('a==1\n'),
      depends_on: [expect.stringMatching(/^databricks_directory\.Folder_/)],
    });
  });

  it('uploads Python notebooks in source format', () => {
    const { stack } = testStack();
    const folder = new WorkspaceFolder(stack, 'Folder', { path: '/Users/ada@acme.example/ops' });
    folder.grant(Principal.group('admins'), 'CAN_MANAGE');
    folder.addNotebook(stack, 'Nb', { name: 'ops/backup', content: '# Databricks notebook source\n' });
    expect(Testing.synth(stack)).toHaveResourceWithProperties(Notebook, {
      path: '/Users/ada@acme.example/ops/ops/backup',
      language: 'PYTHON',
      content_base64: base64('# Databricks notebook source\n'),
    });
  });

  it('grants on the directory by its object id, in one permissions resource', () => {
    const { stack } = testStack();
    const folder = new WorkspaceFolder(stack, 'Folder', { path: '/Workspace/demo' });
    folder.grant(Principal.group('admins'), 'CAN_MANAGE');
    folder.grant(Principal.group('readers'), 'CAN_READ');
    const json = synthJson(stack);
    expect(Object.keys(resourcesOf(json, 'databricks_permissions'))).toHaveLength(1);
    expect(Testing.synth(stack)).toHaveResourceWithProperties(Permissions, {
      directory_id: expect.stringMatching(/^\$\{databricks_directory\.Folder_\w+\.object_id\}$/),
      access_control: [
        { group_name: 'admins', permission_level: 'CAN_MANAGE' },
        { group_name: 'readers', permission_level: 'CAN_READ' },
      ],
    });
  });

  it.each([
    'Shared/demo',
    '/Shared',
    '/Shared/',
    '/Shared/demo/../other',
    '/Repos/bot/demo',
    '/tmp/demo',
    '/Shared/ demo',
    '/Shared//demo',
  ])('fails when the path is %j', (bad) => {
    const { stack } = testStack();
    expect(() => new WorkspaceFolder(stack, 'Folder', { path: bad })).toThrow(
      `test/Folder: path must be an absolute workspace path under /Shared, /Users or /Workspace without "..", found ${JSON.stringify(bad)}`,
    );
  });

  it.each(['/etc/passwd', '../escape', 'a/../../b', 'a//b', './a', ''])(
    'fails when a file name is %j (it must stay in the folder)',
    (bad) => {
      const { stack } = testStack();
      const folder = new WorkspaceFolder(stack, 'Folder', { path: '/Shared/demo' });
      expect(() => folder.addFile(stack, 'F', { name: bad, content: 'x' })).toThrow(
        `test/Folder: file name must be relative and stay in the folder, found ${JSON.stringify(bad)}`,
      );
      expect(() => folder.addNotebook(stack, 'N', { name: bad, content: 'x' })).toThrow(/must be relative/);
    },
  );
});
