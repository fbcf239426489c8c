/**
 * Responses Object (OAS 3.1 §4.8.16): the success response becomes the tool's output
 * schema, always an object at the top as MCP requires (arrays and scalars are wrapped).
 * @see https://spec.openapis.org/oas/v3.1.0#responses-object
 */
import { preferredMediaType } from './request-body.js';
import type { SchemaConverter } from './schema.js';
import { shallowObjectSchema, summarize } from './output-schema.js';
import type { EnvelopeDefinition } from '../../templates/runtime/types.js';
import type { JsonSchema, OutputModel } from './types.js';
import { type Json, isObject } from '../json.js';
import { pointerTokens } from '../../templates/runtime/json-pointer.js';

export function successResponses(operation: Json, converter: SchemaConverter): { status: number; response: Json }[] {
  const responses = isObject(operation.responses) ? operation.responses : {};
  return Object.entries(responses)
    .filter(([code]) => /^2(\d\d|XX)$/i.test(code))
    .map(([code, response]) => ({ status: Number(code.replace(/XX$/i, '00')), response: converter.resolve(response) }))
    .filter((entry): entry is { status: number; response: Json } => isObject(entry.response))
    .sort((a, b) => a.status - b.status);
}

export function buildOutput(operation: Json, converter: SchemaConverter, envelope?: EnvelopeDefinition): OutputModel | undefined {
  for (const { status, response } of successResponses(operation, converter)) {
    if (!isObject(response.content)) continue;
    const mediaType = preferredMediaType(Object.keys(response.content));
    if (!mediaType) continue;
    const media = response.content[mediaType];
    if (!isObject(media)) continue;
    const example = exampleOf(media, converter);
    const isJson = /json/i.test(mediaType) || mediaType === '*/*';
    if (!isJson || media.schema === undefined) {
      return { example, mediaType, status };
    }
    const enveloped = envelope ? envelopeOutput(media.schema, envelope, converter) : undefined;
    if (enveloped) return { example, mediaType, schema: enveloped, status };
    const kind = shapeOf(converter.resolve(media.schema), converter);
    if (kind === 'unknown') return { example, mediaType, status };
    const schema = outputSchemaOf(kind, media.schema, converter);
    const wrap = kind === 'object' ? undefined : kind === 'array' ? 'items' : 'value';
    return { example, mediaType, schema, status, wrap };
  }
  return undefined;
}

/**
 * MCP wants an object at the top: objects stay, arrays go under `items`, scalars under
 * `value`. A list, bare or in an envelope (`{apps: [...]}`), also describes its items' fields.
 * Not even the wrapper is required: a drifted body's structured content leaves out what does
 * not match, and `{}` must still conform (the runtime's output-fit.ts).
 */
function outputSchemaOf(kind: 'array' | 'object' | 'scalar', schema: unknown, converter: SchemaConverter): JsonSchema {
  if (kind === 'scalar') return { type: 'object', properties: { value: summarize(schema, converter, true) } };
  if (kind === 'array') {
    const items = isObject(converter.resolve(schema)) ? (converter.resolve(schema) as Json).items : undefined;
    return { type: 'object', properties: { items: { type: 'array', items: itemSchema(items, converter) } } };
  }
  const object = shallowObjectSchema(schema, converter) as { properties: Record<string, Json> };
  const lists = Object.entries(object.properties).filter(
    ([, property]) => property.type === 'array' && (property.items as Json | undefined)?.type === 'object',
  );
  if (lists.length === 1 && lists[0]) {
    const [name] = lists[0];
    const resolved = converter.resolve(schema);
    const raw = isObject(resolved) && isObject(resolved.properties) ? converter.resolve(resolved.properties[name]) : undefined;
    if (isObject(raw)) object.properties[name] = { ...object.properties[name], items: itemSchema(raw.items, converter) };
  }
  return object;
}

/**
 * What a tool of an enveloped API returns (templates/runtime/envelope.ts builds the same shape):
 * the payload at dataPath, a list under `items`, a scalar under `value`, and the envelope's
 * page information beside it as `metadata`. undefined when the body has no payload there
 * (health probes and other bodies the API sends bare), which are described as they are.
 */
function envelopeOutput(schema: unknown, envelope: EnvelopeDefinition, converter: SchemaConverter): JsonSchema | undefined {
  const data = schemaAt(schema, envelope.dataPath, converter);
  if (data === undefined) return undefined;
  const kind = shapeOf(converter.resolve(data), converter);
  if (kind === 'unknown') return undefined;
  const payload = outputSchemaOf(kind, data, converter) as { properties: Record<string, unknown> };
  const metadata = envelope.metadataPath ? schemaAt(schema, envelope.metadataPath, converter) : undefined;
  if (metadata === undefined) return payload;
  return { ...payload, properties: { ...payload.properties, metadata: shallowObjectSchema(metadata, converter) } };
}

/** The schema of the value a JSON pointer reaches in bodies of `schema`, through object properties. */
function schemaAt(schema: unknown, pointer: string, converter: SchemaConverter): unknown {
  let current: unknown = schema;
  for (const key of pointerTokens(pointer)) {
    const resolved = converter.resolve(current);
    if (!isObject(resolved) || !isObject(resolved.properties) || resolved.properties[key] === undefined) return undefined;
    current = resolved.properties[key];
  }
  return current;
}

function itemSchema(items: unknown, converter: SchemaConverter): JsonSchema {
  const summary = summarize(items, converter, false) as Json;
  if (summary.type !== 'object') return summary;
  const shallow = shallowObjectSchema(items, converter) as { properties: Record<string, Json> };
  const properties = Object.entries(shallow.properties).map(([name, { type }]) => [name, type === undefined ? {} : { type }]);
  return { type: 'object', properties: Object.fromEntries(properties) };
}

function shapeOf(schema: unknown, converter: SchemaConverter): 'array' | 'object' | 'scalar' | 'unknown' {
  if (!isObject(schema)) return 'unknown';
  const type = Array.isArray(schema.type) ? schema.type.filter((t) => t !== 'null') : [schema.type];
  if (type.includes('array') || schema.items !== undefined) return 'array';
  if (type.includes('object') || schema.properties !== undefined || schema.additionalProperties !== undefined) return 'object';
  // A composition of objects is an object: all of them (allOf) or one of them (anyOf/oneOf,
  // e.g. Stripe's `customer | deleted_customer`).
  for (const keyword of ['allOf', 'anyOf', 'oneOf'] as const) {
    const members = schema[keyword];
    if (Array.isArray(members) && members.length > 0) {
      return members.every((member) => shapeOf(converter.resolve(member), converter) === 'object') ? 'object' : 'unknown';
    }
  }
  if (typeof schema.type === 'string' || Array.isArray(schema.type)) return 'scalar';
  return 'unknown';
}

function exampleOf(media: Json, converter: SchemaConverter): unknown {
  if (media.example !== undefined) return media.example;
  if (isObject(media.examples)) {
    const first = converter.resolve(Object.values(media.examples)[0]);
    if (isObject(first) && first.value !== undefined) return first.value;
  }
  const schema = converter.resolve(media.schema);
  if (isObject(schema)) {
    if (schema.example !== undefined) return schema.example;
    if (Array.isArray(schema.examples) && schema.examples.length > 0) return schema.examples[0];
  }
  return undefined;
}
