import { z } from 'zod';
import { environmentFileSchema, projectFileSchema } from './schema';

interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  additionalProperties?: JsonSchema | boolean;
  propertyNames?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  enum?: unknown[];
  const?: unknown;
  default?: unknown;
  description?: string;
  minimum?: number;
  maximum?: number;
  pattern?: string;
  format?: string;
}

function typeOf(s: JsonSchema): string {
  if (s.const !== undefined) return `\`${JSON.stringify(s.const)}\``;
  if (s.enum) return s.enum.map((v) => `\`${String(v)}\``).join(' \\| ');
  if (s.type === 'array') return `list of ${s.items ? typeOf(s.items) : 'values'}`;
  if (s.type === 'object' && !s.properties && typeof s.additionalProperties === 'object') {
    return `map of ${typeOf(s.additionalProperties)}`;
  }
  if (s.type === 'integer' || s.type === 'number') {
    const range =
      s.minimum !== undefined || s.maximum !== undefined ? ` ${s.minimum ?? ''}..${s.maximum ?? ''}` : '';
    return `${s.type === 'integer' ? 'integer' : 'number'}${range}`;
  }
  if (s.format) return `${s.type} (${s.format})`;
  return String(s.type ?? 'value');
}

function rows(s: JsonSchema, prefix: string, required: boolean, out: string[]): void {
  const variants = s.oneOf ?? s.anyOf;
  if (variants) {
    for (const v of variants)
      rows({ ...v, description: v.description ?? s.description }, prefix, required, out);
    return;
  }
  if (prefix) {
    const need =
      required && s.default === undefined
        ? 'yes'
        : s.default !== undefined
          ? `default \`${JSON.stringify(s.default)}\``
          : 'no';
    const variantNote =
      s.properties?.type?.const !== undefined ? ` (when \`type: ${String(s.properties.type.const)}\`)` : '';
    out.push(
      `| \`${prefix}\`${variantNote} | ${typeOf(s)} | ${need} | ${(s.description ?? '').replace(/\|/g, '\\|')} |`,
    );
  }
  if (s.properties) {
    for (const [key, child] of Object.entries(s.properties)) {
      rows(child, prefix ? `${prefix}.${key}` : key, (s.required ?? []).includes(key), out);
    }
  }
  if (s.type === 'array' && s.items?.properties) {
    for (const [key, child] of Object.entries(s.items.properties)) {
      rows(child, `${prefix}[].${key}`, (s.items.required ?? []).includes(key), out);
    }
  }
  if (typeof s.additionalProperties === 'object' && s.additionalProperties.properties) {
    for (const [key, child] of Object.entries(s.additionalProperties.properties)) {
      rows(child, `${prefix}.<name>.${key}`, (s.additionalProperties.required ?? []).includes(key), out);
    }
  }
}

function table(title: string, schema: z.ZodType): string {
  const json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
  const out = [
    `### ${title}`,
    '',
    json.description ?? '',
    '',
    '| field | type | required | description |',
    '|---|---|---|---|',
  ];
  rows(json, '', true, out);
  return out.join('\n');
}

/**
 * The config reference as Markdown, generated from the zod schemas (so it cannot drift from them).
 * The README embeds it between `<!-- config-reference:start -->` and `<!-- config-reference:end -->`;
 * `npm run docs` rewrites it and a test fails when it is stale.
 */
export function configReference(): string {
  return (
    [table('project.yaml', projectFileSchema), table('&lt;env&gt;.yaml', environmentFileSchema)].join(
      '\n\n',
    ) + '\n'
  );
}
