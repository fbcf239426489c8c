import { createRequire } from 'node:module';
import { requireWithCodeCache, saveCodeCaches } from '../code-cache.js';
import { uniqueOperationIds } from './render-types.js';

type OpenApiTypescript = typeof import('openapi-typescript');
type TypingFunctions = Pick<OpenApiTypescript, 'astToString' | 'resolveRef' | 'scanDiscriminators' | 'transformSchema'>;
type TypingContext = Parameters<OpenApiTypescript['transformSchema']>[1];

let library: TypingFunctions | undefined;

/**
 * The four functions of openapi-typescript that type a document, loaded as cheaply as Node allows:
 * - through require, from its CommonJS build: imported as ESM, Node runs its export lexer and
 *   module-format detection over the 9 MB TypeScript compiler (about 0.4 s here);
 * - from the modules that hold them, not the package entry, which also loads Redocly's whole
 *   linter and bundler (about 0.25 s) for the lint and bundle steps skipped below.
 * Should a later version move them, the package entry has them all.
 */
function openapiTypescript(): TypingFunctions {
  if (library) return library;
  const require = createRequire(import.meta.url);
  requireWithCodeCache('typescript'); // openapi-typescript's require('typescript') then finds it loaded
  try {
    const { astToString } = require('openapi-typescript/dist/lib/ts.cjs') as TypingFunctions;
    const { resolveRef, scanDiscriminators } = require('openapi-typescript/dist/lib/utils.cjs') as TypingFunctions;
    const transformSchema = require('openapi-typescript/dist/transform/index.cjs') as TypingFunctions['transformSchema'];
    if ([astToString, resolveRef, scanDiscriminators, transformSchema].every((value) => typeof value === 'function')) {
      library = { astToString, resolveRef, scanDiscriminators, transformSchema };
    }
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
 * operationIds. So it goes straight to the transform, with openapiTS's documented defaults
 * (alphabetize off): on Stripe the skipped lint and bundle walks were 1.1 s of 1.8 s.
 */
export async function typeDocument(document: Record<string, unknown>): Promise<string> {
  const { astToString, resolveRef, scanDiscriminators, transformSchema } = openapiTypescript();
  const unique = uniqueOperationIds(document);
  // Redocly's bundle adds an empty components object where there is none, which types it as
  // an interface of `never`s rather than Record<string, never>: kept for the same output.
  const bundled = 'components' in unique ? unique : { ...unique, components: {} };
  const schema = bundled as unknown as Parameters<typeof transformSchema>[0];
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
  const text = astToString(transformSchema(schema, context));
  saveCodeCaches(); // first run only: with the compiler's functions this generation compiled
  return text;
}
