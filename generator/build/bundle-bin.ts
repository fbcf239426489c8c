import { chmodSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { EmitError } from '../errors.js';

/** Where the modules the bundled bin loads later (the SDK server, HTTP mode) go, under dist/. */
export const BIN_CHUNKS = 'bin-chunks';

/**
 * Replaces dist/bin.js with one module holding everything a server needs to answer the
 * handshake and tools/list, plus chunks (dist/bin-chunks/) for the modules it imports
 * dynamically, which load when first needed. Packages (the MCP SDK, Ajv, ioredis) stay imports.
 *
 * Node resolves, reads and links each ES module on its own: for the thirty-odd modules of the
 * runtime and the package that was most of a stdio server's start-up after Node's own (a 240-tool server,
 * measured here: 385 ms → 218 ms to the tools/list answer, bare Node 160 ms). The rest of dist/
 * stays module by module: dist/index.js, the library, imports those.
 *
 * MCPGEN_BUNDLE=0 leaves dist/bin.js as transpiled.
 */
export function bundleBin(dir: string, esbuild: typeof import('esbuild')): void {
  if (process.env.MCPGEN_BUNDLE === '0') return;
  const dist = path.join(dir, 'dist');
  let outputs: { path: string; contents: Uint8Array }[];
  try {
    outputs = esbuild.buildSync({
      absWorkingDir: dir,
      entryPoints: [path.join(dist, 'bin.js')],
      outdir: dist,
      allowOverwrite: true,
      write: false,
      bundle: true,
      splitting: true,
      format: 'esm',
      platform: 'node',
      target: 'node20',
      packages: 'external',
      chunkNames: `${BIN_CHUNKS}/[name]-[hash]`,
      charset: 'utf8',
      logLevel: 'silent',
    }).outputFiles;
  } catch (error) {
    throw new EmitError(`bundling ${path.join(dist, 'bin.js')} failed: ${error instanceof Error ? error.message : String(error)}`, {
      cause: error,
    });
  }
  rmSync(path.join(dist, BIN_CHUNKS), { recursive: true, force: true });
  for (const output of outputs) {
    mkdirSync(path.dirname(output.path), { recursive: true });
    writeFileSync(output.path, output.contents);
  }
  chmodSync(path.join(dist, 'bin.js'), 0o755);
}
