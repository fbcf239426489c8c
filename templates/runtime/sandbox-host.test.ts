import { describe, expect, it } from 'vitest';
import { DEFAULT_SANDBOX_LIMITS } from './code-mode.js';
import type { SandboxCall } from './sandbox.js';
import { runInWorker } from './sandbox-host.js';

const LIMITS = { ...DEFAULT_SANDBOX_LIMITS, timeoutMs: 1500, memoryBytes: 64 * 1024 * 1024 };
/** What "within the limit" allows on top: the host's grace before it terminates the worker, plus a loaded machine. */
const MARGIN_MS = 750;
const echo: SandboxCall = async (method, args) => ({ method, args });

/** Runs a program and counts the main thread's timer ticks meanwhile: a blocked thread ticks not at all. */
async function timed(source: string, call: SandboxCall = echo) {
  // a warm worker first: the time measured is the program's, not a worker's start (slow under tsx)
  await runInWorker('async function run() { return 0; }', [], echo, LIMITS);
  let ticks = 0;
  const ticker = setInterval(() => (ticks += 1), 50);
  const started = Date.now();
  const outcome = await runInWorker(source, ['list_apps'], call, LIMITS);
  clearInterval(ticker);
  return { outcome, ms: Date.now() - started, ticks };
}

describe('runInWorker', () => {
  it('runs the program on a worker: api calls come back to this thread as messages, the result as JSON', async () => {
    const seen: unknown[] = [];
    const { outcome } = await timed(
      'async function run(api) { const a = await api.list_apps({ n: 1 }); console.log("ok"); return [a, 2]; }',
      async (method, args) => {
        seen.push([method, args]);
        return { apps: ['a'] };
      },
    );
    expect(outcome).toEqual({ ok: true, result: [{ apps: ['a'] }, 2], console: 'ok\n', calls: 1 });
    expect(seen).toEqual([['list_apps', { n: 1 }]]);
  });

  // QuickJS checks its interrupt handler between bytecode steps; these spend seconds inside single steps.
  const bombs: [string, string][] = [
    ['growing string', "async function run() { let s = ''; for (let n = 0; ; n++) s += 'x'.repeat(1e6) + n; }"],
    [
      'filled arrays',
      'async function run() { const all = []; for (;;) { const a = new Array(1e5); for (let i = 0; i < a.length; i++) a[i] = { i }; all.push(a); } }',
    ],
  ];
  it.each(bombs)('memory bomb (%s) ends with an error within the limit, and this thread keeps running meanwhile', async (_name, source) => {
    const { outcome, ms, ticks } = await timed(source.replace('{', '{ console.log("bombing"); '));
    expect(outcome.ok).toBe(false);
    // whether QuickJS stopped it or this thread terminated its worker, what it printed is kept
    expect(outcome.console).toBe('bombing\n');
    expect(outcome.ok ? '' : outcome.error).toMatch(/memory|time limit|ran longer than 1500 ms/i);
    expect(ms).toBeLessThan(LIMITS.timeoutMs + MARGIN_MS);
    expect(ticks).toBeGreaterThanOrEqual(Math.floor(ms / 50) / 2);
    expect(await runInWorker('async function run() { return 1; }', [], echo, LIMITS)).toMatchObject({ ok: true, result: 1 });
  });

  it('another run is served while one blocks its worker', async () => {
    // a busy loop holds its worker until cancelled: the other run may need a cold worker, slow on a loaded machine
    const abort = new AbortController();
    let blockerDone = false;
    const blocker = runInWorker('async function run() { for (;;) {} }', [], echo, { ...LIMITS, timeoutMs: 60_000 }, abort.signal).finally(
      () => (blockerDone = true),
    );
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(
      await runInWorker('async function run(api) { return (await api.list_apps({})).method; }', ['list_apps'], echo, LIMITS),
    ).toMatchObject({
      ok: true,
      result: 'list_apps',
    });
    expect(blockerDone).toBe(false);
    abort.abort();
    expect(await blocker).toMatchObject({ ok: false, error: 'The run was cancelled.' });
  });

  it('cancelling ends the run at once, keeping the console output written before', async () => {
    await runInWorker('async function run() { return 0; }', [], echo, LIMITS);
    const abort = new AbortController();
    setTimeout(() => abort.abort(), 300);
    const started = Date.now();
    const outcome = await runInWorker('async function run() { console.log("spinning"); for (;;) {} }', [], echo, LIMITS, abort.signal);
    expect(outcome).toEqual({ ok: false, error: 'The run was cancelled.', console: 'spinning\n', calls: 0 });
    expect(Date.now() - started).toBeLessThan(LIMITS.timeoutMs);
  });

  it('a program stopped at its call limit keeps its console output', async () => {
    const outcome = await runInWorker(
      'async function run(api) { for (let i = 0; ; i++) { console.log("call " + i); await api.list_apps({}); } }',
      ['list_apps'],
      echo,
      { ...LIMITS, maxCalls: 2 },
    );
    expect(outcome).toMatchObject({
      ok: false,
      error: expect.stringContaining('more than 2 API calls'),
      console: 'call 0\ncall 1\ncall 2\n',
      // the third was refused, not made
      calls: 2,
    });
  });

  describe('at most maxWorkers programs at once', () => {
    /** A program whose one API call is answered only when the test says so. */
    const held = () => {
      let answer: () => void = () => undefined;
      const answered = new Promise<void>((resolve) => (answer = resolve));
      const call: SandboxCall = async (method) => {
        await answered;
        return method;
      };
      return { call, answer };
    };
    const program = 'async function run(api) { return await api.list_apps({}); }';

    it('queues the next run until one finishes', async () => {
      const first = held();
      const events: string[] = [];
      const limits = { ...LIMITS, maxWorkers: 1 };
      const running = runInWorker(program, ['list_apps'], first.call, limits).then((outcome) => events.push(`first ${outcome.ok}`));
      const queued = runInWorker(program, ['list_apps'], async (method) => (events.push('second called'), method), limits).then((outcome) =>
        events.push(`second ${outcome.ok}`),
      );
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(events).toEqual([]);
      first.answer();
      await Promise.all([running, queued]);
      expect(events).toEqual(['first true', 'second called', 'second true']);
    });

    it('refuses a run that waited its whole time limit, with a clear error; the running one is untouched', async () => {
      const first = held();
      const running = runInWorker(program, ['list_apps'], first.call, { ...LIMITS, maxWorkers: 1 });
      const refused = await runInWorker(program, ['list_apps'], echo, { ...LIMITS, maxWorkers: 1, timeoutMs: 300 });
      expect(refused).toEqual({
        ok: false,
        error: expect.stringMatching(/^The sandbox is busy: 1 program\(s\) are running, .* none finished within 300 ms/),
        console: '',
        calls: 0,
      });
      first.answer();
      expect(await running).toMatchObject({ ok: true, result: 'list_apps' });
    });
  });
});
