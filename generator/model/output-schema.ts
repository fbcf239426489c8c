/**
 * Output schemas a model can read and a client can check without tripping over drift: the
 * response object's own properties with their types and descriptions, one level deep.
 * Nested objects are described by type only and nothing is `required`, because real APIs
 * add and drop fields, and MCP clients reject structured content that fails the schema.
 * That keeps tools/list small too: Stripe's full response graphs would cost megabytes.
 */
import type { SchemaConverter } from './schema.js';
import { shortenDescription } from './schema.js';
import type { JsonSchema } from './types.js';
import { type Json, isObject } from '../json.js';

const DESCRIPTION_LIMIT = 120;
const MAX_ENUM = 12;
const MAX_PROPERTIES = 60;

export function shallowObjectSchema(schema: unknown, converter: SchemaConverter): JsonSchema {
  const properties = collectProperties(schema, converter);
  const described = Object.fromEntries(
    [...properties].slice(0, MAX_PROPERTIES).map(([name, property]) => [name, summarize(property, converter, true)]),
  );
  const root = converter.resolve(schema);
  const description =
    isObject(root) && typeof root.description === 'string' ? shortenDescription(root.description, DESCRIPTION_LIMIT) : undefined;
  return { type: 'object', ...(description ? { description } : {}), properties: described };
}

/** The type of a value, with one more level for arrays of scalars and top-level fields. */
export function summarize(schema: unknown, converter: SchemaConverter, withDescription: boolean): JsonSchema {
  const resolved = converter.resolve(schema);
  if (!isObject(resolved)) return {};
  const types = typesOf(resolved, converter);
  const result: Json = {};
  if (types.length === 1) result.type = types[0];
  else if (types.length > 1) result.type = types;
  if (withDescription && typeof resolved.description === 'string' && resolved.description.trim() !== '') {
    result.description = shortenDescription(resolved.description, DESCRIPTION_LIMIT);
  }
  if (
    Array.isArray(resolved.enum) &&
    resolved.enum.length > 0 &&
    resolved.enum.length <= MAX_ENUM &&
    types.every((type) => type !== 'object' && type !== 'array')
  ) {
    result.enum = resolved.nullable === true && !resolved.enum.includes(null) ? [...resolved.enum, null] : resolved.enum;
  }
  if (types.includes('array') && resolved.items !== undefined) {
    const items = summarize(resolved.items, converter, false);
    if (typeof items === 'object' && Object.keys(items).length > 0) result.items = items;
  }
  return result;
}

function typesOf(schema: Json, converter: SchemaConverter, depth = 0): string[] {
  const found = new Set<string>();
  if (typeof schema.type === 'string') found.add(schema.type);
  if (Array.isArray(schema.type)) for (const type of schema.type) found.add(String(type));
  if (found.size === 0 && (schema.properties !== undefined || schema.additionalProperties !== undefined)) found.add('object');
  if (found.size === 0 && schema.items !== undefined) found.add('array');
  if (depth < 4) {
    for (const keyword of ['anyOf', 'oneOf', 'allOf']) {
      const members = schema[keyword];
      if (!Array.isArray(members)) continue;
      for (const member of members) {
        const resolved = converter.resolve(member);
        if (isObject(resolved)) for (const type of typesOf(resolved, converter, depth + 1)) found.add(type);
      }
    }
  }
  if (schema.nullable === true && found.size > 0) found.add('null');
  if (found.has('integer') && found.has('number')) found.delete('integer');
  return [...found].sort();
}

/** Properties of an object schema, following `$ref` and merging `allOf` members. */
function collectProperties(
  schema: unknown,
  converter: SchemaConverter,
  depth = 0,
  into = new Map<string, unknown>(),
): Map<string, unknown> {
  const resolved = converter.resolve(schema);
  if (!isObject(resolved) || depth > 8) return into;
  if (isObject(resolved.properties)) {
    for (const [name, property] of Object.entries(resolved.properties)) {
      const target = converter.resolve(property);
      if (isObject(target) && target.writeOnly === true) continue;
      if (!into.has(name)) into.set(name, property);
    }
  }
  // Union members contribute their fields too: the output schema requires none of them.
  for (const keyword of ['allOf', 'anyOf', 'oneOf'] as const) {
    const members = resolved[keyword];
    if (Array.isArray(members)) for (const member of members) collectProperties(member, converter, depth + 1, into);
  }
  return into;
}
