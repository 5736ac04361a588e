import { ApiError, alreadyExists, invalidParameter, notFound } from '../api-error';
import type { Json, JsonObject } from '../json';
import { booleanArg, optionalString, requiredString } from '../request-fields';
import { RawResponse, type Route } from '../router';
import type { WorkspaceObject } from '../state';
import type { Store } from '../store';
import {
  childrenOf,
  getObject,
  isContainer,
  mkdirs,
  newObjectId,
  normalizeWorkspacePath,
  parentPath,
  removeSubtree,
} from '../workspace-tree';

const LANGUAGES = ['PYTHON', 'SCALA', 'SQL', 'R'];
const FORMATS = ['SOURCE', 'HTML', 'JUPYTER', 'DBC', 'R_MARKDOWN', 'AUTO', 'RAW'];
const EXTENSION_LANGUAGE: Record<string, string> = { py: 'PYTHON', scala: 'SCALA', sql: 'SQL', r: 'R' };
const LANGUAGE_EXTENSION: Record<string, string> = { PYTHON: 'py', SCALA: 'scala', SQL: 'sql', R: 'r' };

/** The get-status / list shape of an object, under the path spelling the caller used. */
export function objectStatus(object: WorkspaceObject, shownPath: string = object.path): JsonObject {
  const status: JsonObject = {
    path: shownPath,
    object_type: object.object_type,
    object_id: object.object_id,
    resource_id: String(object.object_id),
    created_at: object.created_at,
    modified_at: object.modified_at,
  };
  if (object.language) status.language = object.language;
  if (object.content !== undefined) status.size = Buffer.from(object.content, 'base64').length;
  return status;
}

/** Re-applies a `/Workspace` prefix to a stored path when the caller spelled paths that way. */
function shownPath(requested: string, stored: string): string {
  return requested.startsWith('/Workspace') && stored !== '/' ? `/Workspace${stored}` : stored;
}

function importObject(store: Store, args: JsonObject): Json {
  const path = requiredString(args, 'path');
  const format = optionalString(args, 'format') ?? 'SOURCE';
  if (!FORMATS.includes(format))
    throw invalidParameter(`Invalid format ${format}; expected one of ${FORMATS.join(', ')}.`);
  let language = optionalString(args, 'language');
  if (language !== undefined && !LANGUAGES.includes(language)) {
    throw invalidParameter(`Invalid language ${language}; expected one of ${LANGUAGES.join(', ')}.`);
  }
  const content = optionalString(args, 'content') ?? '';
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(content)) throw invalidParameter('content must be base64-encoded.');
  const overwrite = booleanArg(args, 'overwrite');

  const key = normalizeWorkspacePath(path);
  if (key === '/') throw alreadyExists('Path (/) already exists.');
  const parent = store.state.workspace[parentPath(key)];
  if (!parent || !isContainer(parent)) {
    throw notFound(`The parent folder (${path.slice(0, path.lastIndexOf('/')) || '/'}) does not exist.`);
  }

  let type: 'FILE' | 'NOTEBOOK';
  if (format === 'RAW' || (format === 'AUTO' && language === undefined)) {
    type = 'FILE';
    language = undefined;
  } else {
    type = 'NOTEBOOK';
    if (language === undefined) {
      if (format === 'JUPYTER') language = 'PYTHON';
      else if (format === 'R_MARKDOWN') language = 'R';
      else language = EXTENSION_LANGUAGE[key.split('.').pop()?.toLowerCase() ?? ''];
      if (language === undefined && (format === 'DBC' || format === 'HTML')) language = 'PYTHON';
      if (language === undefined)
        throw invalidParameter(`language is required to import ${path} in ${format} format.`);
    }
  }

  const existing = store.state.workspace[key];
  if (existing && (isContainer(existing) || !overwrite)) {
    throw alreadyExists(`Path (${path}) already exists.`);
  }
  const now = store.now();
  const object: WorkspaceObject = {
    path: key,
    object_type: type,
    object_id: existing?.object_id ?? newObjectId(store),
    content,
    created_at: existing?.created_at ?? now,
    modified_at: now,
  };
  if (language) object.language = language;
  store.state.workspace[key] = object;
  store.touch();
  return { object_id: object.object_id };
}

function exportObject(store: Store, args: JsonObject): Json | RawResponse {
  const path = requiredString(args, 'path');
  const object = getObject(store, path);
  if (isContainer(object)) {
    throw new ApiError(
      400,
      'INVALID_PARAMETER_VALUE',
      `Exporting the folder ${path} is not supported by the emulator.`,
    );
  }
  const content = object.content ?? '';
  if (booleanArg(args, 'direct_download')) {
    return new RawResponse(200, Buffer.from(content, 'base64'), 'application/octet-stream');
  }
  const extension = object.language ? LANGUAGE_EXTENSION[object.language] : path.split('.').pop();
  return { content, file_type: extension ?? '' };
}

function deleteObject(store: Store, args: JsonObject): Json {
  const path = requiredString(args, 'path');
  const object = getObject(store, path);
  if (object.path === '/') throw invalidParameter('The workspace root cannot be deleted.');
  if (isContainer(object) && childrenOf(store, object.path).length > 0 && !booleanArg(args, 'recursive')) {
    throw new ApiError(400, 'DIRECTORY_NOT_EMPTY', `Folder (${path}) is not empty`);
  }
  removeSubtree(store, object.path);
  return {};
}

/** Workspace objects: directories, files and notebooks (`/api/2.0/workspace/*`). */
export const workspaceRoutes: Route[] = [
  {
    method: 'POST',
    pattern: 'workspace/mkdirs',
    handler: ({ args }, store) => {
      mkdirs(store, requiredString(args, 'path'));
      return {};
    },
  },
  { method: 'POST', pattern: 'workspace/import', handler: ({ args }, store) => importObject(store, args) },
  { method: 'GET', pattern: 'workspace/export', handler: ({ args }, store) => exportObject(store, args) },
  {
    method: 'GET',
    pattern: 'workspace/get-status',
    handler: ({ args }, store) => {
      const path = requiredString(args, 'path');
      return objectStatus(getObject(store, path), path.length > 1 ? path.replace(/\/+$/, '') : path);
    },
  },
  { method: 'POST', pattern: 'workspace/delete', handler: ({ args }, store) => deleteObject(store, args) },
  {
    method: 'GET',
    pattern: 'workspace/list',
    handler: ({ args }, store) => {
      const path = requiredString(args, 'path');
      const object = getObject(store, path);
      const objects = isContainer(object) ? childrenOf(store, object.path) : [object];
      const body: JsonObject = {};
      if (objects.length > 0)
        body.objects = objects.map((child) => objectStatus(child, shownPath(path, child.path)));
      return body;
    },
  },
];
