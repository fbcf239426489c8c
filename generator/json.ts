/** A parsed JSON/YAML object, as every stage reads the spec. */
export type Json = Record<string, unknown>;

export function isObject(value: unknown): value is Json {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** The value an internal `$ref` ("#/a/b") names in `doc`; undefined when a step is missing. */
export function lookupRef(doc: unknown, ref: string): unknown {
  if (!ref.startsWith('#')) return undefined;
  let node: unknown = doc;
  for (const raw of ref.slice(1).split('/').slice(1)) {
    if (!isObject(node) && !Array.isArray(node)) return undefined;
    node = (node as Json)[decodeURIComponent(raw).replace(/~1/g, '/').replace(/~0/g, '~')];
  }
  return node;
}

/** Calls `visit` on every object in a document, parents first, with its JSON pointer. */
export function walkObjects(node: unknown, visit: (object: Json, pointer: string) => void, pointer = ''): void {
  if (Array.isArray(node)) {
    node.forEach((item, index) => {
      walkObjects(item, visit, `${pointer}/${index}`);
    });
    return;
  }
  if (!isObject(node)) return;
  visit(node, pointer);
  for (const [key, value] of Object.entries(node)) {
    if (typeof value === 'object') walkObjects(value, visit, `${pointer}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`);
  }
}
