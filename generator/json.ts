import { escapeToken, readTokens, unescapeToken } from '../templates/runtime/json-pointer.js';

/** A parsed JSON/YAML object, as every stage reads the spec. */
export type Json = Record<string, unknown>;

export function isObject(value: unknown): value is Json {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** The unescaped tokens of an internal `$ref` ("#/a/b"), each percent-decoded as a URI fragment's. */
export function refTokens(ref: string): string[] {
  return ref
    .slice(1)
    .split('/')
    .slice(1)
    .map((raw) => unescapeToken(decodeURIComponent(raw)));
}

/** The value an internal `$ref` ("#/a/b") names in `doc`; undefined when a step is missing. */
export function lookupRef(doc: unknown, ref: string): unknown {
  return ref.startsWith('#') ? readTokens(doc, refTokens(ref)) : undefined;
}

/** Calls `visit` on every object in a document, parents first, with its JSON pointer. */
export function walkObjects(node: unknown, visit: (object: Json, pointer: string) => void, pointer = ''): void {
  if (Array.isArray(node)) {
    for (const [index, item] of node.entries()) walkObjects(item, visit, `${pointer}/${index}`);
    return;
  }
  if (!isObject(node)) return;
  visit(node, pointer);
  for (const [key, value] of Object.entries(node)) {
    if (typeof value === 'object') walkObjects(value, visit, `${pointer}/${escapeToken(key)}`);
  }
}
