import { PATH_ITEM_METHODS as METHODS } from '../http-methods.js';
import { isObject, type Json } from '../json.js';

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
    }
    paths[route] = copy;
  }
  return { ...document, paths };
}
