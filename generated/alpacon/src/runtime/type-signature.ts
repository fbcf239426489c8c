// Part of the mcpgen runtime, copied unchanged into this package (spec: specs/alpacon.yaml). Do not edit:
// it is replaced on every `mcpgen generate`.
import { pointerTokens, readTokens } from './json-pointer.js';
import type { JsonSchema } from './types.js';

/**
 * Compact TypeScript for a tool's JSON schemas, so that code mode's search can show a method as
 * `list_apps(args: { ... }): Promise<{ apps: App[] }>` in a few hundred characters. The schemas are
 * the ones the package's types are generated from; nesting past MAX_DEPTH is summarised as
 * `object`/`unknown[]`, and a signature that is still too long is rendered shallower.
 */

const MAX_DEPTH = 3;
/** A signature longer than this is rendered one level shallower (down to depth 1). */
export const MAX_SIGNATURE_CHARS = 700;
const MAX_ENUM_VALUES = 8;

export function methodSignature(method: string, input: JsonSchema, output: JsonSchema | undefined, required: boolean): string {
  let text = '';
  for (let depth = MAX_DEPTH; depth >= 1; depth -= 1) {
    const args = typeOf(input, input, depth, new Set());
    const result = output ? typeOf(output, output, depth, new Set()) : 'unknown';
    text = `${method}(args${required ? '' : '?'}: ${args}): Promise<${result}>`;
    if (text.length <= MAX_SIGNATURE_CHARS) return text;
  }
  return text;
}

function typeOf(schema: unknown, root: JsonSchema, depth: number, seen: Set<string>): string {
  if (schema === false) return 'never';
  // true, a missing schema, or nothing a schema can be
  if (schema === null || typeof schema !== 'object') return 'unknown';
  const node = schema as Record<string, unknown>;
  if (typeof node.$ref === 'string') {
    const ref = node.$ref;
    const target = ref.startsWith('#/') ? readTokens(root, pointerTokens(ref.slice(1))) : undefined;
    if (!target || seen.has(ref)) return ref.split('/').pop() ?? 'unknown';
    return typeOf(target, root, depth, new Set([...seen, ref]));
  }
  if ('const' in node) return literal(node.const);
  if (Array.isArray(node.enum)) {
    const values = node.enum.slice(0, MAX_ENUM_VALUES).map(literal);
    return node.enum.length > MAX_ENUM_VALUES ? `${values.join(' | ')} | …` : values.join(' | ');
  }
  for (const key of ['oneOf', 'anyOf'] as const) {
    if (Array.isArray(node[key])) return union((node[key] as unknown[]).map((part) => typeOf(part, root, depth, seen)));
  }
  if (Array.isArray(node.allOf)) return (node.allOf as unknown[]).map((part) => typeOf(part, root, depth, seen)).join(' & ');
  const types = Array.isArray(node.type) ? (node.type as unknown[]).map(String) : typeof node.type === 'string' ? [node.type] : [];
  if (types.length === 0 && (node.properties || node.additionalProperties)) types.push('object');
  if (types.length === 0 && node.items) types.push('array');
  const rendered = types.map((type) => single(type, node, root, depth, seen));
  if (node.nullable === true) rendered.push('null');
  return rendered.length === 0 ? 'unknown' : union(rendered);
}

function single(type: string, node: Record<string, unknown>, root: JsonSchema, depth: number, seen: Set<string>): string {
  switch (type) {
    case 'string':
    case 'boolean':
    case 'null':
      return type;
    case 'integer':
    case 'number':
      return 'number';
    case 'array': {
      if (depth <= 0) return 'unknown[]';
      const item = typeOf(node.items, root, depth - 1, seen);
      return /[|& ]/.test(item) && !item.startsWith('{') ? `(${item})[]` : `${item}[]`;
    }
    case 'object': {
      if (depth <= 0) return 'object';
      const properties = (node.properties ?? {}) as Record<string, unknown>;
      const required = new Set(Array.isArray(node.required) ? node.required.map(String) : []);
      const fields = Object.entries(properties).map(
        ([name, property]) => `${propertyKey(name)}${required.has(name) ? '' : '?'}: ${typeOf(property, root, depth - 1, seen)}`,
      );
      const extra = node.additionalProperties;
      if (extra && typeof extra === 'object') fields.push(`[key: string]: ${typeOf(extra, root, depth - 1, seen)}`);
      if (fields.length === 0) return extra === false ? '{}' : 'Record<string, unknown>';
      return `{ ${fields.join('; ')} }`;
    }
    default:
      return 'unknown';
  }
}

function union(parts: readonly string[]): string {
  return [...new Set(parts)].join(' | ');
}

/** A JSON value as a TypeScript literal type: JSON.stringify writes strings TypeScript reads the same. */
function literal(value: unknown): string {
  return value === null || ['string', 'number', 'boolean'].includes(typeof value) ? JSON.stringify(value) : 'unknown';
}

function propertyKey(name: string): string {
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(name) ? name : JSON.stringify(name);
}
