import { PATH_ITEM_METHODS as METHODS } from '../http-methods.js';
import { type IssueList, joinPointer } from '../issues.js';
import { type Json, isObject } from '../json.js';
import { readOperationExtension } from './extensions.js';
import { toolNameFor } from './naming.js';
import type { OperationDraft } from './operation.js';
import type { HttpMethod } from './types.js';

/** An operation that x-mcp does not exclude, before its tool is named (tool-names.ts). */
export interface UnnamedDraft extends Omit<OperationDraft, 'identifier' | 'name'> {
  readonly derivedName: string;
}

/** Every operation of the document's paths, in document order, with its x-mcp extensions read. */
export function collectDrafts(doc: Json, issues: IssueList): UnnamedDraft[] {
  const drafts: UnnamedDraft[] = [];
  const paths = isObject(doc.paths) ? doc.paths : {};
  for (const [route, rawItem] of Object.entries(paths)) {
    const itemPointer = joinPointer('/paths', route);
    const pathItem = isObject(rawItem) ? rawItem : {};
    const pathExtension = readOperationExtension(pathItem['x-mcp'], joinPointer(itemPointer, 'x-mcp'), issues);
    for (const method of METHODS) {
      const operation = pathItem[method];
      if (!isObject(operation)) continue;
      const pointer = joinPointer(itemPointer, method);
      const extension = readOperationExtension(operation['x-mcp'], joinPointer(pointer, 'x-mcp'), issues);
      if (extension.exclude || pathExtension.exclude) continue;
      const operationId =
        typeof operation.operationId === 'string' && operation.operationId.trim() !== '' ? operation.operationId : undefined;
      const upper = method.toUpperCase() as HttpMethod;
      drafts.push({
        derivedName: toolNameFor(operationId, upper, route),
        extension,
        method: upper,
        operation,
        pathExtension,
        pathItem,
        pointer,
        route,
      });
    }
  }
  return drafts;
}
