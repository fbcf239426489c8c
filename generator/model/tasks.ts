import type { IssueList } from '../issues.js';
import type { RootExtension } from './extensions.js';
import type { OperationDraft } from './operation.js';
import type { TasksDefinition } from '../../templates/runtime/types.js';

/** x-mcp tasks with its pollOperation resolved to the tool that polls. */
export function tasksOf(root: RootExtension, drafts: readonly OperationDraft[], issues: IssueList): TasksDefinition | undefined {
  const tasks = root.tasks;
  if (!tasks) return undefined;
  const poll = drafts.find((draft) => draft.operation.operationId === tasks.pollOperation);
  if (!poll) {
    issues.error(
      'unknown-poll-operation',
      '/x-mcp/tasks/pollOperation',
      `tasks.pollOperation "${tasks.pollOperation}" is not the operationId of any generated operation`,
    );
    return undefined;
  }
  const { pollOperation: _operation, ...rest } = tasks;
  return { ...rest, pollTool: poll.name };
}
