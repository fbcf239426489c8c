import { existsSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { declareSources } from '../build/index.js';
import { typeDocument } from '../emit/openapi-types.js';

// The worker runs only from the compiled package (npm run build): from source there is no .js entry.
const BUILT = path.resolve(import.meta.dirname, '..', '..', 'dist', 'generator', 'workers', 'index.js');

describe.skipIf(!existsSync(BUILT))('TsWorker (dist/)', () => {
  const load = async () => ((await import(pathToFileURL(BUILT).href)) as typeof import('./index.js')).TsWorker;
  const files: [string, string][] = [
    ['api.ts', 'export const a: number = 1 + 1;\n'],
    ['bin.ts', 'console.log(1);\n'],
  ];

  it('declares files and types a document as the main thread does', async () => {
    const worker = (await load()).start();
    try {
      expect(worker).toBeDefined();
      expect(await worker!.declare(files)).toEqual(declareSources(files));
      const document = { openapi: '3.1.0', info: { title: 't', version: '1' }, paths: { '/a': { get: { responses: {} } } } };
      expect(await worker!.types(document, '// header\n')).toBe(`// header\n${await typeDocument(document)}`);
    } finally {
      worker?.close();
    }
  });

  it('rejects a request it cannot send (a value structured clone cannot copy) and goes on serving', async () => {
    const worker = (await load()).start();
    try {
      await expect(worker!.types({ notData: () => 1 }, '')).rejects.toThrow(/could not be cloned/);
      expect(await worker!.declare(files)).toEqual(declareSources(files));
    } finally {
      worker?.close();
    }
  });

  it('rejects every request once closed', async () => {
    const worker = (await load()).start();
    worker!.close();
    await expect(worker!.declare(files)).rejects.toThrow('mcpgen worker closed');
  });
});
