import openapiTS, { astToString } from 'openapi-typescript';
import { EmitError } from '../errors.js';
import type { ApiModel } from '../model/types.js';
import { generatedHeader } from './header.js';

/**
 * src/types.ts: the API's request and response types, by openapi-typescript, from the same
 * (already bundled and converted) document the model was built from.
 */
export async function renderTypes(model: ApiModel, document: Record<string, unknown>): Promise<string> {
  try {
    const nodes = await openapiTS(document as never, { silent: true, alphabetize: false });
    return `${generatedHeader(model.source)}/* eslint-disable */\n${astToString(nodes)}`;
  } catch (error) {
    throw new EmitError(
      `${model.source.file}: openapi-typescript could not type the spec: ${error instanceof Error ? error.message : String(error)}`,
      { cause: error },
    );
  }
}
