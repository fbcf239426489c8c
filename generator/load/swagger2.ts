/**
 * Converts a bundled Swagger 2.0 document to OpenAPI 3.0 with swagger2openapi, so that later
 * stages (and openapi-typescript, which reads only 3.x) see one shape.
 * @see https://github.com/Mermade/oas-kit/blob/main/docs/options.md
 */

import type { Json } from '../json.js';

export async function convertSwagger2(source: Json): Promise<Json> {
  // Swagger 2.0 leaves media types and scheme open: read an unlabelled API as JSON, and call
  // one server, over https when it is offered. (A shallow copy: the converter clones the rest.)
  const schemes = Array.isArray(source.schemes) ? source.schemes.map(String) : [];
  const doc = {
    ...source,
    consumes: source.consumes ?? ['application/json'],
    produces: source.produces ?? ['application/json'],
    schemes: [schemes.includes('https') || schemes.length === 0 ? 'https' : schemes[0]],
  };
  // Loaded only for Swagger specs: OpenAPI 3 generation does not pay for the converter's modules.
  const { convertObj } = await import('swagger2openapi');
  // Any JSON object goes in: the converter patches what a strict Swagger 2.0 type would refuse.
  const { openapi } = await convertObj(doc as unknown as Parameters<typeof convertObj>[0], {
    targetVersion: '3.0.3',
    patch: true,
    warnOnly: true,
    // Refs are bundled before this stage: resolve (and so fetch) nothing.
    resolve: false,
    resolveInternal: true,
    refSiblings: 'preserve',
    // Only read for error positions; a placeholder saves re-serialising the whole spec as YAML.
    text: ' ',
  });
  return openapi as unknown as Json;
}
