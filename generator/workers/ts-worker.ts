/**
 * Worker thread entry: types the spec with openapi-typescript while the main thread builds the
 * model and renders the tools, then builds what the main thread has no JavaScript for. It loads
 * openapi-typescript (and with it the TypeScript compiler) while the main thread loads the spec.
 */
import { parentPort } from 'node:worker_threads';
import { buildFile, declareFiles, type Transpiled } from '../build/index.js';
import { loadPrecompiledScripts } from '../build/runtime-scripts.js';
import { typeDocument } from '../emit/openapi-types.js';
import type { WorkerReply, WorkerRequest } from './index.js';

/** src/types.ts built ahead of the build request, while the main thread writes files. */
let typesAhead: { readonly text: string; readonly result: Transpiled } | undefined;

parentPort?.on('message', (request: WorkerRequest) => {
  void handle(request);
});

async function handle(request: WorkerRequest): Promise<void> {
  const reply = (message: WorkerReply) => parentPort?.postMessage(message);
  try {
    if (request.kind === 'types') {
      const text = `${request.header}${await typeDocument(request.document)}`;
      reply({ id: request.id, ok: true, value: text });
      if (request.transpile) {
        typesAhead = { text, result: buildFile(text, 'types.ts') };
        loadPrecompiledScripts(); // for the runtime files, next
      }
      return;
    }
    if (request.kind === 'declare') {
      reply({ id: request.id, ok: true, value: declareFiles(request.files) });
      return;
    }
    const outputs: [string, Transpiled][] = [];
    for (const [relative, text] of request.files) {
      const result = relative === 'types.ts' && typesAhead?.text === text ? typesAhead.result : buildFile(text, relative);
      outputs.push([relative, result]);
      if ('error' in result) break;
    }
    reply({ id: request.id, ok: true, value: outputs });
  } catch (error) {
    reply({ id: request.id, ok: false, message: error instanceof Error ? error.message : String(error) });
  }
}
