import { TerraformStack, Testing } from 'cdktf';

/** A synthesized Terraform JSON document (cdk.tf.json), loosely typed for assertions. */
export interface TerraformJson {
  readonly resource?: Record<string, Record<string, Record<string, unknown>>>;
  readonly output?: Record<string, { value: unknown; description?: string }>;
  readonly provider?: Record<string, Array<Record<string, unknown>>>;
  readonly terraform?: Record<string, unknown>;
  readonly [key: string]: unknown;
}

/** `Testing.synth` parsed: what the jest matchers see (metadata `//` removed, node validations not run). */
export function synthJson(stack: TerraformStack): TerraformJson {
  return JSON.parse(Testing.synth(stack)) as TerraformJson;
}

/**
 * The stack's Terraform JSON as `cdktf synth` writes it, metadata `//` included (Testing.synth strips it,
 * and with it the `"//".protected` marker the plan guard reads).
 */
export function synthWithMetadata(stack: TerraformStack): TerraformJson {
  Testing.synth(stack); // runs aspects, as a real synth does
  return JSON.parse(JSON.stringify(stack.toTerraform())) as TerraformJson;
}

/** The resources of one Terraform type, by logical id (empty when none). */
export function resourcesOf(json: TerraformJson, type: string): Record<string, Record<string, unknown>> {
  return json.resource?.[type] ?? {};
}

/** The only resource of a type; throws when there is not exactly one. */
export function onlyResource(json: TerraformJson, type: string): Record<string, unknown> {
  const all = Object.values(resourcesOf(json, type));
  if (all.length !== 1) throw new Error(`expected exactly one ${type}, found ${all.length}`);
  return all[0];
}

/** The Terraform reference `${type.id.attribute}` of a resource, as it appears in another resource. */
export function reference(type: string, logicalId: string, attribute = 'id'): string {
  return `\${${type}.${logicalId}.${attribute}}`;
}
