// Part of the mcpgen runtime, copied unchanged into this package (spec: specs/cloudron.yaml). Do not edit:
// it is replaced on every `mcpgen generate`.
import { readPointer } from './json-pointer.js';
import type { TasksDefinition } from './types.js';

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

/** The id a starting response carries at the spec's idPath, if any. */
export function taskIdOf(tasks: TasksDefinition, startData: unknown): string | undefined {
  const id = readPointer(startData, tasks.idPath);
  return typeof id === 'string' || typeof id === 'number' ? String(id) : undefined;
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
  let state: unknown;
  for (;;) {
    state = await poll(id);
    polls += 1;
    const finished = isFinished(tasks, state);
    // Progress only while the task runs: the result itself reports the end, and a
    // notification sent just before it can reach the client after it and be dropped.
    if (!finished) {
      const percent = tasks.progressPath ? Number(readPointer(state, tasks.progressPath)) : Number.NaN;
      const message = tasks.messagePath ? readPointer(state, tasks.messagePath) : undefined;
      await options.onProgress?.({
        progress: Number.isFinite(percent) ? percent : polls,
        ...(Number.isFinite(percent) ? { total: 100 } : {}),
        ...(typeof message === 'string' && message !== '' ? { message } : {}),
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
  return {
    ...(errorText ? { error: errorText } : {}),
    ...(typeof success === 'boolean' ? { success } : errorText ? { success: false } : {}),
  };
}
