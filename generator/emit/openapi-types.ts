import { createRequire } from 'node:module';
import type TypeScript from 'typescript';
import { saveCodeCaches, typescript } from '../code-cache.js';
import { uniqueOperationIds } from './unique-operation-ids.js';

type OpenApiTypescript = typeof import('openapi-typescript');
type TypingFunctions = Pick<
  OpenApiTypescript,
  'astToString' | 'resolveRef' | 'scanDiscriminators' | 'transformPathsObject' | 'transformSchema' | 'tsModifiers'
>;
type TypingContext = Parameters<OpenApiTypescript['transformSchema']>[1];

let library: TypingFunctions | undefined;

/**
 * The functions of openapi-typescript that type a document, loaded as cheaply as Node allows:
 * - through require, from its CommonJS build: imported as ESM, Node runs its export lexer and
 *   module-format detection over the 9 MB TypeScript compiler (about 0.4 s here);
 * - from the modules that hold them, not the package entry, which also loads Redocly's whole
 *   linter and bundler (about 0.25 s) for the lint and bundle steps skipped below.
 * These paths, and the context typeDocument builds, are openapi-typescript's private layout, so
 * package.json pins its exact version, and openapi-types.test.ts fails on an upgrade that moves
 * them or makes them type differently from its public openapiTS + astToString. That public API
 * lints and bundles the document again (Redocly: 1.8 s of Stripe's typing) and types every path
 * at once (see typeInParts): generation took about 1.5× as long (the largest shipped spec, Stripe).
 */
function openapiTypescript(): TypingFunctions {
  if (library) return library;
  const require = createRequire(import.meta.url);
  typescript(); // openapi-typescript's require('typescript') then finds it loaded, from the code cache
  const { astToString, tsModifiers } = require('openapi-typescript/dist/lib/ts.cjs') as TypingFunctions;
  const { resolveRef, scanDiscriminators } = require('openapi-typescript/dist/lib/utils.cjs') as TypingFunctions;
  const transformSchema = require('openapi-typescript/dist/transform/index.cjs') as TypingFunctions['transformSchema'];
  const transformPathsObject = require('openapi-typescript/dist/transform/paths-object.cjs') as TypingFunctions['transformPathsObject'];
  library = { astToString, resolveRef, scanDiscriminators, transformPathsObject, transformSchema, tsModifiers };
  return library;
}

/**
 * openapi-typescript over the bundled document: the body of src/types.ts (no header).
 * The document reaching here is already what openapi-typescript's own front half (Redocly's
 * lint, then bundle) would make of it: loaded, checked, with internal `$ref`s only and unique
 * operationIds. So it goes straight to the transform (typeInParts), with openapiTS's documented defaults.
 */
export async function typeDocument(document: Record<string, unknown>, pathsPerPart = PATHS_PER_PART): Promise<string> {
  const { resolveRef, scanDiscriminators } = openapiTypescript();
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
  const text = typeInParts(schema, context, pathsPerPart);
  saveCodeCaches(); // first run only: with the compiler's functions this generation compiled
  return text;
}

type Schema = Parameters<OpenApiTypescript['transformSchema']>[0];

/** Path items typed per call of transformPathsObject: few enough that appending to `operations` stays cheap. */
const PATHS_PER_PART = 200;

/**
 * astToString(transformSchema(…)), with the paths typed and printed in parts of PATHS_PER_PART
 * items. Two reasons, both measured on 20,000 synthetic operations:
 * - openapi-typescript adds each operation to the `operations` interface by copying all those
 *   before it (a new node array per operation): 26 s of a 70 s generation;
 * - the syntax tree of every path at once peaked at some 500 MB; a part's tree is dropped once
 *   it is printed.
 * Each part's paths and operations are printed as the members of their interface; the rest
 * (webhooks, components, the footer) is typed as before, with the two interfaces empty and the
 * operations one where the library would have put it, and the parts' members go into them in
 * order: the same text as in one piece (openapi-types.test.ts).
 */
function typeInParts(schema: Schema, context: TypingContext, pathsPerPart: number): string {
  const { astToString, transformPathsObject, transformSchema, tsModifiers } = openapiTypescript();
  const ts = typescript();
  const paths = schema.paths && typeof schema.paths === 'object' ? Object.entries(schema.paths) : [];
  if (paths.length <= pathsPerPart) return astToString(transformSchema(schema, context));
  const interfaceOf = (name: string, members: readonly TypeScript.TypeElement[]) =>
    ts.factory.createInterfaceDeclaration(tsModifiers({ export: true }), ts.factory.createIdentifier(name), undefined, undefined, members);
  /** The lines of `members` inside their interface. */
  const membersText = (name: string, members: readonly TypeScript.TypeElement[]) => {
    const text = astToString(interfaceOf(name, members));
    return text.slice(text.indexOf('{\n') + 2, text.lastIndexOf('}'));
  };
  const footer = context.injectFooter;
  let pathsText = '';
  let operationsText = '';
  let operationsAt = -1;
  for (let start = 0; start < paths.length; start += pathsPerPart) {
    const part = Object.fromEntries(paths.slice(start, start + pathsPerPart)) as NonNullable<Schema['paths']>;
    const typed = transformPathsObject(part, context);
    if (!ts.isTypeLiteralNode(typed)) throw new Error('openapi-typescript typed the paths as something other than a type literal');
    pathsText += membersText('paths', typed.members);
    const index = footer.findIndex((node) => ts.isInterfaceDeclaration(node) && node.name.text === 'operations');
    const operations = footer[index];
    if (!operations || !ts.isInterfaceDeclaration(operations)) continue;
    operationsText += membersText('operations', operations.members);
    if (operationsAt < 0) operationsAt = index;
    footer.splice(index, 1);
  }
  if (operationsAt >= 0) footer.splice(operationsAt, 0, interfaceOf('operations', []));
  const nodes = transformSchema({ ...schema, paths: {} }, context);
  // with no paths, transformSchema's first node is the `paths` placeholder (Record<string, never>)
  if (pathsText !== '') nodes[0] = interfaceOf('paths', []);
  const text = astToString(nodes);
  return insertAfter(insertAfter(text, 'export interface paths {\n', pathsText), '\nexport interface operations {\n', operationsText);
}

/** `text` with `insert` after the first `marker` (top-level statements start a line: no comment or string line does). */
function insertAfter(text: string, marker: string, insert: string): string {
  if (insert === '') return text;
  const at = text.indexOf(marker);
  if (at < 0) throw new Error(`the typed document has no ${JSON.stringify(marker.trim())}`);
  return text.slice(0, at + marker.length) + insert + text.slice(at + marker.length);
}
