// Part of the mcpgen runtime, copied unchanged into this package (spec: specs/control-plane.yaml). Do not edit:
// it is replaced on every `mcpgen generate`.
import { setMaxListeners } from 'node:events';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { messageOf } from './errors.js';
import type { SandboxCall, SandboxLimits, SandboxOutcome } from './sandbox.js';

/**
 * Runs a program on a worker thread (sandbox-worker.ts), so that whatever it does, the server's
 * thread keeps serving. QuickJS checks its time limit only between bytecode steps, and a single
 * step can take seconds (a memory bomb of big strings spent 11-28 s in one): the main thread
 * therefore holds the hard deadline and terminates the worker, and Node's heap limits bound the
 * worker besides QuickJS's own memory limit.
 *
 * A worker whose program ended by itself is kept for the next run (each run still gets a fresh
 * QuickJS instance): starting a worker and loading QuickJS in it costs ~100-300 ms here, a run
 * on a warm one ~25 ms. A worker that was terminated, or failed, is never reused.
 */

/** Time past the program's limit before the worker is terminated: QuickJS normally stops it first, with a better message. */
const HARD_DEADLINE_GRACE_MS = 250;

/** Time a worker may take to start and load QuickJS (~100-300 ms here, more on a loaded machine or under tsx). */
const WORKER_START_MS = 10_000;

/** Node heap the worker may use: QuickJS's memory is WebAssembly memory, bounded by its own limit; this bounds the rest. */
const WORKER_RESOURCE_LIMITS = { maxOldGenerationSizeMb: 64, maxYoungGenerationSizeMb: 8, stackSizeMb: 4, codeRangeSizeMb: 16 };

/** Worker → main thread. */
export type WorkerMessage =
  | { readonly type: 'started' }
  /** A piece of console output, as the sandbox kept it (bounded). */
  | { readonly type: 'console'; readonly text: string }
  | { readonly type: 'call'; readonly id: number; readonly method: string; readonly args: unknown }
  | { readonly type: 'done'; readonly outcome: SandboxOutcome };

/** Main thread → worker: a program to run with its limits (never credentials), or the answer to one `call`. */
export type HostMessage =
  | { readonly type: 'run'; readonly source: string; readonly methods: readonly string[]; readonly limits: SandboxLimits }
  | ({ readonly type: 'answer'; readonly id: number } & (
      { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly error: string }
    ));

/** How long a warm worker waits for the next run before it is let go (its ~30 MB with it). */
const IDLE_WORKER_MS = 60_000;

/** A warm worker waiting for the next run; unreferenced, so it never keeps the process alive. */
let idle: Worker | undefined;
let idleTimer: NodeJS.Timeout | undefined;

/**
 * Runs a program on a worker, once fewer than `limits.maxWorkers` programs are running: each
 * worker holds ~30 MB, so under load runs queue for a free one, each waiting at most its own
 * time limit before it is refused.
 */
export async function runInWorker(
  source: string,
  methods: readonly string[],
  call: SandboxCall,
  limits: SandboxLimits,
  signal?: AbortSignal,
): Promise<SandboxOutcome> {
  const refused = await workerSlot(limits, signal);
  if (refused !== undefined) return { ok: false, error: refused, console: '', calls: 0 };
  try {
    return await runOnWorker(source, methods, call, limits, signal);
  } finally {
    busy -= 1;
    waiting.shift()?.();
  }
}

/** Programs running now (each on its own worker), and the runs waiting for one to finish. */
let busy = 0;
const waiting: (() => void)[] = [];

/** Takes a place among the running programs, waiting for one if all are taken: undefined, or why the run may not start. */
function workerSlot(limits: SandboxLimits, signal?: AbortSignal): Promise<string | undefined> {
  if (signal?.aborted) return Promise.resolve('The run was cancelled.');
  if (busy < limits.maxWorkers) {
    busy += 1;
    return Promise.resolve(undefined);
  }
  return new Promise((resolve) => {
    const leave = (reason: string | undefined) => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      const place = waiting.indexOf(admit);
      if (place >= 0) waiting.splice(place, 1);
      resolve(reason);
    };
    const admit = () => {
      busy += 1;
      leave(undefined);
    };
    const onAbort = () => leave('The run was cancelled.');
    const timer = setTimeout(
      () =>
        leave(
          `The sandbox is busy: ${limits.maxWorkers} program(s) are running, the most this server runs at once, and none finished within ${limits.timeoutMs} ms. Try again shortly.`,
        ),
      limits.timeoutMs,
    );
    signal?.addEventListener('abort', onAbort, { once: true });
    waiting.push(admit);
  });
}

function runOnWorker(...[source, methods, call, limits, signal]: Parameters<typeof runInWorker>): Promise<SandboxOutcome> {
  const worker = idle ?? startWorker();
  idle = undefined;
  clearTimeout(idleTimer);
  worker.ref();
  // API calls in flight end with the run; each listens to it
  const calls = new AbortController();
  setMaxListeners(limits.maxCalls + 10, calls.signal);
  let callCount = 0;
  // the console output the program wrote so far: kept if the worker has to be terminated
  let output = '';

  return new Promise<SandboxOutcome>((resolve) => {
    let settled = false;
    const finish = (outcome: SandboxOutcome | string) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      worker.off('message', onMessage).off('error', onError).off('exit', onExit);
      calls.abort();
      if (typeof outcome === 'string' || idle) void worker.terminate();
      else {
        worker.unref();
        idle = worker;
        idleTimer = setTimeout(() => {
          if (idle !== worker) return;
          idle = undefined;
          void worker.terminate();
        }, IDLE_WORKER_MS).unref();
      }
      resolve(typeof outcome === 'string' ? { ok: false, error: outcome, console: output, calls: callCount } : outcome);
    };
    // until the worker has started (loaded QuickJS), the time is the sandbox's, not the program's
    let timer = setTimeout(() => finish(`The sandbox did not start within ${WORKER_START_MS} ms.`), WORKER_START_MS);
    const startDeadline = () => {
      clearTimeout(timer);
      timer = setTimeout(
        () => finish(`The program ran longer than ${limits.timeoutMs} ms (the limit per run); it was stopped.`),
        limits.timeoutMs + HARD_DEADLINE_GRACE_MS,
      );
    };
    const onAbort = () => finish('The run was cancelled.');
    const onMessage = (message: WorkerMessage) => {
      if (message.type === 'started') return startDeadline();
      if (message.type === 'done') return finish(message.outcome);
      if (message.type === 'console') {
        output += message.text;
        return;
      }
      callCount += 1;
      const answer = (reply: HostMessage) => {
        if (!settled) worker.postMessage(reply);
      };
      call(message.method, message.args, calls.signal).then(
        (value) => answer({ type: 'answer', id: message.id, ok: true, value }),
        (error: unknown) => answer({ type: 'answer', id: message.id, ok: false, error: messageOf(error) }),
      );
    };
    const onError = (error: Error & { code?: string }) =>
      finish(
        error.code === 'ERR_WORKER_OUT_OF_MEMORY'
          ? 'The program used more memory than the sandbox allows; it was stopped.'
          : `The sandbox failed: ${error.message}`,
      );
    const onExit = (code: number) => finish(`The sandbox stopped before the program finished (exit code ${code}).`);
    worker.on('message', onMessage).on('error', onError).on('exit', onExit);
    if (signal?.aborted) return onAbort();
    signal?.addEventListener('abort', onAbort, { once: true });
    worker.postMessage({ type: 'run', source, methods, limits } satisfies HostMessage);
  });
}

function startWorker(): Worker {
  const entry = workerEntry();
  const worker = new Worker(entry.code, {
    eval: entry.eval,
    // the worker sees no environment (the server's credentials live there) and cannot write to the
    // server's stdout, which is the MCP channel in stdio mode
    env: {},
    stdout: true,
    stderr: true,
    resourceLimits: WORKER_RESOURCE_LIMITS,
  });
  // what the worker's Node side might print is dropped, never buffered
  worker.stdout.resume();
  worker.stderr.resume();
  // an idle worker that fails or dies is forgotten; a running one reports through the run's listeners
  const forget = () => {
    if (idle === worker) idle = undefined;
  };
  worker.on('exit', forget).on('error', forget);
  return worker;
}

/**
 * The worker's file. A Worker needs a path of its own: beside this module (src/ under tsx, dist/
 * as compiled) or, when this module is a chunk of the bundle (dist/chunks/), in dist/runtime/.
 */
function workerEntry(): { code: URL | string; eval: boolean } {
  if (import.meta.url.endsWith('.ts')) {
    // the TypeScript source (tests): tsx registered in the worker first, as Node 20 loads no .ts
    // itself (its ES module entry: the CommonJS one cannot register from an evaluated worker)
    const tsx = pathToFileURL(
      createRequire(import.meta.url)
        .resolve('tsx/esm/api')
        .replace(/\.cjs$/, '.mjs'),
    ).href;
    const worker = new URL('./sandbox-worker.ts', import.meta.url).href;
    return {
      code: `import(${JSON.stringify(tsx)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(worker)}); });`,
      eval: true,
    };
  }
  for (const candidate of ['./sandbox-worker.js', '../runtime/sandbox-worker.js']) {
    const file = new URL(candidate, import.meta.url);
    if (existsSync(file)) return { code: file, eval: false };
  }
  throw new Error(`the sandbox's worker (sandbox-worker.js) is missing beside ${import.meta.url}`);
}
