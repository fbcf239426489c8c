import { type IssueList, joinPointer } from '../issues.js';
import type { UnnamedDraft } from './drafts.js';
import { identifierFor, nameKey, TOOL_NAME_PATTERN, UniqueNames } from './naming.js';
import type { OperationDraft } from './operation.js';

/**
 * Explicit `x-mcp.name`s are claimed first and must not collide with anything; derived
 * names that repeat (duplicate operationIds in third-party specs) get `_2`, `_3`... in
 * document order, with a warning naming both operations.
 */
export function nameOperations(drafts: UnnamedDraft[], issues: IssueList): OperationDraft[] {
  const names = new UniqueNames();
  const identifiers = new UniqueNames();
  const explicitOwners = new Map<string, UnnamedDraft>();
  for (const draft of drafts) {
    const explicit = draft.extension.name;
    if (explicit === undefined) continue;
    const at = joinPointer(draft.pointer, 'x-mcp', 'name');
    if (!TOOL_NAME_PATTERN.test(explicit)) {
      issues.error('invalid-tool-name', at, `tool name "${explicit}" must match ${TOOL_NAME_PATTERN.source}`);
      continue;
    }
    const owner = explicitOwners.get(nameKey(explicit));
    const clash =
      owner ??
      drafts.find((other) => other !== draft && other.extension.name === undefined && nameKey(other.derivedName) === nameKey(explicit));
    if (clash) {
      issues.error(
        'tool-name-collision',
        at,
        `x-mcp name "${explicit}" collides with the tool of ${clash.method} ${clash.route} (${clash.pointer})`,
      );
      continue;
    }
    explicitOwners.set(nameKey(explicit), draft);
    names.claim(explicit);
  }
  const firstByName = new Map<string, UnnamedDraft>();
  return drafts.map((draft) => {
    let name = draft.extension.name ?? '';
    if (explicitOwners.get(nameKey(name)) !== draft) {
      name = names.claim(draft.derivedName);
      const first = firstByName.get(draft.derivedName);
      if (first) {
        issues.warn(
          'duplicate-tool-name',
          draft.pointer,
          `${draft.method} ${draft.route} and ${first.method} ${first.route} (${first.pointer}) both make tool "${draft.derivedName}"; this one is named "${name}"`,
        );
      } else {
        firstByName.set(draft.derivedName, draft);
      }
    }
    const { derivedName: _derived, ...rest } = draft;
    return { ...rest, identifier: identifiers.claim(identifierFor(name), ''), name };
  });
}
