import { describe, expect, it } from 'vitest';
import { DEFAULT_SANDBOX_LIMITS, type ProgramCall } from './code-mode.js';
import { runInWorker } from './sandbox-host.js';

const LIMITS = { ...DEFAULT_SANDBOX_LIMITS, timeoutMs: 1500, memoryBytes: 64 * 1024 * 1024 };
/** What "within the limit" allows on top: the host's grace before it terminates the worker, plus a loaded machine. */
const MARGIN_MS = 750;
const echo: ProgramCall = async (method, args) => ({ method, args });

/** Runs a program and counts the main thread's timer ticks meanwhile: a blocked thread ticks not at all. */
async function timed(source: string, call: ProgramCall = echo) {
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
    const { outcome, ms, ticks } = await timed(source);
    expect(outcome.ok).toBe(false);
    expect(outcome.ok ? '' : outcome.error).toMatch(/memory|time limit|ran longer than 1500 ms/i);
    expect(ms).toBeLessThan(LIMITS.timeoutMs + MARGIN_MS);
    expect(ticks).toBeGreaterThanOrEqual(Math.floor(ms / 50) / 2);
    expect(await runInWorker('async function run() { return 1; }', [], echo, LIMITS)).toMatchObject({ ok: true, result: 1 });
  });

  it('another run is served while one blocks its worker', async () => {
    const bomb = timed("async function run() { let s = ''; for (let n = 0; ; n++) s += 'x'.repeat(1e6) + n; }");
    let bombDone = false;
    void bomb.then(() => (bombDone = true));
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(
      await runInWorker('async function run(api) { return (await api.list_apps({})).method; }', ['list_apps'], echo, LIMITS),
    ).toMatchObject({
      ok: true,
      result: 'list_apps',
    });
    expect(bombDone).toBe(false);
    expect((await bomb).outcome.ok).toBe(false);
  });

  it('cancelling ends the run at once', async () => {
    const abort = new AbortController();
    setTimeout(() => abort.abort(), 100);
    const started = Date.now();
    const outcome = await runInWorker('async function run() { for (;;) {} }', [], echo, LIMITS, abort.signal);
    expect(outcome).toMatchObject({ ok: false, error: 'The run was cancelled.' });
    expect(Date.now() - started).toBeLessThan(LIMITS.timeoutMs);
  });
});
