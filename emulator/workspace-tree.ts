import { alreadyExists, invalidParameter, notFound } from './api-error';
import { numericId, uniqueId } from './ids';
import type { WorkspaceObject, WorkspaceObjectType } from './state';
import type { Store } from './store';

/**
 * The canonical key of a workspace path: absolute, without a `/Workspace` prefix (both spellings name the same
 * object in a real workspace) and without a trailing slash.
 */
export function normalizeWorkspacePath(path: string): string {
  if (!path.startsWith('/')) throw invalidParameter(`Path (${path}) must be absolute.`);
  let key = path.replace(/\/+$/, '') || '/';
  if (key === '/Workspace') key = '/';
  else if (key.startsWith('/Workspace/')) key = key.slice('/Workspace'.length);
  if (key.includes('//') || key.split('/').some((part) => part === '.' || part === '..')) {
    throw invalidParameter(`Path (${path}) is not a valid workspace path.`);
  }
  return key;
}

/** The parent path of a normalized path (`/` for top-level entries). */
export function parentPath(key: string): string {
  const index = key.lastIndexOf('/');
  return index <= 0 ? '/' : key.slice(0, index);
}

/** The object at `path`, or undefined. */
export function findObject(store: Store, path: string): WorkspaceObject | undefined {
  return store.state.workspace[normalizeWorkspacePath(path)];
}

/** The object at `path`, or a 404 in the real API's words. */
export function getObject(store: Store, path: string): WorkspaceObject {
  const found = findObject(store, path);
  if (!found) throw notFound(`Path (${path}) doesn't exist.`);
  return found;
}

/** The object with the given `object_id`, optionally of one type. */
export function findObjectById(
  store: Store,
  objectId: number,
  type?: WorkspaceObjectType,
): WorkspaceObject | undefined {
  return Object.values(store.state.workspace).find(
    (object) => object.object_id === objectId && (type === undefined || object.object_type === type),
  );
}

/** Directories and Git folders can hold other objects. */
export function isContainer(object: WorkspaceObject): boolean {
  return object.object_type === 'DIRECTORY' || object.object_type === 'REPO';
}

/** A fresh workspace object id (16 digits) not used by any object or repo. */
export function newObjectId(store: Store): number {
  return uniqueId(
    () => numericId(16),
    (id) => findObjectById(store, id) !== undefined || store.state.repos[String(id)] !== undefined,
  );
}

/** Creates `path` and any missing parents as directories; existing directories are left alone. */
export function mkdirs(store: Store, path: string): WorkspaceObject {
  const key = normalizeWorkspacePath(path);
  const parts = key.split('/').filter(Boolean);
  let current = store.state.workspace['/'];
  let prefix = '';
  for (const part of parts) {
    prefix += `/${part}`;
    const existing = store.state.workspace[prefix];
    if (existing) {
      if (!isContainer(existing)) {
        throw alreadyExists(
          `Cannot create directory ${prefix}: a ${existing.object_type.toLowerCase()} exists there.`,
        );
      }
      current = existing;
      continue;
    }
    const now = store.now();
    current = {
      path: prefix,
      object_type: 'DIRECTORY',
      object_id: newObjectId(store),
      created_at: now,
      modified_at: now,
    };
    store.state.workspace[prefix] = current;
    store.touch();
  }
  return current;
}

/** The direct children of a container. */
export function childrenOf(store: Store, key: string): WorkspaceObject[] {
  return Object.values(store.state.workspace)
    .filter((object) => object.path !== '/' && parentPath(object.path) === key)
    .sort((a, b) => a.path.localeCompare(b.path));
}

/** The permissions-store key of a workspace object (`directories/<id>`, `notebooks/<id>`, ...). */
export function permissionKeyOf(object: WorkspaceObject): string {
  const type = { DIRECTORY: 'directories', FILE: 'files', NOTEBOOK: 'notebooks', REPO: 'repos' }[
    object.object_type
  ];
  return `${type}/${object.object_id}`;
}

/** Removes an object and everything below it, with the Git folders and grants attached to them. */
export function removeSubtree(store: Store, key: string): void {
  for (const object of Object.values(store.state.workspace)) {
    if (object.path === key || object.path.startsWith(`${key}/`)) {
      delete store.state.workspace[object.path];
      delete store.state.permissions[permissionKeyOf(object)];
      if (object.object_type === 'REPO') delete store.state.repos[String(object.object_id)];
    }
  }
  store.touch();
}
