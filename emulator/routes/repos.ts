import { alreadyExists, invalidParameter, notFound } from '../api-error';
import { currentHead, tagCommit } from '../git-heads';
import type { Json, JsonObject } from '../json';
import { optionalObject, optionalString, paginate, requiredString } from '../request-fields';
import type { Route } from '../router';
import type { RepoRecord } from '../state';
import type { Store } from '../store';
import { treeAt } from '../git-content';
import {
  childrenOf,
  findObject,
  isContainer,
  mkdirs,
  newObjectId,
  normalizeWorkspacePath,
  parentPath,
  removeSubtree,
} from '../workspace-tree';

const GIT_PROVIDERS = [
  'gitHub',
  'gitHubEnterprise',
  'bitbucketCloud',
  'bitbucketServer',
  'gitLab',
  'gitLabEnterpriseEdition',
  'azureDevOpsServices',
  'awsCodeCommit',
];

/** The branch a fresh Git folder checks out. */
export const DEFAULT_BRANCH = 'main';

/** The ReposInformation shape of a repo. */
export function repoInfo(repo: RepoRecord): JsonObject {
  const info: JsonObject = {
    id: repo.id,
    url: repo.url,
    provider: repo.provider,
    path: repo.path,
    head_commit_id: repo.head_commit_id,
  };
  if (repo.branch !== undefined) info.branch = repo.branch;
  if (repo.sparse_checkout !== undefined) info.sparse_checkout = repo.sparse_checkout;
  return info;
}

function getRepo(store: Store, id: string): RepoRecord {
  if (!/^\d+$/.test(id)) throw invalidParameter(`Invalid repo id ${id}: expected an integer.`);
  const repo = store.state.repos[id];
  if (!repo) throw notFound(`Repo ${id} does not exist.`);
  return repo;
}

/** Checks out a branch (pulling it to its current head) or a tag. */
function checkout(store: Store, repo: RepoRecord, ref: { branch?: string; tag?: string }): void {
  if (ref.branch !== undefined && ref.tag !== undefined) {
    throw invalidParameter('Only one of branch and tag can be given.');
  }
  if (ref.tag !== undefined) {
    if (ref.tag.trim() === '') throw invalidParameter('tag must not be empty.');
    delete repo.branch;
    repo.head_commit_id = tagCommit(repo.url, ref.tag);
  } else if (ref.branch !== undefined) {
    if (ref.branch.trim() === '') throw invalidParameter('branch must not be empty.');
    repo.branch = ref.branch;
    repo.head_commit_id = currentHead(store.state, repo.url, ref.branch);
  }
}

/** Cone-mode sparse checkout: top-level files plus everything under the listed folders. */
function inSparseCheckout(repo: RepoRecord, path: string): boolean {
  const patterns = repo.sparse_checkout?.patterns;
  if (!Array.isArray(patterns) || patterns.length === 0 || !path.includes('/')) return true;
  return patterns.some((pattern) => {
    const folder = String(pattern).replace(/^\/+|\/+$/g, '');
    return path === folder || path.startsWith(`${folder}/`);
  });
}

/** Replaces what the Git folder holds with the content of its checked-out commit. */
function materialize(store: Store, repo: RepoRecord): void {
  const root = normalizeWorkspacePath(repo.path);
  for (const child of childrenOf(store, root)) removeSubtree(store, child.path);
  const now = store.now();
  const tree = treeAt(store.state, repo.url, repo.head_commit_id);
  for (const [relativePath, file] of Object.entries(tree)) {
    if (!inSparseCheckout(repo, relativePath)) continue;
    const key = `${root}/${relativePath}`;
    mkdirs(store, parentPath(key));
    store.state.workspace[key] = {
      path: key,
      object_type: file.object_type,
      object_id: newObjectId(store),
      ...(file.language === undefined ? {} : { language: file.language }),
      content: file.content,
      created_at: now,
      modified_at: now,
    };
  }
  store.touch();
}

function createRepo(store: Store, args: JsonObject): Json {
  const url = requiredString(args, 'url');
  if (!/^https?:\/\/[^/]+\/.+/.test(url)) throw invalidParameter(`Invalid Git repository URL ${url}.`);
  const provider = requiredString(args, 'provider');
  if (!GIT_PROVIDERS.some((known) => known.toLowerCase() === provider.toLowerCase())) {
    throw invalidParameter(`Invalid Git provider ${provider}; expected one of ${GIT_PROVIDERS.join(', ')}.`);
  }
  const requestedPath = optionalString(args, 'path');
  const repoName =
    url
      .replace(/\/+$/, '')
      .replace(/\.git$/, '')
      .split('/')
      .pop() ?? 'repo';
  const path = requestedPath ?? `/Repos/${store.userName}/${repoName}`;
  const key = normalizeWorkspacePath(path);
  if (findObject(store, key))
    throw alreadyExists(`Path ${path} already exists. Please choose a different path.`);
  if (requestedPath === undefined) mkdirs(store, parentPath(key));
  const parent = store.state.workspace[parentPath(key)];
  if (!parent) throw notFound(`The parent folder (${parentPath(path)}) does not exist.`);
  if (!isContainer(parent) || parent.object_type === 'REPO' || insideRepo(store, key)) {
    throw invalidParameter(`A Git folder cannot be created inside ${parentPath(path)}.`);
  }
  const sparse = optionalObject(args, 'sparse_checkout');
  const id = newObjectId(store);
  const repo: RepoRecord = { id, url, provider, path, head_commit_id: '' };
  if (sparse) repo.sparse_checkout = sparse;
  checkout(store, repo, {
    branch:
      optionalString(args, 'tag') === undefined
        ? (optionalString(args, 'branch') ?? DEFAULT_BRANCH)
        : undefined,
    tag: optionalString(args, 'tag'),
  });
  const now = store.now();
  store.state.repos[String(id)] = repo;
  store.state.workspace[key] = {
    path: key,
    object_type: 'REPO',
    object_id: id,
    created_at: now,
    modified_at: now,
  };
  materialize(store, repo);
  return repoInfo(repo);
}

function insideRepo(store: Store, key: string): boolean {
  for (let current = parentPath(key); current !== '/'; current = parentPath(current)) {
    if (store.state.workspace[current]?.object_type === 'REPO') return true;
  }
  return false;
}

function updateRepo(store: Store, id: string, args: JsonObject): Json {
  const repo = getRepo(store, id);
  const newPath = optionalString(args, 'path');
  if (newPath !== undefined && normalizeWorkspacePath(newPath) !== normalizeWorkspacePath(repo.path)) {
    moveRepo(store, repo, newPath);
  }
  const before = repo.head_commit_id;
  checkout(store, repo, { branch: optionalString(args, 'branch'), tag: optionalString(args, 'tag') });
  const sparse = optionalObject(args, 'sparse_checkout');
  if (sparse) repo.sparse_checkout = sparse;
  if (repo.head_commit_id !== before || sparse) materialize(store, repo);
  const node = findObject(store, repo.path);
  if (node) node.modified_at = store.now();
  store.touch();
  return repoInfo(repo);
}

function moveRepo(store: Store, repo: RepoRecord, newPath: string): void {
  const from = normalizeWorkspacePath(repo.path);
  const to = normalizeWorkspacePath(newPath);
  if (findObject(store, to))
    throw alreadyExists(`Path ${newPath} already exists. Please choose a different path.`);
  const parent = store.state.workspace[parentPath(to)];
  if (!parent || parent.object_type !== 'DIRECTORY') {
    throw notFound(`The parent folder (${parentPath(newPath)}) does not exist.`);
  }
  for (const object of Object.values(store.state.workspace)) {
    if (object.path === from || object.path.startsWith(`${from}/`)) {
      delete store.state.workspace[object.path];
      object.path = to + object.path.slice(from.length);
      store.state.workspace[object.path] = object;
    }
  }
  repo.path = newPath;
}

/** Git folders (`/api/2.0/repos`), each backed by a REPO node in the workspace tree. */
export const repoRoutes: Route[] = [
  { method: 'POST', pattern: 'repos', handler: ({ args }, store) => createRepo(store, args) },
  {
    method: 'GET',
    pattern: 'repos',
    handler: ({ args }, store) => {
      const prefix = optionalString(args, 'path_prefix');
      const repos = Object.values(store.state.repos)
        .filter((repo) => prefix === undefined || repo.path.startsWith(prefix))
        .sort((a, b) => a.path.localeCompare(b.path));
      const pageArgs = { ...args, page_token: args.next_page_token ?? null };
      const { page, nextPageToken } = paginate(repos, pageArgs, 'page_size', 100);
      const body: JsonObject = { repos: page.map(repoInfo) };
      if (nextPageToken) body.next_page_token = nextPageToken;
      return body;
    },
  },
  {
    method: 'GET',
    pattern: 'repos/:id',
    handler: ({ params }, store) => repoInfo(getRepo(store, params.id)),
  },
  {
    method: 'PATCH',
    pattern: 'repos/:id',
    handler: ({ params, args }, store) => updateRepo(store, params.id, args),
  },
  {
    method: 'DELETE',
    pattern: 'repos/:id',
    handler: ({ params }, store) => {
      const repo = getRepo(store, params.id);
      removeSubtree(store, normalizeWorkspacePath(repo.path));
      delete store.state.repos[params.id];
      return {};
    },
  },
];
