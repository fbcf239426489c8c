import { EmitError } from '../errors.js';
import type { ApiModel } from '../model/types.js';
import { generatedHeader } from './header.js';

/** What src/types.ts is made from. */
export interface TypesOptions {
  readonly model: ApiModel;
  /** The (already bundled and converted) document the model was built from. */
  readonly document: Record<string, unknown>;
  /** src/types.ts already under way elsewhere (the typing worker, from this same document and typesHeader). */
  readonly types?: Promise<string> | undefined;
}

/**
 * src/types.ts: the API's request and response types, by openapi-typescript. With `types`
 * under way (the worker thread) the work runs beside the rest of the emit; should it fail for
 * any reason the same work runs here, so the text, and any error, are the same either way.
 */
export async function renderTypes({ model, document, types }: TypesOptions): Promise<string> {
  const typed = await types?.catch(() => undefined);
  if (typed !== undefined) return typed;
  try {
    const { typeDocument } = await import('./openapi-types.js');
    return `${typesHeader(model.source)}${await typeDocument(document)}`;
  } catch (error) {
    throw new EmitError(
      `${model.source.file}: openapi-typescript could not type the spec: ${error instanceof Error ? error.message : String(error)}`,
      { cause: error },
    );
  }
}

/** The header of src/types.ts: known as soon as the spec is loaded, so typing can start then. */
export function typesHeader(source: ApiModel['source']): string {
  return `${generatedHeader(source)}/* eslint-disable */\n`;
}
