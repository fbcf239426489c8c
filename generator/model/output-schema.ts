/**
 * Output schemas a model can read and a client can check without tripping over drift: the
 * response object's own properties with their types and descriptions, one level deep.
 * Nested objects are described by type only and nothing is `required`, because real APIs
 * add and drop fields, and MCP clients reject structured content that fails the schema.
 * That keeps tools/list small too: Stripe's full response graphs would cost megabytes.
 * Descriptions are cut to their first sentence, and left out where they only restate the
 * property's name ("id": "Task id."): the tool's description already says what it returns.
 */
import { type SchemaConverter, shortenDescription } from './schema.js';
import { words } from './naming.js';
import type { JsonSchema } from './types.js';
import { type Json, isObject } from '../json.js';

const DESCRIPTION_LIMIT = 80;
const MAX_ENUM = 12;
const MAX_PROPERTIES = 60;

export function shallowObjectSchema(schema: unknown, converter: SchemaConverter): JsonSchema {
  const properties = collectProperties(schema, converter);
  const described = Object.fromEntries(
    [...properties]
      .slice(0, MAX_PROPERTIES)
      .map(([name, property]) => [name, withoutRestatement(name, summarize(property, converter, true), converter.resolve(property))]),
  );
  const root = converter.resolve(schema);
  const description = isObject(root) && typeof root.description === 'string' ? briefDescription(root.description) : '';
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
  const description = withDescription && typeof resolved.description === 'string' ? briefDescription(resolved.description) : '';
  if (description) result.description = description;
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

/**
 * The sentences of a description (first paragraph, markup stripped) that fit in `limit`
 * characters; at least the first, cut at a word when it alone is too long.
 */
export function briefDescription(text: string, limit = DESCRIPTION_LIMIT): string {
  const plain = shortenDescription(text, Number.MAX_SAFE_INTEGER);
  if (plain.length <= limit) return plain;
  const sentences = sentenceEnds(plain).filter((end) => end <= limit);
  const last = sentences[sentences.length - 1];
  if (last !== undefined) return plain.slice(0, last);
  const cut = plain.slice(0, limit);
  const space = cut.lastIndexOf(' ');
  return `${(space > limit / 2 ? cut.slice(0, space) : cut.slice(0, limit - 1)).replace(/[\s,;:(-]+$/, '')}…`;
}

const ABBREVIATION = /(?:^|[\s(])(?:e\.g|i\.e|etc|vs|cf|incl|approx|[A-Z])\.$/;

/** Where each sentence of `text` ends (the index after its full stop). */
function sentenceEnds(text: string): number[] {
  return [...text.matchAll(/[.!?](?=\s)/g)].map((match) => match.index + 1).filter((end) => !ABBREVIATION.test(text.slice(0, end)));
}

/** Words that carry a unit or a kind, which a description adds even when it is one word long. */
const TELLING_WORDS =
  /^(?:\d.*|id|ids|name|url|uri|uuid|json|base64|pem|iso|rfc|utc|unix|epoch|percent|cents?|bytes?|bits?|kb|mb|gb|kib|mib|gib|ms|milliseconds?|seconds?|minutes?|hours?|days?|weeks?|months?|years?)$/;
const FILLER = new Set(
  'a an and any are as at be been by for from has have if in is it its of on or that the this to was when whether which with'.split(' '),
);

/**
 * Drops a description that says nothing the property's name does not: every word of it (as
 * the spec wrote it, not only the part kept) is in the name, but for at most one word that
 * names no unit or kind ("id": "Task id.").
 */
function withoutRestatement(name: string, schema: JsonSchema, property: unknown): JsonSchema {
  if (typeof schema !== 'object' || typeof schema.description !== 'string') return schema;
  const written = isObject(property) && typeof property.description === 'string' ? property.description : schema.description;
  const named = new Set(wordsOf(name));
  const extra = wordsOf(shortenDescription(written, Number.MAX_SAFE_INTEGER)).filter((word) => !named.has(word));
  if (extra.length > 1 || extra.some((word) => TELLING_WORDS.test(word))) return schema;
  const { description: _restated, ...rest } = schema;
  return rest;
}

function wordsOf(text: string): string[] {
  return words(text)
    .filter((word) => !FILLER.has(word))
    .map((word) => (word.length > 3 ? word.replace(/s$/, '') : word));
}
