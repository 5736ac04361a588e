import { invalidParameter, notFound } from '../api-error';
import { hexId, uniqueId } from '../ids';
import type { Json, JsonObject } from '../json';
import { booleanArg, optionalInt, requiredString } from '../request-fields';
import type { Route } from '../router';
import type { GlobalInitScriptRecord } from '../state';
import type { Store } from '../store';

function getScript(store: Store, id: string): GlobalInitScriptRecord {
  const script = store.state.globalInitScripts[id];
  if (!script) throw notFound(`Global init script ${id} does not exist.`);
  return script;
}

function summary(script: GlobalInitScriptRecord): JsonObject {
  const listed: JsonObject = { ...script };
  delete listed.script;
  return listed;
}

function fields(args: JsonObject): { name: string; script: string; position?: number } {
  const name = requiredString(args, 'name');
  const script = requiredString(args, 'script');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(script)) throw invalidParameter('script must be base64-encoded.');
  const position = optionalInt(args, 'position');
  if (position !== undefined && position < 0)
    throw invalidParameter(`position must be >= 0, got ${position}.`);
  return { name, script, position };
}

function createScript(store: Store, args: JsonObject): Json {
  const { name, script, position } = fields(args);
  const id = uniqueId(hexId, (candidate) => store.state.globalInitScripts[candidate] !== undefined);
  const now = store.now();
  store.state.globalInitScripts[id] = {
    script_id: id,
    name,
    script,
    enabled: booleanArg(args, 'enabled'),
    position: position ?? Object.keys(store.state.globalInitScripts).length,
    created_at: now,
    created_by: store.userName,
    updated_at: now,
    updated_by: store.userName,
  };
  store.touch();
  return { script_id: id };
}

/** Global init scripts (`/api/2.0/global-init-scripts`). */
export const globalInitScriptRoutes: Route[] = [
  { method: 'POST', pattern: 'global-init-scripts', handler: ({ args }, store) => createScript(store, args) },
  {
    method: 'GET',
    pattern: 'global-init-scripts',
    handler: (_request, store) => ({
      scripts: Object.values(store.state.globalInitScripts)
        .sort((a, b) => a.position - b.position)
        .map(summary),
    }),
  },
  {
    method: 'GET',
    pattern: 'global-init-scripts/:id',
    handler: ({ params }, store) => ({ ...getScript(store, params.id) }),
  },
  {
    method: 'PATCH',
    pattern: 'global-init-scripts/:id',
    handler: ({ params, args }, store) => {
      const script = getScript(store, params.id);
      const updated = fields(args);
      script.name = updated.name;
      script.script = updated.script;
      script.enabled = booleanArg(args, 'enabled');
      if (updated.position !== undefined) script.position = updated.position;
      script.updated_at = store.now();
      script.updated_by = store.userName;
      store.touch();
      return {};
    },
  },
  {
    method: 'DELETE',
    pattern: 'global-init-scripts/:id',
    handler: ({ params }, store) => {
      getScript(store, params.id);
      delete store.state.globalInitScripts[params.id];
      store.touch();
      return {};
    },
  },
];
