import type { Json } from '../json.js';
import { matchesAnyGlob } from '../../templates/runtime/glob.js';
import type { RootExtension } from './extensions.js';
import type { OperationDraft } from './operation.js';

/** Whether x-mcp include/exclude keep the operation: globs over its tool name, operationId and `tag:` keys. */
export function isSelected(draft: OperationDraft, root: RootExtension): boolean {
  const keys = [
    draft.name,
    typeof draft.operation.operationId === 'string' ? draft.operation.operationId : '',
    ...tagKeys(draft.operation),
  ];
  const matches = (globs: readonly string[]) => keys.some((key) => key !== '' && matchesAnyGlob(globs, key));
  if (root.include.length > 0 && !matches(root.include)) return false;
  return !matches(root.exclude);
}

function tagKeys(operation: Json): string[] {
  return Array.isArray(operation.tags) ? operation.tags.map((tag) => `tag:${String(tag)}`) : [];
}
