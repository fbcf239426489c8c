import { EmitError } from '../errors.js';
import { PATH_ITEM_METHODS as METHODS } from '../http-methods.js';
import { isObject, type Json } from '../json.js';
import type { ApiModel } from '../model/types.js';
import { generatedHeader } from './header.js';

/** Types a document off the main thread: header + openapi-typescript's output (see TsWorker). */
export type TypesRenderer = (document: Record<string, unknown>, header: string) => Promise<string>;

/**
 * src/types.ts: the API's request and response types, by openapi-typescript, from the same
 * (already bundled and converted) document the model was built from. With a `renderer` (the
 * worker thread) the work runs beside the rest of the emit; should it fail for any reason the
 * same work runs here, so the text, and any error, are the same either way.
 */
export async function renderTypes(model: ApiModel, document: Record<string, unknown>, renderer?: TypesRenderer): Promise<string> {
  const header = typesHeader(model.source);
  if (renderer) {
    try {
      return await renderer(document, header);
    } catch {
      // fall through: in process, where a real problem with the spec is reported as before
    }
  }
  try {
    const { typeDocument } = await import('./openapi-types.js');
    return `${header}${await typeDocument(document)}`;
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

/**
 * openapi-typescript refuses a document whose operationIds repeat, which third-party specs
 * do; the model has already warned and suffixed the tool names, so the types get a copy of
 * the document in which each repeat is suffixed the same way (`getThing_2`). The client
 * refers to operations by path and method, so the names do not matter to it.
 */
export function uniqueOperationIds(document: Json): Json {
  if (!isObject(document.paths)) return document;
  const operations = Object.values(document.paths).flatMap((item) =>
    isObject(item) ? METHODS.map((method) => item[method]).filter(isObject) : [],
  );
  const taken = new Set(operations.map((operation) => operation.operationId).filter((id) => typeof id === 'string'));
  const seen = new Set<string>();
  let changed = false;
  const paths: Json = {};
  for (const [route, item] of Object.entries(document.paths)) {
    if (!isObject(item)) {
      paths[route] = item;
      continue;
    }
    const copy: Json = { ...item };
    for (const method of METHODS) {
      const operation = copy[method];
      if (!isObject(operation) || typeof operation.operationId !== 'string') continue;
      const id = operation.operationId;
      if (!seen.has(id)) {
        seen.add(id);
        continue;
      }
      let index = 2;
      while (taken.has(`${id}_${index}`)) index += 1;
      taken.add(`${id}_${index}`);
      copy[method] = { ...operation, operationId: `${id}_${index}` };
      changed = true;
    }
    paths[route] = copy;
  }
  return changed ? { ...document, paths } : document;
}
