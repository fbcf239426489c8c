// Part of the mcpgen runtime, copied unchanged into this package (spec: specs/cloudways.yaml). Do not edit:
// it is replaced on every `mcpgen generate`.
import { requestFromArguments } from './arguments.js';
import { readPointer } from './json-pointer.js';
import { withField } from './results.js';
import type { ApiRequest, OperationDefinition, TasksDefinition, ToolDefinition } from './types.js';

export interface TaskProgress {
  readonly message?: string;
  readonly progress: number;
  readonly total?: number;
}

export interface TaskWaitOptions {
  /** First pause between polls; it doubles up to five times this. */
  readonly intervalMs?: number;
  readonly onProgress?: (progress: TaskProgress) => Promise<void> | void;
  readonly signal?: AbortSignal;
  readonly timeoutMs: number;
}

export interface TaskOutcome {
  readonly done: boolean;
  readonly elapsedMs: number;
  readonly error?: string;
  readonly id: string;
  readonly polls: number;
  /** The poll operation's last answer. */
  readonly state: unknown;
  readonly success?: boolean;
}

/** What a call that started a task returns and tells the model about it. */
export interface TaskFollowUp {
  /** The body, with the task's outcome as a `task` field when the call waited for it. */
  readonly data: unknown;
  /** The waited-for task failed: the call is an error. */
  readonly failed: boolean;
  readonly note: string;
}

/**
 * After a call to a tool that starts tasks: when its body carries a task id, waits for the task
 * (the call passed the tool's `wait` argument as true and the poll tool exists), else tells how
 * to follow it. Undefined when the body carries no task id.
 */
export async function followTask(
  tasks: TasksDefinition,
  tool: ToolDefinition,
  args: Readonly<Record<string, unknown>>,
  data: unknown,
  pollTool: ToolDefinition | undefined,
  send: (operation: OperationDefinition, request: ApiRequest) => Promise<{ readonly data: unknown }>,
  options: TaskWaitOptions,
): Promise<TaskFollowUp | undefined> {
  const id = readPointer(data, tasks.idPath);
  if (typeof id !== 'string' && typeof id !== 'number') return undefined;
  const taskId = String(id);
  const follow = `follow it with ${tasks.pollTool} (${tasks.pollParam}: "${taskId}")`;
  const wait = tool.controls?.wait;
  if (!wait || args[wait] !== true || !pollTool) {
    const note = `Started task ${taskId}: ${follow}${wait ? `, or pass ${wait}: true to wait for it` : ''}.`;
    return { data, failed: false, note };
  }
  const poll = async (id: string) =>
    (await send(pollTool.operation, requestFromArguments(pollTool.arguments, { ...args, [tasks.pollParam]: id }))).data;
  const outcome = await waitForTask(tasks, taskId, poll, options);
  const seconds = Math.round(outcome.elapsedMs / 1000);
  const failed = outcome.done && outcome.success === false;
  const note = !outcome.done
    ? `Task ${taskId} is still running after ${seconds} s; ${follow}.`
    : failed
      ? `Task ${taskId} failed${outcome.error ? `: ${outcome.error}` : ''}.`
      : `Task ${taskId} finished in ${seconds} s.`;
  return { data: withField(data, 'task', outcome), failed, note };
}

export function isFinished(tasks: TasksDefinition, state: unknown): boolean {
  const done = readPointer(state, tasks.donePath);
  if (!tasks.doneValues.some((value) => value === done)) return false;
  return !(tasks.pendingPath !== undefined && readPointer(state, tasks.pendingPath) === true);
}

/**
 * Polls a task until the spec's done condition holds or the whole time budget is spent, reporting
 * progress after every poll (the API's percentage when it gives one, else the poll count).
 */
export async function waitForTask(
  tasks: TasksDefinition,
  id: string,
  poll: (id: string) => Promise<unknown>,
  options: TaskWaitOptions,
): Promise<TaskOutcome> {
  const started = Date.now();
  const interval = options.intervalMs ?? 1000;
  let pause = interval;
  let polls = 0;
  for (;;) {
    const state = await poll(id);
    polls += 1;
    const finished = isFinished(tasks, state);
    // Progress only while the task runs: the result itself reports the end, and a
    // notification sent just before it can reach the client after it and be dropped.
    if (!finished) {
      const percent = tasks.progressPath ? Number(readPointer(state, tasks.progressPath)) : Number.NaN;
      const message = tasks.messagePath ? readPointer(state, tasks.messagePath) : undefined;
      await options.onProgress?.({
        progress: Number.isFinite(percent) ? percent : polls,
        total: Number.isFinite(percent) ? 100 : undefined,
        message: typeof message === 'string' && message !== '' ? message : undefined,
      });
    }
    const elapsedMs = Date.now() - started;
    if (finished) return { ...outcomeOf(tasks, state), done: true, elapsedMs, id, polls, state };
    if (elapsedMs >= options.timeoutMs || options.signal?.aborted) return { done: false, elapsedMs, id, polls, state };
    // A back-off that would overrun the deadline is cut short: the last poll is at the deadline.
    await new Promise((resolve) => setTimeout(resolve, Math.min(pause, options.timeoutMs - elapsedMs)));
    pause = Math.min(pause * 2, interval * 5);
  }
}

function outcomeOf(tasks: TasksDefinition, state: unknown): { error?: string; success?: boolean } {
  const success = tasks.successPath ? readPointer(state, tasks.successPath) : undefined;
  const error = tasks.errorPath ? readPointer(state, tasks.errorPath) : undefined;
  const errorText = typeof error === 'string' ? error : error !== undefined && error !== null ? JSON.stringify(error) : undefined;
  return { error: errorText || undefined, success: typeof success === 'boolean' ? success : errorText ? false : undefined };
}
