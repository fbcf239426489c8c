// Part of the mcpgen runtime, copied unchanged into this package (spec: specs/cloudron.yaml). Do not edit:
// it is replaced on every `mcpgen generate`.
import { parentPort, workerData } from 'node:worker_threads';
import type { SandboxLimits } from './code-mode.js';
import { runInSandbox } from './sandbox.js';
import type { HostMessage, WorkerMessage, WorkerRun } from './sandbox-host.js';

/**
 * The worker thread a program runs in (sandbox-host.ts starts one per run): QuickJS runs here, so
 * a program that keeps QuickJS busy between interrupts blocks this thread, never the server's.
 * Each `api` call is a message to the main thread, which makes the tool call with the caller's
 * context and credentials and answers with JSON; nothing secret is ever sent here.
 */
const port = parentPort;
if (!port) throw new Error('sandbox-worker.js runs only as a worker thread (see sandbox-host.ts)');
const { source, methods, limits } = workerData as WorkerRun & { limits: SandboxLimits };

const pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
let nextId = 0;
port.on('message', (message: HostMessage) => {
  const waiting = pending.get(message.id);
  if (!waiting) return;
  pending.delete(message.id);
  if (message.ok) waiting.resolve(message.value);
  else waiting.reject(new Error(message.error));
});

const outcome = await runInSandbox(source, methods, (method, args) => {
  const id = (nextId += 1);
  const call: WorkerMessage = { type: 'call', id, method, args };
  port.postMessage(call);
  return new Promise((resolve, reject) => pending.set(id, { resolve, reject }));
}, limits);
const done: WorkerMessage = { type: 'done', outcome };
port.postMessage(done);
port.close();
