/**
 * Worker thread entry: types the spec with openapi-typescript while the main thread builds the
 * model and renders the tools, then declares the package's files while the main thread writes
 * them and esbuild transpiles them. It loads openapi-typescript (and with it the TypeScript
 * compiler) while the main thread loads the spec.
 */
import { parentPort } from 'node:worker_threads';
import { declareSources } from '../build/index.js';
import { typeDocument } from '../emit/openapi-types.js';
import type { WorkerReply, WorkerRequest } from './index.js';

parentPort?.on('message', (request: WorkerRequest) => {
  void handle(request);
});

async function handle(request: WorkerRequest): Promise<void> {
  const reply = (message: WorkerReply) => parentPort?.postMessage(message);
  try {
    const value = request.kind === 'types' ? `${request.header}${await typeDocument(request.document)}` : declareSources(request.files);
    reply({ id: request.id, ok: true, value });
  } catch (error) {
    reply({ id: request.id, ok: false, message: error instanceof Error ? error.message : String(error) });
  }
}
