import { describe, expect, it } from 'vitest';
import { waitForTask } from './task-waiter.js';
import type { TasksDefinition } from './types.js';

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
