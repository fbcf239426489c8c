import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';

type WorkerTask =
  | { readonly kind: 'types'; readonly document: Record<string, unknown>; readonly header: string }
  | { readonly kind: 'declare'; readonly files: readonly (readonly [string, string])[] };

export type WorkerRequest = WorkerTask & { readonly id: number };

export type WorkerReply =
  | { readonly id: number; readonly ok: true; readonly value: unknown }
  | { readonly id: number; readonly ok: false; readonly message: string };

const ENTRY = new URL('./ts-worker.js', import.meta.url);

let prestarted: TsWorker | undefined;

/**
 * A second thread for the TypeScript-heavy half of generation: openapi-typescript, then the
 * build's declaration files (the compiler is loaded there by then). Only from the compiled package (dist/): run from source (tests, tsx) there
 * is no .js entry, `start` returns undefined and callers do the same work in process. Callers
 * fall back to in-process work on any failure, so the worker never changes a result.
 * MCPGEN_WORKER=0 turns it off.
 */
export class TsWorker {
  /** A worker for one generation: the prestarted one if there is one, else a new one. */
  static start(): TsWorker | undefined {
    const worker = prestarted ?? TsWorker.create();
    prestarted = undefined;
    return worker;
  }

  /** Starts a worker now, for the next `start()` to take: the CLI does this before loading the rest of mcpgen. */
  static prestart(): void {
    prestarted ??= TsWorker.create();
  }

  /** Stops a prestarted worker nobody took (`generate --help`): a worker still starting up holds the process open. */
  static discardPrestarted(): void {
    prestarted?.close();
    prestarted = undefined;
  }

  private static create(): TsWorker | undefined {
    if (process.env.MCPGEN_WORKER === '0') return undefined;
    if (ENTRY.protocol !== 'file:' || !existsSync(fileURLToPath(ENTRY))) return undefined;
    try {
      return new TsWorker(new Worker(ENTRY));
    } catch {
      return undefined;
    }
  }

  private failure: Error | undefined;
  private nextId = 1;
  private readonly waiting = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();

  private constructor(private readonly worker: Worker) {
    // Idle, it must not keep the process alive (a spec that fails to load never asks it anything).
    worker.unref();
    worker.on('message', (reply: WorkerReply) => {
      const waiter = this.waiting.get(reply.id);
      if (!waiter) return;
      this.waiting.delete(reply.id);
      if (this.waiting.size === 0) worker.unref();
      if (reply.ok) waiter.resolve(reply.value);
      else waiter.reject(new Error(reply.message));
    });
    worker.on('error', (error) => this.fail(error));
    worker.on('exit', (code) => this.fail(new Error(`mcpgen worker exited with code ${code}`)));
  }

  /** src/types.ts: header + openapi-typescript's output. */
  types(document: Record<string, unknown>, header: string): Promise<string> {
    return this.request({ kind: 'types', document, header }) as Promise<string>;
  }

  /** The build's declaration files of `files` (relative to src/, with their text): declareSources. */
  declare(files: readonly (readonly [string, string])[]): Promise<[string, string][]> {
    return this.request({ kind: 'declare', files }) as Promise<[string, string][]>;
  }

  close(): void {
    this.failure ??= new Error('mcpgen worker closed');
    void this.worker.terminate();
  }

  private request(task: WorkerTask): Promise<unknown> {
    if (this.failure) return Promise.reject(this.failure);
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      // throws (rejecting the promise, nothing yet waiting) on a value structured clone cannot copy;
      // the reply comes in a later message event, so waiting for it from here on is in time
      this.worker.postMessage({ ...task, id });
      this.waiting.set(id, { resolve, reject });
      this.worker.ref();
    });
  }

  private fail(error: Error): void {
    this.failure ??= error;
    for (const waiter of this.waiting.values()) waiter.reject(error);
    this.waiting.clear();
  }
}
