import { ApiError, invalidParameter, notFound } from './api-error';
import { pushCommit, seedGitContent, treeFromDirectory, treeFromTexts } from './git-content';
import { currentHead } from './git-heads';
import { parsePrincipalSeed, seedPrincipals } from './principals';
import { deepMerge, isJsonObject, type Json, type JsonObject } from './json';
import { optionalInt, optionalObject, optionalString, requiredString } from './request-fields';
import { clusterDetails } from './routes/clusters';
import { createDestination } from './routes/notification-destinations';
import { policyInfo } from './routes/cluster-policies';
import { RESULT_STATES } from './routes/job-runs';
import { jobInfo } from './routes/jobs';
import { repoInfo } from './routes/repos';
import type { Store } from './store';
import { findObject } from './workspace-tree';

/** What the admin endpoints may touch besides the store. */
export interface AdminContext {
  store: Store;
  /** The request log, oldest first. */
  requests(): Json;
  /** Resets the store, the request log and the fault generator. */
  reset(): void;
}

/**
 * Simulates an edit made behind Terraform's back (e.g. in the UI): deep-merges `patch` into the stored object
 * (`null` removes a key). Jobs merge into `settings`, clusters into their spec, policies into their fields.
 */
function mutate(store: Store, body: JsonObject): Json {
  const kind = requiredString(body, 'kind').replace(/-/g, '_');
  const id = body.id === undefined || body.id === null ? '' : String(body.id);
  if (id === '') throw invalidParameter('Missing required field: id');
  const patch = body.patch;
  if (!isJsonObject(patch)) throw invalidParameter('patch must be an object.');
  const { state } = store;
  const missing = (): ApiError => notFound(`No ${kind} with id ${id}.`);
  let result: Json;
  switch (kind) {
    case 'job': {
      const job = state.jobs[id] ?? missingThrow(missing);
      deepMerge(job.settings, patch);
      result = jobInfo(job);
      break;
    }
    case 'cluster': {
      const cluster = state.clusters[id] ?? missingThrow(missing);
      deepMerge(cluster.spec, patch);
      result = clusterDetails(cluster);
      break;
    }
    case 'repo': {
      const repo = state.repos[id] ?? missingThrow(missing);
      deepMerge(repo as unknown as JsonObject, patch);
      result = repoInfo(repo);
      break;
    }
    case 'policy':
    case 'cluster_policy': {
      const policy = state.policies[id] ?? missingThrow(missing);
      deepMerge(policy.fields, patch);
      result = policyInfo(policy);
      break;
    }
    case 'notification_destination': {
      const destination = state.notificationDestinations[id] ?? missingThrow(missing);
      deepMerge(destination as unknown as JsonObject, patch);
      result = { ...destination } as unknown as JsonObject;
      break;
    }
    case 'global_init_script': {
      const script = state.globalInitScripts[id] ?? missingThrow(missing);
      deepMerge(script as unknown as JsonObject, patch);
      result = { ...script } as unknown as JsonObject;
      break;
    }
    case 'secret_scope': {
      const scope = state.secretScopes[id] ?? missingThrow(missing);
      deepMerge(scope as unknown as JsonObject, patch);
      result = { name: scope.name, backend_type: scope.backend_type, acls: scope.acls };
      break;
    }
    case 'workspace_object': {
      const object = findObject(store, id) ?? missingThrow(missing);
      deepMerge(object as unknown as JsonObject, patch);
      result = { ...object } as unknown as JsonObject;
      break;
    }
    default:
      throw invalidParameter(
        `Unknown kind ${kind}; expected job, cluster, repo, policy, notification_destination, global_init_script, secret_scope or workspace_object.`,
      );
  }
  store.touch();
  return { kind, id, object: result };
}

/** `{path: text}` from a JSON object, refusing non-string contents. */
function textFiles(files: JsonObject): Record<string, string> {
  const texts: Record<string, string> = {};
  for (const [path, text] of Object.entries(files)) {
    if (typeof text !== 'string') throw invalidParameter(`files.${path} must be the file's text.`);
    texts[path] = text;
  }
  return texts;
}

/**
 * Sets the content of a Git remote from `dir` (a local folder or checkout) or `files` (`{path: text}`): of
 * `branch` as a push, or of every branch without pushed content when `branch` is omitted.
 */
function seed(store: Store, body: JsonObject): Json {
  const url = requiredString(body, 'url');
  const branch = optionalString(body, 'branch');
  const dir = optionalString(body, 'dir');
  const files = optionalObject(body, 'files');
  if ((dir === undefined) === (files === undefined))
    throw invalidParameter('Give exactly one of dir and files.');
  const tree = dir === undefined ? treeFromTexts(textFiles(files ?? {})) : treeFromDirectory(dir);
  const head = seedGitContent(store.state, url, branch, tree);
  store.touch();
  return {
    url,
    branch: branch ?? null,
    head_commit_id: head ?? null,
    paths: Object.keys(tree).sort(),
  };
}

function missingThrow(make: () => ApiError): never {
  throw make();
}

/**
 * Handles `/__emulator/*` (no authentication, never faulted): state dump, reset, mutations behind Terraform's
 * back, Git pushes, run outcomes and the request log.
 */
export function handleAdmin(
  method: string,
  path: string,
  query: URLSearchParams,
  body: JsonObject,
  context: AdminContext,
): Json {
  const { store } = context;
  const route = `${method} ${path}`;
  switch (route) {
    case 'GET /__emulator/state':
      return store.state as unknown as JsonObject;
    case 'POST /__emulator/reset':
      context.reset();
      return {};
    case 'POST /__emulator/mutate':
      return mutate(store, body);
    case 'POST /__emulator/repos/advance': {
      const url = requiredString(body, 'url');
      const branch = optionalString(body, 'branch') ?? 'main';
      const previous = currentHead(store.state, url, branch);
      const files = optionalObject(body, 'files');
      const head = pushCommit(store.state, url, branch, files ? treeFromTexts(textFiles(files)) : {});
      store.touch();
      return {
        url,
        branch,
        previous_commit_id: previous,
        head_commit_id: head.commit,
        generation: head.generation,
      };
    }
    case 'POST /__emulator/principals': {
      seedPrincipals(store.state, parsePrincipalSeed(body, 'body'));
      store.touch();
      return store.state.principals as unknown as JsonObject;
    }
    case 'POST /__emulator/notification-destinations': {
      // A destination made by hand in the workspace, with the id the config names.
      const id = requiredString(body, 'id');
      return createDestination(
        store,
        {
          display_name: optionalString(body, 'display_name') ?? id,
          config: optionalObject(body, 'config') ?? {
            slack: { url: 'https://hooks.slack.example/emulator' },
          },
        },
        id,
      );
    }
    case 'POST /__emulator/repos/seed':
      return seed(store, body);
    case 'GET /__emulator/repos/head': {
      const url = query.get('url');
      if (!url) throw invalidParameter('Missing required query parameter: url');
      const branch = query.get('branch') ?? 'main';
      return { url, branch, head_commit_id: currentHead(store.state, url, branch) };
    }
    case 'POST /__emulator/runs/next-result': {
      const resultState = requiredString(body, 'result_state');
      if (!RESULT_STATES.includes(resultState)) {
        throw invalidParameter(
          `Unknown result_state ${resultState}; expected one of ${RESULT_STATES.join(', ')}.`,
        );
      }
      const jobId = optionalInt(body, 'job_id');
      const key = jobId === undefined ? '*' : String(jobId);
      store.state.nextRunResults[key] = {
        result_state: resultState,
        state_message: optionalString(body, 'state_message') ?? '',
      };
      store.touch();
      return { job_id: jobId ?? null, result_state: resultState };
    }
    case 'GET /__emulator/requests':
      return context.requests();
    default:
      throw new ApiError(404, 'ENDPOINT_NOT_FOUND', `No admin endpoint ${route}.`);
  }
}
