import { STATUS_TOOL_NAMES } from '../../templates/runtime/types.js';
import type { IssueList } from '../issues.js';
import type { RootExtension } from './extensions.js';
import type { OperationDraft } from './operation.js';

/** Tools the runtime adds when the spec asks for status tools (templates/runtime/status-tools.ts). */
const STATUS_TOOLS: readonly string[] = STATUS_TOOL_NAMES;

/** With x-mcp statusTools on, an error for each tool that would take a status tool's name. */
export function checkStatusToolNames(root: RootExtension, drafts: readonly OperationDraft[], issues: IssueList): void {
  if (!root.statusTools) return;
  for (const draft of drafts.filter((candidate) => STATUS_TOOLS.includes(candidate.name))) {
    issues.error(
      'tool-name-collision',
      draft.pointer,
      `tool "${draft.name}" collides with the status tool of that name (x-mcp statusTools); rename it with x-mcp name`,
    );
  }
}
