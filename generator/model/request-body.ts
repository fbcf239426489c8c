/**
 * Request Body Objects (OAS 3.1 §4.8.13): which media type the tool sends, and whether the
 * body's properties can stand as top-level tool arguments.
 * @see https://spec.openapis.org/oas/v3.1.0#request-body-object
 */
import type { SchemaConverter } from './schema.js';
import { type Json, isObject } from '../json.js';

export interface SpecBody {
  readonly description?: string;
  /** `requestBody.required: false` written out, as opposed to left to its default. */
  readonly explicitlyOptional: boolean;
  readonly mediaType: string;
  /** Present when the body is a plain object whose properties can be flattened (none: no argument at all). */
  readonly properties?: readonly { readonly name: string; readonly required: boolean; readonly schema: unknown }[];
  readonly required: boolean;
  readonly schema: unknown;
}

export function pickRequestBody(operation: Json, converter: SchemaConverter): SpecBody | undefined {
  const body = converter.resolve(operation.requestBody);
  if (!isObject(body) || !isObject(body.content)) return undefined;
  const mediaType = preferredMediaType(Object.keys(body.content));
  if (!mediaType) return undefined;
  const media = body.content[mediaType];
  const schema = isObject(media) ? (media.schema ?? {}) : {};
  // An optional body that admits only `{}` (Stripe sends one with every GET and DELETE) says
  // nothing a tool argument could carry: it becomes a flat body with no fields.
  const properties = body.required !== true && isClosedEmptyObject(converter.resolve(schema)) ? [] : objectProperties(schema, converter);
  return {
    description: typeof body.description === 'string' ? body.description : undefined,
    explicitlyOptional: body.required === false,
    mediaType: mediaType === '*/*' ? 'application/json' : mediaType,
    properties,
    required: body.required === true,
    schema,
  };
}

/** JSON first, then forms, then whatever the spec lists first. */
export function preferredMediaType(types: readonly string[]): string | undefined {
  return (
    types.find((type) => /^application\/json\b/i.test(type)) ??
    types.find((type) => /\+json\b/i.test(type)) ??
    types.find((type) => /^application\/x-www-form-urlencoded/i.test(type)) ??
    types.find((type) => /^multipart\/form-data/i.test(type)) ??
    types[0]
  );
}

/**
 * The properties of an object schema (following `$ref` and merging a top-level `allOf` of
 * objects), or undefined when the body is not a plain object: arrays, scalars, unions
 * and free-form maps stay one nested argument.
 */
function objectProperties(schema: unknown, converter: SchemaConverter): SpecBody['properties'] {
  const merged = new Map<string, { name: string; required: boolean; schema: unknown }>();
  const visit = (node: unknown, depth: number): boolean => {
    const resolved = converter.resolve(node);
    if (!isObject(resolved) || depth > 8) return false;
    if (resolved.oneOf !== undefined || resolved.anyOf !== undefined || resolved.not !== undefined) return false;
    if (resolved.type !== undefined && resolved.type !== 'object') return false;
    if (Array.isArray(resolved.allOf) && !resolved.allOf.every((member) => visit(member, depth + 1))) return false;
    const required = new Set(Array.isArray(resolved.required) ? resolved.required.map(String) : []);
    const properties = isObject(resolved.properties) ? resolved.properties : {};
    for (const [name, property] of Object.entries(properties)) {
      const resolvedProperty = converter.resolve(property);
      if (isObject(resolvedProperty) && resolvedProperty.readOnly === true) continue;
      const previous = merged.get(name);
      merged.set(name, { name, required: required.has(name) || (previous?.required ?? false), schema: property });
    }
    for (const name of required) {
      const entry = merged.get(name);
      if (entry) entry.required = true;
    }
    return isObject(resolved.properties) || Array.isArray(resolved.allOf) || resolved.type === 'object';
  };
  if (!visit(schema, 0) || merged.size === 0) return undefined;
  return [...merged.values()];
}

function isClosedEmptyObject(schema: unknown): boolean {
  if (!isObject(schema) || schema.additionalProperties !== false) return false;
  const open = ['patternProperties', 'allOf', 'anyOf', 'oneOf', 'not', 'if', 'unevaluatedProperties'].some((key) => key in schema);
  return (
    !open &&
    (schema.type === undefined || schema.type === 'object') &&
    isObject(schema.properties) &&
    Object.keys(schema.properties).length === 0
  );
}
