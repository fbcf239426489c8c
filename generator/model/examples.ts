/**
 * Which `examples` an input schema keeps. An example is worth its bytes when it shows a
 * shape the rest of the schema does not: an id's prefix, a path, a cron line. It is left
 * out when the schema already says the same thing: an enum or const lists the values, the
 * default is that value, a `format` like `uuid` or `date-time` names the shape, or the
 * description already quotes it.
 */
import { isDeepStrictEqual } from 'node:util';
import type { Json } from '../json.js';

/** Formats whose values a model writes correctly from the format's name alone. */
const SELF_DESCRIBING_FORMATS = new Set([
  'date',
  'date-time',
  'email',
  'hostname',
  'idn-email',
  'idn-hostname',
  'ipv4',
  'ipv6',
  'iri',
  'time',
  'uri',
  'uri-reference',
  'uuid',
]);

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Drops the examples of `schema` (in place) that repeat what its other keywords say. */
export function pruneExamples(schema: Json): void {
  if (!Array.isArray(schema.examples)) return;
  const kept = schema.examples.filter((example) => isInformativeExample(schema, example));
  if (kept.length > 0) schema.examples = kept;
  else delete schema.examples;
}

export function isInformativeExample(schema: Json, example: unknown): boolean {
  if (Array.isArray(schema.enum) || schema.const !== undefined) return false;
  if (schema.default !== undefined && isDeepStrictEqual(schema.default, example)) return false;
  if (typeof example !== 'string') return true;
  if (typeof schema.format === 'string' && SELF_DESCRIBING_FORMATS.has(schema.format)) return false;
  const description = typeof schema.description === 'string' ? schema.description : '';
  if (UUID.test(example) && /\buuids?\b/i.test(description)) return false;
  return !quotes(description, example);
}

/** `text` contains `value` as a whole token (not inside a longer word or number). */
function quotes(text: string, value: string): boolean {
  if (value.length < 3) return false;
  for (let index = text.indexOf(value); index !== -1; index = text.indexOf(value, index + 1)) {
    const before = text[index - 1] ?? ' ';
    const after = text[index + value.length] ?? ' ';
    if (!/[A-Za-z0-9]/.test(before) && !/[A-Za-z0-9]/.test(after)) return true;
  }
  return false;
}
