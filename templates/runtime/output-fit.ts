import type { ErrorObject } from 'ajv/dist/2020.js';
import { escapeToken, pointerTokens, readTokens, unescapeToken } from './json-pointer.js';
import type { SchemaCheck } from './validate.js';

/**
 * Fits an upstream body to a tool's output schema, so that structured content is never one a
 * client refuses. The MCP SDK's Client (and most clients) check `structuredContent` against the
 * declared `outputSchema` and throw on a mismatch, so the data of a drifted response would never
 * reach the model. Instead, every part that does not match is left out of the structured content
 * (the object property holding it; an array whose item itself is of the wrong kind goes as a
 * whole, since removing an item would shift the others), and the caller puts the complete body in the text content with
 * a note naming what was left out. Generated output schemas require nothing, so `{}` always fits:
 * a body that is not an object at all (null, a scalar, an array, text, nothing) becomes `{}`.
 */

/** What kind of mismatch: `type` (another JSON type), `enum` (a value not listed), `missing`
 * (a required property absent), `unexpected` (a property the schema closes out), or the
 * JSON Schema keyword that failed. */
export type MismatchKind = 'type' | 'enum' | 'missing' | 'unexpected' | (string & {});

export interface Mismatch {
  /** JSON pointer into the structured content (the wrapped body when the tool wraps it). */
  readonly pointer: string;
  readonly kind: MismatchKind;
  readonly expected: string;
  readonly actual: string;
}

export interface Fitted {
  /** The conforming part; undefined when even an empty object does not conform. */
  readonly structured?: Record<string, unknown>;
  readonly mismatches: readonly Mismatch[];
}

/** The message of the warn line a server logs for each new drift; `mcpgen drift` reads it back. */
export const DRIFT_LOG_MESSAGE = 'response drifts from its output schema';

/** Every pass removes at least one property; real drift needs one or two. */
const MAX_PASSES = 50;
const MAX_SHOWN_VALUE = 40;
const MAX_SHOWN_LIST = 80;

/**
 * Keeps the part of `value` that `check` accepts. A JSON object is changed in place; anything
 * else is a mismatch at the root (`actual` says what came instead: `null`, `text/plain text`...)
 * and the structured content starts from `{}`.
 */
export function fitToSchema(value: unknown, check: SchemaCheck, actual: string = jsonTypeOf(value)): Fitted {
  const mismatches = new Map<string, Mismatch>();
  const isObject = value !== null && typeof value === 'object' && !Array.isArray(value);
  const fitted = isObject ? (value as Record<string, unknown>) : {};
  if (!isObject) mismatches.set('|type', { pointer: '', kind: 'type', expected: 'object', actual });
  for (let pass = 0; pass < MAX_PASSES; pass += 1) {
    const errors = check(fitted);
    if (errors.length === 0) return { structured: fitted, mismatches: [...mismatches.values()] };
    const targets = new Set<string>();
    for (const error of errors) {
      // Ajv reports every error at once: later passes find only what a removal caused.
      if (pass === 0) {
        const mismatch = describeMismatch(error, fitted);
        const key = `${pointerPattern(mismatch.pointer)}|${mismatch.kind}`;
        if (!mismatches.has(key)) mismatches.set(key, mismatch);
      }
      targets.add(removalTarget(error, fitted));
    }
    // Deepest first, so that removing a parent does not hide a sibling's removal.
    let removed = false;
    for (const target of [...targets].sort((a, b) => b.length - a.length)) {
      if (target === '') return { mismatches: [...mismatches.values()] };
      removed = removeAt(fitted, target) || removed;
    }
    if (!removed) break;
  }
  return { mismatches: [...mismatches.values()] };
}

/** The JSON type of a value as a schema names it. */
export function jsonTypeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

function describeMismatch(error: ErrorObject, root: unknown): Mismatch {
  const params = error.params as Record<string, unknown>;
  const pointer = error.instancePath;
  const at = readTokens(root, pointerTokens(pointer));
  switch (error.keyword) {
    case 'type': {
      const expected = Array.isArray(params.type) ? params.type.join(' or ') : String(params.type);
      return { pointer, kind: 'type', expected, actual: jsonTypeOf(at) };
    }
    case 'enum':
      return { pointer, kind: 'enum', expected: `one of ${shown(params.allowedValues, MAX_SHOWN_LIST)}`, actual: shown(at) };
    case 'required':
      return { pointer: propertyPointer(error), kind: 'missing', expected: 'a value', actual: 'nothing' };
    case 'additionalProperties':
      return {
        pointer: propertyPointer(error),
        kind: 'unexpected',
        expected: 'no such property',
        actual: jsonTypeOf(readTokens(at, [String(params.additionalProperty)])),
      };
    default:
      return { pointer, kind: error.keyword, expected: error.message ?? error.keyword, actual: jsonTypeOf(at) };
  }
}

/** The property a `required` or `additionalProperties` error names. */
function propertyPointer(error: ErrorObject): string {
  const params = error.params as Record<string, unknown>;
  return `${error.instancePath}/${escapeToken(String(params.missingProperty ?? params.additionalProperty))}`;
}

/** A short rendering of a value for a note or a log line: no long strings, no objects. */
function shown(value: unknown, limit = MAX_SHOWN_VALUE): string {
  if (value !== null && typeof value === 'object' && limit === MAX_SHOWN_VALUE) return jsonTypeOf(value);
  const text = JSON.stringify(value) ?? String(value);
  return text.length > limit ? `${text.slice(0, limit)}…` : text;
}

/** The pointer of the object property to remove for an error: never an array item, never the root's parent. */
function removalTarget(error: ErrorObject, root: unknown): string {
  let pointer = error.keyword === 'additionalProperties' ? propertyPointer(error) : error.instancePath;
  for (;;) {
    if (pointer === '') return '';
    const parent = pointer.slice(0, pointer.lastIndexOf('/'));
    if (!Array.isArray(readTokens(root, pointerTokens(parent)))) return pointer;
    pointer = parent;
  }
}

function removeAt(root: Record<string, unknown>, pointer: string): boolean {
  const cut = pointer.lastIndexOf('/');
  const parent = readTokens(root, pointerTokens(pointer.slice(0, cut)));
  const key = unescapeToken(pointer.slice(cut + 1));
  if (parent === null || typeof parent !== 'object' || Array.isArray(parent) || !Object.hasOwn(parent, key)) return false;
  delete (parent as Record<string, unknown>)[key];
  return true;
}

/** The pointer with array indices as `*`, so that one drifting field of many items is one mismatch. */
export function pointerPattern(pointer: string): string {
  return pointer.replace(/\/\d+(?=\/|$)/g, '/*');
}

/** One line for the model or an operator: `/id: expected string, got integer`. */
export function describeMismatches(mismatches: readonly Mismatch[], limit = 5): string {
  const shownMismatches = mismatches
    .slice(0, limit)
    .map((mismatch) =>
      mismatch.kind === 'missing'
        ? `${mismatch.pointer || '/'}: missing`
        : `${mismatch.pointer || '(root)'}: expected ${mismatch.expected}, got ${mismatch.actual}`,
    );
  const more = mismatches.length > limit ? `; and ${mismatches.length - limit} more` : '';
  return `${shownMismatches.join('; ')}${more}`;
}
