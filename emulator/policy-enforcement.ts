import { invalidParameter } from './api-error';
import { isJsonObject, type Json, type JsonObject } from './json';
import type { Store } from './store';

/** A cluster is created for interactive use (clusters API) or for a job run (the `cluster_type` virtual path). */
export type ClusterType = 'all-purpose' | 'job';

/** Attributes that are optional by nature: a rule on them does not make them required. */
const OPTIONAL_BY_NATURE = new Set(['num_workers', 'autoscale.min_workers', 'autoscale.max_workers']);

/** Attributes a job cluster does not have, so rules on them do not apply to job clusters. */
const ALL_PURPOSE_ONLY = new Set(['autotermination_minutes']);

/** Virtual paths: computed from the request, never set on the cluster. */
const VIRTUAL = new Set(['cluster_type', 'dbus_per_hour']);

interface Rule {
  type?: string;
  value?: Json;
  values?: Json[];
  pattern?: string;
  minValue?: number;
  maxValue?: number;
  defaultValue?: Json;
  isOptional?: boolean;
}

function segments(path: string): string[] {
  // custom_tags.<tag> and spark_conf.<key> take the rest of the path as one key (keys may contain dots)
  for (const map of ['custom_tags', 'spark_conf', 'spark_env_vars']) {
    if (path.startsWith(`${map}.`)) return [map, path.slice(map.length + 1)];
  }
  return path.split('.');
}

function getPath(spec: JsonObject, path: string): Json | undefined {
  let current: Json | undefined = spec;
  for (const part of segments(path)) {
    if (Array.isArray(current)) current = current[Number(part)];
    else if (isJsonObject(current)) current = current[part];
    else return undefined;
  }
  return current;
}

function setPath(spec: JsonObject, path: string, value: Json): void {
  const parts = segments(path);
  let current: JsonObject | Json[] = spec;
  parts.forEach((part, index) => {
    const last = index === parts.length - 1;
    const nextIsIndex = !last && /^\d+$/.test(parts[index + 1]);
    const key = Array.isArray(current) ? Number(part) : part;
    const container = current as Record<string | number, Json>;
    if (last) {
      container[key] = structuredClone(value);
      return;
    }
    const existing = container[key];
    if (!isJsonObject(existing) && !Array.isArray(existing)) container[key] = nextIsIndex ? [] : {};
    current = container[key] as JsonObject | Json[];
  });
}

function show(value: Json): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** The violation of one rule by `value` (undefined = attribute absent), or undefined when it holds. */
function violation(rule: Rule, value: Json | undefined, optional: boolean): string | undefined {
  const type = rule.type ?? 'unlimited';
  if (value === undefined || value === null) {
    if (type === 'forbidden' || type === 'unlimited' || optional || rule.isOptional === true)
      return undefined;
    return 'the value must be present';
  }
  const is = ` (is "${show(value)}")`;
  switch (type) {
    case 'fixed':
      return JSON.stringify(value) === JSON.stringify(rule.value)
        ? undefined
        : `the value must be ${show(rule.value ?? null)}${is}`;
    case 'forbidden':
      return `the value must be absent${is}`;
    case 'allowlist':
      return (rule.values ?? []).some((allowed) => JSON.stringify(allowed) === JSON.stringify(value))
        ? undefined
        : `the value must be one of [${(rule.values ?? []).map(show).join(', ')}]${is}`;
    case 'blocklist':
      return (rule.values ?? []).some((blocked) => JSON.stringify(blocked) === JSON.stringify(value))
        ? `the value must not be one of [${(rule.values ?? []).map(show).join(', ')}]${is}`
        : undefined;
    case 'regex':
      return new RegExp(rule.pattern ?? '').test(String(value))
        ? undefined
        : `the value must match the regular expression "${rule.pattern ?? ''}"${is}`;
    case 'range': {
      const number = Number(value);
      if (!Number.isFinite(number)) return `the value must be a number${is}`;
      if (rule.minValue !== undefined && number < rule.minValue)
        return `the value must be greater than or equal to ${rule.minValue}${is}`;
      if (rule.maxValue !== undefined && number > rule.maxValue)
        return `the value must be less than or equal to ${rule.maxValue}${is}`;
      return undefined;
    }
    default:
      return undefined;
  }
}

/** The parsed definition of a policy (its own `definition`, else its family overrides). */
function definitionOf(store: Store, policyId: string): Record<string, Rule> {
  const policy = store.state.policies[policyId];
  if (!policy) throw invalidParameter(`Cluster policy ${policyId} does not exist.`);
  const text = policy.fields.definition ?? policy.fields.policy_family_definition_overrides;
  if (typeof text !== 'string' || text.trim() === '') return {};
  const parsed: unknown = JSON.parse(text);
  return isJsonObject(parsed) ? (parsed as unknown as Record<string, Rule>) : {};
}

/**
 * Applies the cluster's policy (when `policy_id` is set) as a workspace does: fixed values are always set,
 * default values when `apply_policy_default_values` is true; then every rule is checked against the result.
 * @returns the spec with the policy's values applied (a copy; `spec` is not changed)
 * @throws 400 INVALID_PARAMETER_VALUE "Validation failed for <path>, <reason>" listing every violated rule
 */
export function enforcePolicy(store: Store, spec: JsonObject, clusterType: ClusterType): JsonObject {
  const policyId = spec.policy_id;
  if (typeof policyId !== 'string' || policyId === '') return spec;
  const rules = definitionOf(store, policyId);
  const result = structuredClone(spec);
  const applyDefaults = spec.apply_policy_default_values === true;
  const failures: string[] = [];
  for (const [path, rule] of Object.entries(rules)) {
    if (!isJsonObject(rule as unknown as Json)) continue;
    if (clusterType === 'job' && ALL_PURPOSE_ONLY.has(path)) continue;
    if (VIRTUAL.has(path)) {
      const problem = path === 'cluster_type' ? violation(rule, clusterType, false) : undefined;
      if (problem) failures.push(`Validation failed for ${path}, ${problem}`);
      continue;
    }
    const current = getPath(result, path);
    if (current === undefined && rule.type === 'fixed' && rule.value !== undefined) {
      setPath(result, path, rule.value);
    } else if (current === undefined && applyDefaults && rule.defaultValue !== undefined) {
      setPath(result, path, rule.defaultValue);
    }
    const problem = violation(rule, getPath(result, path), OPTIONAL_BY_NATURE.has(path));
    if (problem) failures.push(`Validation failed for ${path}, ${problem}`);
  }
  if (failures.length > 0) throw invalidParameter(failures.join('; '));
  return result;
}
