/**
 * Worker thread entry: types the spec with openapi-typescript while the main thread builds the
 * model and renders the tools. It loads openapi-typescript (and with it the TypeScript compiler)
 * while the main thread loads the spec.
 */
import { parentPort } from 'node:worker_threads';
import { typeDocument } from '../emit/openapi-types.js';
import type { WorkerReply, WorkerRequest } from './index.js';

parentPort?.on('message', (request: WorkerRequest) => {
  void handle(request);
});

async function handle(request: WorkerRequest): Promise<void> {
  const reply = (message: WorkerReply) => parentPort?.postMessage(message);
  try {
    reply({ id: request.id, ok: true, value: `${request.header}${await typeDocument(request.document)}` });
  } catch (error) {
    reply({ id: request.id, ok: false, message: error instanceof Error ? error.message : String(error) });
  }
}
