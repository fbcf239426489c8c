import openapiTS, { astToString } from 'openapi-typescript';
import { uniqueOperationIds } from './render-types.js';

/** openapi-typescript over the bundled document: the body of src/types.ts (no header). */
export async function typeDocument(document: Record<string, unknown>): Promise<string> {
  const nodes = await openapiTS(uniqueOperationIds(document) as never, { silent: true, alphabetize: false });
  return astToString(nodes);
}
