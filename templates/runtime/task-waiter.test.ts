import { describe, expect, it } from 'vitest';
import { followTask, waitForTask } from './task-waiter.js';
import type { ApiRequest, OperationDefinition, TasksDefinition, ToolDefinition } from './types.js';

const tasks: TasksDefinition = { donePath: '/state', doneValues: ['done'], idPath: '/id', pollParam: 'id', pollTool: 'get_task' };

describe('waitForTask', () => {
  it('waits the whole time budget: a back-off that would overrun it is cut short, and the last poll is at the deadline', async () => {
    const pollTimes: number[] = [];
    const started = Date.now();
    const outcome = await waitForTask(
      tasks,
      't1',
      async () => {
        pollTimes.push(Date.now() - started);
        return { state: 'running' };
      },
      { timeoutMs: 500, intervalMs: 300 },
    );
    // Polls at 0 and 300 ms; the next pause (600 ms) would end past 500 ms, so it is cut to the deadline.
    expect(outcome).toMatchObject({ done: false, polls: 3 });
    expect(outcome.elapsedMs).toBeGreaterThanOrEqual(500);
    expect(pollTimes[2]).toBeGreaterThanOrEqual(480);
  });

  it('a task that finishes just before the deadline is reported done by that last poll', async () => {
    const started = Date.now();
    const outcome = await waitForTask(tasks, 't2', async () => ({ state: Date.now() - started >= 450 ? 'done' : 'running' }), {
      timeoutMs: 500,
      intervalMs: 300,
    });
    expect(outcome).toMatchObject({ done: true, polls: 3 });
  });
});

describe('followTask', () => {
  const starter: ToolDefinition = {
    annotations: { destructiveHint: false, idempotentHint: false, openWorldHint: true, readOnlyHint: false },
    arguments: { params: [] },
    confirm: false,
    controls: { wait: 'wait' },
    description: 'Restarts an app.',
    inputSchema: { type: 'object' },
    name: 'restart_app',
    operation: { method: 'POST', operationId: 'restartApp', params: [], path: '/apps/{id}/restart', security: [] },
    scope: 'write',
    startsTask: true,
    title: 'Restart app',
  };
  const poller: ToolDefinition = {
    ...starter,
    arguments: { params: [{ argument: ['id'], in: 'path', name: 'id' }] },
    controls: {},
    name: 'get_task',
    operation: { method: 'GET', operationId: 'getTask', params: [], path: '/tasks/{id}', security: [] },
  };
  const withErrors: TasksDefinition = { ...tasks, errorPath: '/error' };

  it('tells how to follow a started task when the call does not wait', async () => {
    const followed = await followTask(tasks, starter, {}, { id: 't7' }, poller, async () => ({ data: {} }), { timeoutMs: 1000 });
    expect(followed).toEqual({
      data: { id: 't7' },
      failed: false,
      note: 'Started task t7: follow it with get_task (id: "t7"), or pass wait: true to wait for it.',
    });
  });

  it('waits through the poll tool when asked, attaching the outcome', async () => {
    const polled: unknown[] = [];
    const send = async (operation: OperationDefinition, request: ApiRequest) => {
      polled.push([operation.operationId, request.path]);
      return { data: { state: 'done' } };
    };
    const followed = await followTask(tasks, starter, { wait: true }, { id: 't8' }, poller, send, { timeoutMs: 1000 });
    expect(polled).toEqual([['getTask', { id: 't8' }]]);
    expect(followed?.failed).toBe(false);
    expect(followed?.note).toBe('Task t8 finished in 0 s.');
    expect(followed?.data).toMatchObject({ id: 't8', task: { done: true, id: 't8', polls: 1 } });
  });

  it('reports a failed task as failed, with its error', async () => {
    const send = async () => ({ data: { error: 'disk full', state: 'done' } });
    const followed = await followTask(withErrors, starter, { wait: true }, { id: 't9' }, poller, send, { timeoutMs: 1000 });
    expect(followed).toMatchObject({ failed: true, note: 'Task t9 failed: disk full.' });
  });

  it('is undefined when the body carries no task id', async () => {
    expect(await followTask(tasks, starter, {}, { ok: true }, poller, async () => ({ data: {} }), { timeoutMs: 1000 })).toBeUndefined();
  });
});
