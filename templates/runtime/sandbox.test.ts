import { describe, expect, it } from 'vitest';
import { DEFAULT_SANDBOX_LIMITS } from './code-mode.js';
import { runInSandbox, type SandboxCall } from './sandbox.js';

const LIMITS = { ...DEFAULT_SANDBOX_LIMITS, timeoutMs: 2000, memoryBytes: 16 * 1024 * 1024, maxCalls: 20, maxOutputChars: 5000 };
const echo: SandboxCall = async (method, args) => ({ method, args });
const run = (source: string, call: SandboxCall = echo) => runInSandbox(source, ['list_apps', 'get_app'], call, LIMITS);

describe('runInSandbox', () => {
  it('runs async function run(api): API calls go out as JSON, the result comes back as JSON, console is kept', async () => {
    const outcome = await run(`async function run(api) {
      const apps = await api.list_apps({ limit: 2 });
      console.log('got', apps.method, { n: 1 });
      return { apps, both: await Promise.all([api.get_app({ id: 'a' }), api.get_app({ id: 'b' })]) };
    }`);
    expect(outcome).toEqual({
      ok: true,
      calls: 3,
      console: 'got list_apps {"n":1}\n',
      result: {
        apps: { method: 'list_apps', args: { limit: 2 } },
        both: [
          { method: 'get_app', args: { id: 'a' } },
          { method: 'get_app', args: { id: 'b' } },
        ],
      },
    });
  });

  it('names looked up on api that are no method stay undefined to the program and are reported with a failure', async () => {
    expect(await run('async function run(api) { return [typeof api.list_app, Object.isFrozen(api), await api.list_apps()]; }')).toEqual({
      ok: true,
      result: ['undefined', true, { method: 'list_apps', args: {} }],
      console: '',
      calls: 1,
    });
    expect(await run('async function run(api) { await api; return api.list_appz({}); }')).toEqual({
      ok: false,
      error: 'The program threw: TypeError: not a function',
      console: '',
      calls: 0,
      unknownMethods: ['list_appz'],
    });
  });

  it('a failed call is an exception in the program, which may catch it', async () => {
    const failing: SandboxCall = async () => {
      throw new Error('Invalid arguments for get_app: id is required');
    };
    expect(await run(`async function run(api) { try { await api.get_app({}); } catch (e) { return e.message; } }`, failing)).toMatchObject({
      ok: true,
      result: 'Invalid arguments for get_app: id is required',
    });
    expect(await run(`async function run(api) { await api.get_app({}); }`, failing)).toMatchObject({
      ok: false,
      error: 'The program threw: Error: Invalid arguments for get_app: id is required',
    });
  });

  // Hostile programs: each ends with a clear error, and the next run is served.
  const hostile: [string, string, RegExp][] = [
    ['infinite loop', 'async function run() { for (;;) {} }', /interrupted.*time limit/i],
    ['memory bomb', "async function run() { let s = 'x'; const a = []; for (;;) { a.push(s += s); } }", /memory|too long|allocation/i],
    ['deep recursion', 'async function run() { const f = (n) => f(n + 1) + 1; return f(0); }', /stack overflow|call stack/i],
    ['never resolves', 'async function run() { await new Promise(() => {}); }', /never finished/],
    [
      'thousands of calls',
      'async function run(api) { for (let i = 0; i < 5000; i++) { try { await api.list_apps({}); } catch {} } return 1; }',
      /more than 20 API calls/,
    ],
    ['huge result', "async function run() { return 'x'.repeat(100000); }", /more than the 5000 allowed/],
    ['no run function', 'const x = 1;', /must define `async function run\(api\)`/],
    ['syntax error', 'async function run( {', /failed to load: SyntaxError/],
    [
      'host globals',
      'async function run() { return [typeof process, typeof require, typeof fetch, typeof setTimeout, typeof globalThis.call, typeof globalThis.log].join(); }',
      /^$/,
    ],
  ];
  it.each(hostile)('%s', async (_name, source, error) => {
    const outcome = await run(source);
    if (error.source === '^$') {
      expect(outcome).toMatchObject({ ok: true, result: 'undefined,undefined,undefined,undefined,undefined,undefined' });
    } else {
      expect(outcome.ok).toBe(false);
      expect(outcome.ok ? '' : outcome.error).toMatch(error);
    }
    expect(await run('async function run(api) { return (await api.get_app({ id: 1 })).args.id; }')).toMatchObject({ ok: true, result: 1 });
  });

  it('import(), eval and prototype pollution stay inside the sandbox', async () => {
    const outcome = await run(`async function run(api) {
      let imported; try { await import('fs'); imported = 'yes'; } catch (e) { imported = 'refused'; }
      Object.prototype.polluted = 1; Array.prototype.push = null;
      return { imported, evaluated: eval('typeof process'), viaFunction: Function('return typeof require')() };
    }`);
    expect(outcome).toMatchObject({ ok: true, result: { imported: 'refused', evaluated: 'undefined', viaFunction: 'undefined' } });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(await run('async function run() { return [].polluted === undefined && typeof [].push; }')).toMatchObject({
      ok: true,
      result: 'function',
    });
  });

  it('console output is bounded', async () => {
    const outcome = await run("async function run() { for (let i = 0; i < 10000; i++) console.log('line', i); return 'done'; }");
    expect(outcome.console.length).toBeLessThanOrEqual(5100);
    expect(outcome.console).toMatch(/console output cut at 5000 characters/);
  });
});
