// Part of the mcpgen runtime, copied unchanged into this package (spec: specs/cloudways.yaml). Do not edit:
// it is replaced on every `mcpgen generate`.
import { parentPort } from 'node:worker_threads';
import { runInSandbox } from './sandbox.js';
import type { HostMessage, WorkerMessage } from './sandbox-host.js';

/**
 * The worker thread programs run in (sandbox-host.ts starts it): QuickJS runs here, so a program
 * that keeps QuickJS busy between interrupts blocks this thread, never the server's. Each run gets
 * a fresh QuickJS instance (runInSandbox). Each `api` call is a message to the main thread, which
 * makes the tool call with the caller's context and credentials and answers with JSON; nothing
 * secret is ever sent here.
 */
const port = parentPort;
if (!port) throw new Error('sandbox-worker.js runs only as a worker thread (see sandbox-host.ts)');

const pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
let nextId = 0;
const send = (message: WorkerMessage) => port.postMessage(message);

port.on('message', (message: HostMessage) => {
  if (message.type === 'run') {
    // calls a finished run left unanswered are dropped with it
    pending.clear();
    const { source, methods, limits } = message;
    // the program's time starts now: the host's hard deadline counts from here
    send({ type: 'started' });
    void runInSandbox(
      source,
      methods,
      (method, args) => {
        const id = (nextId += 1);
        send({ type: 'call', id, method, args });
        return new Promise((resolve, reject) => pending.set(id, { resolve, reject }));
      },
      limits,
      (text) => send({ type: 'console', text }),
    ).then((outcome) => send({ type: 'done', outcome }));
    return;
  }
  const waiting = pending.get(message.id);
  if (!waiting) return;
  pending.delete(message.id);
  if (message.ok) waiting.resolve(message.value);
  else waiting.reject(new Error(message.error));
});
