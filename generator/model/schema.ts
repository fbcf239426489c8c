/**
 * Turns OpenAPI Schema Objects (3.0 dialect or 3.1 JSON Schema) into self-contained JSON
 * Schema 2020-12 for tool inputs and outputs. A `$ref` becomes a `$ref` into the tool
 * schema's own `$defs`, so recursive and shared schemas stay as small as the spec wrote
 * them instead of being inlined (exponentially, on Stripe-sized specs).
 * @see https://spec.openapis.org/oas/v3.1.0#schema-object
 */
import { pruneExamples } from './examples.js';
import type { JsonSchema } from './types.js';
import { isObject, type Json, lookupRef, refTokens } from '../json.js';
import { unescapeToken } from '../../templates/runtime/json-pointer.js';
import { SpecValidationError } from '../errors.js';
import { SUBSCHEMA_LISTS, SUBSCHEMA_MAPS, SUBSCHEMA_SINGLE } from './schema-keywords.js';

const DROPPED = new Set([
  'discriminator',
  'xml',
  'externalDocs',
  'example',
  'nullable',
  'readOnly',
  'writeOnly',
  '$schema',
  '$id',
  'id',
  'title',
  '$comment',
]);
const MAX_DESCRIPTION = 300;

/**
 * `$ref`s followed one inside another while converting one schema. The conversion recurses, so
 * a spec built as a chain of thousands of schemas would overflow the stack; real specs stay far
 * below this (each component is converted once, and cycles stop at the first repeat).
 */
const MAX_REF_NESTING = 200;

/** Resolves internal `$ref`s of one bundled document and converts schemas to 2020-12. */
export class SchemaConverter {
  private readonly defNames = new Map<string, string>();
  private readonly usedDefNames = new Set<string>();

  constructor(
    private readonly doc: Json,
    readonly dialect: '3.0' | '3.1',
    /** The spec's file, for the error of a `$ref` chain too deep. */
    readonly file = '',
  ) {}

  /** Follows a `$ref` chain to the object it names; `undefined` for a broken or cyclic chain. */
  resolve(node: unknown): unknown {
    let current = node;
    const seen = new Set<string>();
    while (isObject(current) && typeof current.$ref === 'string') {
      if (seen.has(current.$ref)) return undefined;
      seen.add(current.$ref);
      current = this.lookup(current.$ref);
    }
    return current;
  }

  lookup(ref: string): unknown {
    return lookupRef(this.doc, ref);
  }

  defNameFor(ref: string): string {
    const existing = this.defNames.get(ref);
    if (existing) return existing;
    const componentName = /^#\/components\/schemas\/([^/]+)$/.exec(ref)?.[1];
    const hint = componentName ? unescapeToken(decodeURIComponent(componentName)) : refTokens(ref).join('_');
    const name = defName(hint, 'schema', (candidate) => this.usedDefNames.has(candidate));
    this.usedDefNames.add(name);
    this.defNames.set(ref, name);
    return name;
  }
}

/** Converts the schemas of one tool's input, which share its `$defs`. */
export class BuildSession {
  private readonly defs = new Map<string, JsonSchema>();
  private readonly pending = new Set<string>();

  constructor(private readonly converter: SchemaConverter) {}

  withDefs(schema: JsonSchema): JsonSchema {
    if (this.defs.size === 0) return schema;
    const defs = sortedDefs(Object.fromEntries(this.defs));
    if (schema === true || schema === false) return { allOf: [schema], $defs: defs };
    return { ...schema, $defs: defs };
  }

  convert(node: unknown, depth: number): JsonSchema {
    if (typeof node === 'boolean') return node;
    if (!isObject(node)) return {};
    if (typeof node.$ref === 'string') return this.convertRef(node, depth);

    const result: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(node)) {
      if (key.startsWith('x-') || DROPPED.has(key)) continue;
      if (SUBSCHEMA_MAPS.includes(key) && isObject(value)) {
        result[key] = this.convertMap(key, value, depth);
      } else if (SUBSCHEMA_SINGLE.includes(key) && (isObject(value) || typeof value === 'boolean')) {
        result[key] = this.convert(value, depth);
      } else if (SUBSCHEMA_LISTS.includes(key) && Array.isArray(value)) {
        result[key] = value.map((item) => this.convert(item, depth));
      } else if (key === 'items') {
        if (Array.isArray(value)) result.prefixItems = value.map((item) => this.convert(item, depth));
        else result.items = this.convert(value, depth);
      } else if (key === 'description' && typeof value === 'string') {
        result.description = shortenDescription(value);
      } else if ((key === 'exclusiveMinimum' || key === 'exclusiveMaximum') && typeof value === 'boolean') {
        const bound = key === 'exclusiveMinimum' ? 'minimum' : 'maximum';
        if (value && typeof node[bound] === 'number') result[key] = node[bound];
      } else if (key === 'examples' && !Array.isArray(value)) {
        // OpenAPI 3.0 schemas have no `examples`; a map here is not JSON Schema's list.
      } else if (key === 'type' && value === 'file') {
        result.type = 'string';
      } else if (key === 'enum' && Array.isArray(value) && value.length === 0) {
        // An empty enum admits nothing; specs mean "not listed yet" by it.
      } else if (key === 'pattern' && typeof value === 'string') {
        const pattern = unicodeSafePattern(value);
        if (pattern !== undefined) result.pattern = pattern;
      } else {
        result[key] = value;
      }
    }
    for (const bound of ['minimum', 'maximum'] as const) {
      const exclusive = bound === 'minimum' ? 'exclusiveMinimum' : 'exclusiveMaximum';
      if (node[exclusive] === true && typeof node[bound] === 'number') delete result[bound];
    }
    if (typeof node.example === 'string' && result.examples === undefined) {
      result.examples = [node.example];
    }
    pruneExamples(result);
    if (Array.isArray(result.required) && isObject(result.properties)) {
      const properties = result.properties;
      result.required = (result.required as unknown[]).filter((name) => typeof name === 'string' && name in properties);
      if ((result.required as unknown[]).length === 0) delete result.required;
    }
    if (node.nullable === true && (this.converter.dialect === '3.0' || node.type !== undefined)) return makeNullable(result);
    return result;
  }

  private convertMap(key: string, value: Json, depth: number): Json {
    const out: Json = {};
    for (const [name, child] of Object.entries(value)) {
      if (key === 'properties' && this.skipsProperty(child)) continue;
      out[name] = this.convert(child, depth);
    }
    return out;
  }

  /** Server-set fields are not inputs. */
  private skipsProperty(child: unknown): boolean {
    const resolved = this.converter.resolve(child);
    return isObject(resolved) && resolved.readOnly === true;
  }

  private convertRef(node: Json, depth: number): JsonSchema {
    const ref = node.$ref as string;
    const target = this.converter.lookup(ref);
    if (target === undefined) return {};
    if (depth >= MAX_REF_NESTING) {
      const pointer = ref.slice(1);
      const message = `schemas nest more than ${MAX_REF_NESTING} levels deep through $refs (here: "${ref}")`;
      throw new SpecValidationError(`${this.converter.file}#${pointer}: ${message}`, [
        { code: 'too-deep', file: this.converter.file, message, pointer, severity: 'error' },
      ]);
    }
    const name = this.converter.defNameFor(ref);
    if (!this.defs.has(name) && !this.pending.has(name)) {
      this.pending.add(name);
      this.defs.set(name, this.convert(target, depth + 1));
      this.pending.delete(name);
    }
    const reference: Record<string, unknown> = { $ref: `#/$defs/${encodeURIComponent(name)}` };
    if ('description' in node) reference.description = shortenDescription(String(node.description));
    return reference;
  }
}

/** A `$defs` name from a hint: characters a pointer token keeps, `_2`, `_3`... while `taken`. */
export function defName(hint: string, fallback: string, taken: (name: string) => boolean): string {
  const base = hint.replace(/[^A-Za-z0-9_.-]+/g, '_').slice(0, 100) || fallback;
  let name = base;
  for (let counter = 2; taken(name); counter += 1) name = `${base}_${counter}`;
  return name;
}

/** `$defs` sorted by name, so a schema's text does not depend on the order its references were met. */
export function sortedDefs(defs: Json): Json {
  return Object.fromEntries(Object.entries(defs).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/**
 * JSON Schema patterns are ECMA-262 with the `u` flag, which rejects escapes of ordinary
 * characters (`\:`, `\-` outside a class) that specs written for other engines use. Such
 * escapes are dropped; a pattern that still does not compile is left out.
 */
function unicodeSafePattern(pattern: string): string | undefined {
  if (compiles(pattern)) return pattern;
  const relaxed = pattern.replace(/\\([^A-Za-z0-9\s^$\\.*+?()[\]{}|/-])/g, '$1').replace(/\\-(?![^[]*\])/g, '-');
  return compiles(relaxed) ? relaxed : undefined;
}

function compiles(pattern: string): boolean {
  try {
    new RegExp(pattern, 'u');
    return true;
  } catch {
    return false;
  }
}

function makeNullable(schema: Record<string, unknown>): JsonSchema {
  const type = schema.type;
  if (typeof type === 'string') {
    const result: Record<string, unknown> = { ...schema, type: type === 'null' ? 'null' : [type, 'null'] };
    if (Array.isArray(schema.enum) && !schema.enum.includes(null)) result.enum = [...schema.enum, null];
    return result;
  }
  if (Array.isArray(type)) return type.includes('null') ? schema : { ...schema, type: [...type, 'null'] };
  return { anyOf: [schema, { type: 'null' }] };
}

/** First paragraph, markup stripped, cut at a sentence end near the limit. */
export function shortenDescription(text: string, limit = MAX_DESCRIPTION): string {
  const plain =
    text
      .replace(/<[^>]+>/g, '')
      .replace(/\[([^\]]+)\]\([^)]*\)/g, '$1')
      .replace(/\r/g, '')
      .split(/\n\s*\n/)[0]
      ?.replace(/\s+/g, ' ')
      .trim() ?? '';
  if (plain.length <= limit) return plain;
  const cut = plain.slice(0, limit);
  const sentenceEnd = cut.lastIndexOf('. ');
  return sentenceEnd > limit / 2 ? cut.slice(0, sentenceEnd + 1) : `${cut.slice(0, limit - 1).trimEnd()}…`;
}
