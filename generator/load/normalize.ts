import { type IssueList, joinPointer } from '../issues.js';
import { readTokens } from '../../templates/runtime/json-pointer.js';
import { isObject, type Json, lookupRef, refTokens, walkObjects } from '../json.js';

/** Keywords whose value is a map of names to schemas, never a schema itself. */
const SCHEMA_MAPS = new Set(['properties', 'patternProperties', '$defs', 'definitions', 'dependentSchemas']);

/**
 * Some specs `$ref` a whole `properties` map from another file (DigitalOcean does). After
 * bundling that reads as a property literally named "$ref"; put the referenced map in
 * its place so every later reader sees real properties.
 */
export function inlineReferencedSchemaMaps(doc: Json): void {
  walkObjects(doc, (object) => {
    for (const [key, value] of Object.entries(object)) {
      if (
        SCHEMA_MAPS.has(key) &&
        isObject(value) &&
        typeof value.$ref === 'string' &&
        Object.keys(value).length === 1 &&
        value.$ref.startsWith('#')
      ) {
        const target = lookupRef(doc, value.$ref);
        if (isObject(target)) object[key] = { ...target };
      }
    }
  });
}

/**
 * A bundler places each externally referenced object where it first met it, often deep
 * inside `paths`, and points every other use there. Generators (openapi-typescript
 * included) type such refs poorly, so each one is moved to the components section its
 * kind belongs in, under a name taken from where it was, and every ref is rewritten.
 */
export function hoistRefsOutOfPaths(doc: Json): void {
  const targets = new Set<string>();
  walkObjects(doc, (node) => {
    if (typeof node.$ref === 'string' && node.$ref.startsWith('#/paths/')) targets.add(node.$ref);
  });
  if (targets.size === 0) return;

  if (!isObject(doc.components)) doc.components = {};
  const components = doc.components as Json;
  const moved = new Map<string, string>();
  // Deepest first, so a target inside another target is moved before its container.
  const ordered = [...targets].sort((a, b) => b.split('/').length - a.split('/').length || (a < b ? -1 : 1));
  for (const ref of ordered) {
    const tokens = refTokens(ref);
    const key = tokens.at(-1) ?? '';
    const parent = readTokens(doc, tokens.slice(0, -1));
    if (!isObject(parent) && !Array.isArray(parent)) continue;
    const target = (parent as Json)[key];
    if (!isObject(target)) continue;
    const kind = componentKind(tokens);
    if (!isObject(components[kind])) components[kind] = {};
    const section = components[kind] as Json;
    const base =
      tokens
        .slice(1)
        .join('_')
        .replace(/[^A-Za-z0-9.-]+/g, '_')
        .replace(/^_|_$/g, '')
        .slice(-80) || 'hoisted';
    let name = base;
    for (let counter = 2; name in section; counter += 1) name = `${base}_${counter}`;
    section[name] = target;
    const pointer = `#/components/${kind}/${name}`;
    (parent as Json)[key] = { $ref: pointer };
    moved.set(ref, pointer);
  }
  walkObjects(doc, (node) => {
    const target = typeof node.$ref === 'string' ? moved.get(node.$ref) : undefined;
    if (target) node.$ref = target;
  });
}

function componentKind(tokens: readonly string[]): string {
  const last = tokens.at(-1) ?? '';
  const parent = tokens.at(-2) ?? '';
  if (parent === 'parameters' && /^\d+$/.test(last)) return 'parameters';
  if (last === 'requestBody') return 'requestBodies';
  if (parent === 'responses') return 'responses';
  if (parent === 'headers') return 'headers';
  if (parent === 'examples') return 'examples';
  return 'schemas';
}

/**
 * Bundling rewrites `$ref`s but not `discriminator.mapping` values, which may still name
 * other files (DigitalOcean does). Mapping entries that do not resolve inside the bundled
 * document are dropped with one warning: they only refine types, never requests.
 */
export function dropUnresolvedDiscriminatorMappings(doc: Json, issues: IssueList): void {
  const schemas = isObject(doc.components) && isObject(doc.components.schemas) ? doc.components.schemas : {};
  let dropped = 0;
  let firstPointer = '';
  // a bare name (OpenAPI allows one) names a component schema
  const resolves = (target: string) => (target.startsWith('#') ? lookupRef(doc, target) !== undefined : target in schemas);
  walkObjects(doc, (node, pointer) => {
    const discriminator = node.discriminator;
    if (isObject(discriminator) && isObject(discriminator.mapping)) {
      for (const [key, target] of Object.entries(discriminator.mapping)) {
        if (typeof target === 'string' && resolves(target)) continue;
        delete discriminator.mapping[key];
        dropped += 1;
        firstPointer ||= joinPointer(pointer, 'discriminator', 'mapping', key);
      }
      if (Object.keys(discriminator.mapping).length === 0) delete discriminator.mapping;
    }
  });
  if (dropped > 0) {
    issues.warn(
      'unresolved-discriminator-mapping',
      firstPointer,
      `${dropped} discriminator mapping entr${dropped === 1 ? 'y points' : 'ies point'} outside the bundled document and were left out (types only; requests are unaffected)`,
    );
  }
}
