import { createRequire } from 'node:module';
import type TypeScript from 'typescript';
import { requireWithCodeCache, saveCodeCaches } from '../code-cache.js';
import { uniqueOperationIds } from './render-types.js';

type OpenApiTypescript = typeof import('openapi-typescript');
type TypingFunctions = Pick<
  OpenApiTypescript,
  'astToString' | 'resolveRef' | 'scanDiscriminators' | 'transformPathsObject' | 'transformSchema' | 'tsModifiers'
>;
type TypingContext = Parameters<OpenApiTypescript['transformSchema']>[1];

let library: TypingFunctions | undefined;
let compiler: typeof TypeScript | undefined;

/**
 * The functions of openapi-typescript that type a document, loaded as cheaply as Node allows:
 * - through require, from its CommonJS build: imported as ESM, Node runs its export lexer and
 *   module-format detection over the 9 MB TypeScript compiler (about 0.4 s here);
 * - from the modules that hold them, not the package entry, which also loads Redocly's whole
 *   linter and bundler (about 0.25 s) for the lint and bundle steps skipped below.
 * Should a later version move them, the package entry has them all.
 */
function openapiTypescript(): TypingFunctions {
  if (library) return library;
  const require = createRequire(import.meta.url);
  // openapi-typescript's require('typescript') then finds it loaded
  compiler = requireWithCodeCache('typescript') as typeof TypeScript;
  try {
    const { astToString, tsModifiers } = require('openapi-typescript/dist/lib/ts.cjs') as TypingFunctions;
    const { resolveRef, scanDiscriminators } = require('openapi-typescript/dist/lib/utils.cjs') as TypingFunctions;
    const transformSchema = require('openapi-typescript/dist/transform/index.cjs') as TypingFunctions['transformSchema'];
    const transformPathsObject = require('openapi-typescript/dist/transform/paths-object.cjs') as TypingFunctions['transformPathsObject'];
    const found = { astToString, resolveRef, scanDiscriminators, transformPathsObject, transformSchema, tsModifiers };
    if (Object.values(found).every((value) => typeof value === 'function')) library = found;
  } catch {
    // a layout we do not know: the entry point below
  }
  library ??= require('openapi-typescript') as OpenApiTypescript;
  return library;
}

/**
 * openapi-typescript over the bundled document: the body of src/types.ts (no header).
 *
 * The document reaching here is already what openapi-typescript's own front half (Redocly's
 * lint, then bundle) would make of it: loaded, checked, with internal `$ref`s only and unique
 * operationIds. So it goes straight to the transform (the paths in parts: transformInParts), with openapiTS's documented defaults
 * (alphabetize off): on Stripe the skipped lint and bundle walks were 1.1 s of 1.8 s.
 */
export async function typeDocument(document: Record<string, unknown>, pathsPerPart = PATHS_PER_PART): Promise<string> {
  const { astToString, resolveRef, scanDiscriminators } = openapiTypescript();
  const unique = uniqueOperationIds(document);
  // Redocly's bundle adds an empty components object where there is none, which types it as
  // an interface of `never`s rather than Record<string, never>: kept for the same output.
  const bundled = 'components' in unique ? unique : { ...unique, components: {} };
  const schema = bundled as unknown as Schema;
  const options = { silent: true };
  const context: TypingContext = {
    additionalProperties: false,
    alphabetize: false,
    arrayLength: false,
    conditionalEnums: false,
    dedupeEnums: false,
    defaultNonNullable: true,
    discriminators: scanDiscriminators(schema, options),
    emptyObjectsUnknown: false,
    enum: false,
    enumValues: false,
    excludeDeprecated: false,
    exportType: false,
    generatePathParams: false,
    immutable: false,
    injectFooter: [],
    inject: undefined,
    makePathsEnum: false,
    pathParamsAsTypes: false,
    postTransform: undefined,
    propertiesRequiredByDefault: false,
    readWriteMarkers: false,
    redoc: undefined as unknown as TypingContext['redoc'], // only the skipped lint and bundle read it
    resolve: ($ref) => resolveRef(schema, $ref, options),
    rootTypes: false,
    rootTypesKeepCasing: false,
    rootTypesNoSchemaPrefix: false,
    silent: true,
    transform: undefined,
    transformProperty: undefined,
  };
  const text = astToString(transformInParts(schema, context, pathsPerPart));
  saveCodeCaches(); // first run only: with the compiler's functions this generation compiled
  return text;
}

type Schema = Parameters<OpenApiTypescript['transformSchema']>[0];
type Node = ReturnType<OpenApiTypescript['transformSchema']>[number];

/** Path items typed per call of transformPathsObject: few enough that appending to `operations` stays cheap. */
const PATHS_PER_PART = 200;

/**
 * transformSchema's nodes, with the paths typed in parts of PATHS_PER_PART items. openapi-typescript
 * adds each operation to the `operations` interface by copying all those before it (a new node
 * array per operation): 20,000 operations took 26 s of a 70 s generation that way. Here each
 * part's operations are taken out of the footer once the part is typed and the interface is put
 * back whole, where the library would have had it, before the rest (webhooks, components) is typed
 * as before: the same nodes in the same order, so the same text (openapi-types.test.ts).
 */
function transformInParts(schema: Schema, context: TypingContext, pathsPerPart: number): Node[] {
  const { transformPathsObject, transformSchema, tsModifiers } = openapiTypescript();
  const ts = compiler as typeof TypeScript;
  const paths = schema.paths && typeof schema.paths === 'object' ? Object.entries(schema.paths) : [];
  if (paths.length <= pathsPerPart) return transformSchema(schema, context);
  const footer = context.injectFooter;
  const pathMembers: TypeScript.TypeElement[] = [];
  const operationMembers: TypeScript.TypeElement[] = [];
  let operationsAt = -1;
  for (let start = 0; start < paths.length; start += pathsPerPart) {
    const part = Object.fromEntries(paths.slice(start, start + pathsPerPart)) as NonNullable<Schema['paths']>;
    const typed = transformPathsObject(part, context);
    if (!ts.isTypeLiteralNode(typed)) throw new Error('openapi-typescript typed the paths as something other than a type literal');
    pathMembers.push(...typed.members);
    const index = footer.findIndex((node) => ts.isInterfaceDeclaration(node) && node.name.text === 'operations');
    const operations = footer[index];
    if (!operations || !ts.isInterfaceDeclaration(operations)) continue;
    operationMembers.push(...operations.members);
    if (operationsAt < 0) operationsAt = index;
    footer.splice(index, 1);
  }
  if (operationsAt >= 0) {
    const operations = ts.factory.createInterfaceDeclaration(
      tsModifiers({ export: true }),
      ts.factory.createIdentifier('operations'),
      undefined,
      undefined,
      operationMembers,
    );
    footer.splice(operationsAt, 0, operations);
  }
  const nodes = transformSchema({ ...schema, paths: {} }, context);
  // with no paths, transformSchema's first node is the `paths` placeholder (Record<string, never>)
  if (pathMembers.length > 0) {
    nodes[0] = ts.factory.createInterfaceDeclaration(tsModifiers({ export: true }), 'paths', undefined, undefined, pathMembers);
  }
  return nodes;
}
