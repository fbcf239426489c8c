// Part of the mcpgen runtime, copied unchanged into this package (spec: specs/mcpbox.yaml). Do not edit:
// it is replaced on every `mcpgen generate`.
import { setMaxListeners } from 'node:events';
import { type QuickJSContext, type QuickJSHandle, newQuickJSWASMModuleFromVariant } from 'quickjs-emscripten-core';

/**
 * Runs a model's program in QuickJS compiled to WebAssembly (quickjs-emscripten): no native build,
 * and no ambient authority. The program sees the ECMAScript built-ins, `console` (bounded, kept
 * here) and the `api` object, whose methods send JSON to `call` outside and get JSON back; no
 * filesystem, network, process, timers, module loader or host object. Each run gets a fresh
 * WebAssembly instance, so nothing a program does outlives it or reaches the next one.
 */

/** Native stack the program's recursion may use before a RangeError. */
const MAX_STACK_BYTES = 256 * 1024;

export interface SandboxLimits {
  /** Heap the program may allocate. */
  readonly memoryBytes: number;
  /** Wall-clock time for the whole run, API calls included; CPU-bound code is interrupted too. */
  readonly timeoutMs: number;
  /** API calls one run may make. */
  readonly maxCalls: number;
  /** Characters of result JSON plus console output. */
  readonly maxOutputChars: number;
  /** Programs running at once in this process, each on a worker thread (~30 MB); more wait for one to finish (sandbox-host.ts). */
  readonly maxWorkers: number;
}

/** Sends one API call for the program: resolves to its JSON result, rejects with a message the program sees. */
export type SandboxCall = (method: string, args: unknown, signal: AbortSignal) => Promise<unknown>;

export type SandboxOutcome =
  | { readonly ok: true; readonly result: unknown; readonly console: string; readonly calls: number }
  | {
      readonly ok: false;
      readonly error: string;
      readonly console: string;
      readonly calls: number;
      /** Names the program looked up on `api` that are no method (a guessed name): the host suggests the closest. */
      readonly unknownMethods?: readonly string[];
    };

/**
 * The code that builds `api` and `console` inside the sandbox; it receives the host functions
 * and returns `start(run)`, so none is reachable from the program as a global. `api` reports the
 * names looked up on it that are no method (still undefined to the program).
 */
const PRELUDE = `(function (call, log, miss, names) {
  const methods = Object.create(null);
  for (const name of JSON.parse(names)) {
    methods[name] = (args) => call(name, JSON.stringify(args === undefined ? {} : args)).then((text) => JSON.parse(text));
  }
  Object.freeze(methods);
  const api = new Proxy(methods, {
    get(target, key) {
      if (typeof key === 'string' && !(key in target) && key !== 'then' && key !== 'toJSON') miss(key);
      return target[key];
    },
  });
  const show = (value) => typeof value === 'string' ? value : (() => { try { return JSON.stringify(value); } catch { return String(value); } })();
  const write = (...values) => log(values.map(show).join(' '));
  globalThis.console = Object.freeze({ log: write, info: write, warn: write, error: write, debug: write });
  return function start(run) {
    return Promise.resolve()
      .then(() => run(api))
      .then((value) => { const text = JSON.stringify(value === undefined ? null : value); return text === undefined ? 'null' : text; });
  };
})`;

export async function runInSandbox(
  source: string,
  methods: readonly string[],
  call: SandboxCall,
  limits: SandboxLimits,
  /** Each piece of console output as it is kept: a host that may terminate the run keeps it too. */
  onOutput?: (text: string) => void,
): Promise<SandboxOutcome> {
  const module = await newQuickJSWASMModuleFromVariant(import('@jitl/quickjs-wasmfile-release-sync'));
  const runtime = module.newRuntime();
  runtime.setMemoryLimit(limits.memoryBytes);
  runtime.setMaxStackSize(MAX_STACK_BYTES);
  const deadline = Date.now() + limits.timeoutMs;
  const abort = new AbortController();
  // every API call in flight listens to it
  setMaxListeners(limits.maxCalls + 10, abort.signal);
  runtime.setInterruptHandler(() => Date.now() > deadline || abort.signal.aborted);
  const context = runtime.newContext();

  let output = '';
  let outputFull = false;
  const unknownMethods = new Set<string>();
  let calls = 0;
  /** Set when the run must end whatever the program does next (a limit reached). */
  let failure: string | undefined;
  let inFlight = 0;
  let wake: () => void = () => undefined;

  const append = (text: string) => {
    if (outputFull) return;
    const full = output.length + text.length + 1 > limits.maxOutputChars;
    const kept = full
      ? `${text.slice(0, Math.max(0, limits.maxOutputChars - output.length - 1))}\n[console output cut at ${limits.maxOutputChars} characters]`
      : `${text}\n`;
    output += kept;
    outputFull = full;
    onOutput?.(kept);
  };
  const fail = (error: string): SandboxOutcome => ({
    ok: false,
    error,
    console: output,
    calls,
    ...(unknownMethods.size > 0 ? { unknownMethods: [...unknownMethods] } : {}),
  });

  try {
    const log = context.newFunction('log', (text) => append(context.getString(text)));
    const callHandle = context.newFunction('call', (nameHandle, argsHandle) => {
      const name = context.getString(nameHandle);
      const argsText = context.getString(argsHandle);
      const deferred = context.newPromise();
      const reject = (message: string) => {
        const thrown = context.newError(message);
        deferred.reject(thrown);
        thrown.dispose();
      };
      // the count is of calls sent: the one over the limit is refused, never made
      if (calls >= limits.maxCalls) {
        failure ??= `The program tried to make more than ${limits.maxCalls} API calls (the limit per run); it was stopped.`;
        abort.abort();
        reject(failure);
        return deferred.handle;
      }
      calls += 1;
      inFlight += 1;
      const settle = (apply: () => void) => {
        inFlight -= 1;
        if (context.alive && deferred.alive) {
          apply();
          deferred.dispose();
        }
        wake();
      };
      call(name, JSON.parse(argsText) as unknown, abort.signal).then(
        (value) =>
          settle(() => {
            const text = context.newString(JSON.stringify(value === undefined ? null : value));
            deferred.resolve(text);
            text.dispose();
          }),
        (error: unknown) => settle(() => reject(error instanceof Error ? error.message : String(error))),
      );
      return deferred.handle;
    });
    const miss = context.newFunction('miss', (name) => {
      // bounded: a program could look up endless names
      if (unknownMethods.size < 10) unknownMethods.add(context.getString(name).slice(0, 100));
    });
    const names = context.newString(JSON.stringify(methods));
    const factory = context.unwrapResult(context.evalCode(PRELUDE, 'prelude.js'));
    const start = context.unwrapResult(context.callFunction(factory, context.undefined, callHandle, log, miss, names));

    const evaluated = context.evalCode(source, 'program.js');
    if (evaluated.error) return fail(`The program failed to load: ${describeError(context, evaluated.error, deadline)}`);
    const run = context.getProp(context.global, 'run');
    if (context.typeof(run) !== 'function') return fail('The program must define `async function run(api)`.');
    const started = context.unwrapResult(context.callFunction(start, context.undefined, run));

    let state = context.getPromiseState(started);
    for (;;) {
      const jobs = runtime.executePendingJobs();
      if (jobs.error) failure ??= describeError(context, jobs.error, deadline);
      state = context.getPromiseState(started);
      if (failure || state.type !== 'pending') break;
      if (Date.now() > deadline) {
        failure = `The program ran longer than ${limits.timeoutMs} ms (the limit per run); it was stopped.`;
        break;
      }
      if (inFlight === 0 && !runtime.hasPendingJob()) {
        failure = 'The program never finished: the promise of run(api) can no longer settle (nothing it waits for is pending).';
        break;
      }
      if (runtime.hasPendingJob()) continue;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.max(0, deadline - Date.now()) + 1);
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
    if (failure) return fail(failure);
    if (state.type === 'rejected') return fail(`The program threw: ${describeError(context, state.error, deadline)}`);
    if (state.type !== 'fulfilled') throw new Error('unreachable: the promise is settled');
    const text = context.getString(state.value);
    if (text.length + output.length > limits.maxOutputChars) {
      return fail(
        `The program's result is ${text.length} characters of JSON, more than the ${limits.maxOutputChars} allowed: return less (filter or count in the program).`,
      );
    }
    return { ok: true, result: JSON.parse(text) as unknown, console: output, calls };
  } catch (error) {
    // WebAssembly frames share Node's stack: recursion QuickJS did not stop first ends here.
    if (error instanceof RangeError) return fail(`The program recursed too deeply (stack overflow): ${error.message}`);
    return fail(`The sandbox failed: ${error instanceof Error ? error.message : String(error)}`);
  } finally {
    abort.abort();
    // Nothing made once per run is disposed (only what each API call makes, which a long run
    // would pile up): QuickJS aborts on freeing a runtime a stopped program left objects in, and
    // the WebAssembly instance, used for this run only, is collected whole with its memory.
  }
}

/** "TypeError: x is not a function" for an error thrown in the sandbox; interrupts and memory named plainly. */
function describeError(context: QuickJSContext, handle: QuickJSHandle, deadline: number): string {
  const dumped = context.dump(handle) as unknown;
  const text =
    dumped !== null && typeof dumped === 'object' && 'message' in dumped
      ? `${String((dumped as { name?: unknown }).name ?? 'Error')}: ${String((dumped as { message: unknown }).message)}`
      : String(JSON.stringify(dumped) ?? dumped);
  if (/interrupted/i.test(text) && Date.now() > deadline) return `${text} (the run's time limit was reached)`;
  if (/out of memory/i.test(text)) return `${text} (the run's memory limit was reached)`;
  return text;
}
