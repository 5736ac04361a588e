import fc from 'fast-check';
import { deepMerge, type JsonObject } from '../json';

const jsonObject = fc
  .jsonValue()
  .filter((v): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v));

describe('deepMerge', () => {
  it('leaves an object unchanged when the patch is empty', () => {
    fc.assert(
      fc.property(jsonObject, (target) => {
        expect(deepMerge(structuredClone(target), {})).toEqual(target);
      }),
    );
  });

  it('makes every non-object, non-null patch value win', () => {
    fc.assert(
      fc.property(jsonObject, jsonObject, (target, patch) => {
        const merged = deepMerge(structuredClone(target), patch);
        for (const [key, value] of Object.entries(patch)) {
          if (value === null) expect(Object.prototype.hasOwnProperty.call(merged, key)).toBe(false);
          else if (typeof value !== 'object' || Array.isArray(value)) expect(merged[key]).toEqual(value);
        }
      }),
    );
  });

  it('merges nested objects key by key and removes keys patched with null', () => {
    expect(deepMerge({ a: { b: 1, c: 2 }, d: 3 }, { a: { c: null, e: 4 }, d: null })).toEqual({
      a: { b: 1, e: 4 },
    });
  });
});

describe('deepMerge with keys that name Object.prototype members', () => {
  it('stores "__proto__" as an own key and never touches the prototype', () => {
    const merged = deepMerge({}, JSON.parse('{"__proto__": {"polluted": true}}'));
    expect(Object.getPrototypeOf(merged)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.keys(merged)).toEqual(['__proto__']);
  });
});
