/** A JSON value, as the emulator stores and returns it. */
export type Json = null | boolean | number | string | Json[] | JsonObject;

/** A JSON object. */
export interface JsonObject {
  [key: string]: Json;
}

/** True when `value` is a plain JSON object (not an array, not null). */
export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A deep copy of a JSON value, so stored objects never alias request or response objects. */
export function cloneJson<T extends Json>(value: T): T {
  return structuredClone(value);
}

/**
 * Merges `patch` into `target` in place, the way a UI edit changes a stored object: objects merge key by key,
 * arrays and scalars replace, and `null` removes the key.
 */
export function deepMerge(target: JsonObject, patch: JsonObject): JsonObject {
  for (const [key, value] of Object.entries(patch)) {
    // Own properties only: a JSON key like "__proto__" must not reach the prototype chain.
    const current = Object.prototype.hasOwnProperty.call(target, key) ? target[key] : undefined;
    if (value === null) {
      delete target[key];
    } else if (isJsonObject(value) && isJsonObject(current)) {
      deepMerge(current, value);
    } else {
      Object.defineProperty(target, key, {
        value: cloneJson(value),
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
  }
  return target;
}
