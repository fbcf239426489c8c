import { existsSync } from 'node:fs';
import path from 'node:path';
import type { BuildOptions } from 'esbuild';

/**
 * The bundles of dist/, each with a folder for the chunks of what its entries share or import
 * dynamically (the SDK server, HTTP mode), which load when first needed:
 * - the bin, and the code mode's sandbox, which a Worker starts from a file of its own
 *   (templates/runtime/sandbox-host.ts looks for it in dist/runtime/);
 * - the library, dist/index.js, apart: sharing chunks with it would split what the bin loads first.
 */
const BUNDLES = [
  { entries: ['bin.ts', 'runtime/sandbox-worker.ts'], chunks: 'bin-chunks' },
  { entries: ['index.ts'], chunks: 'chunks' },
] as const;

/**
 * dist/bin.js and dist/index.js as one module each, holding everything a server needs to answer
 * the handshake and tools/list. Packages (the MCP SDK, Ajv, ioredis) stay imports.
 * Node resolves, reads and links each ES module on its own: for the runtime's modules and one per
 * tool that is most of a stdio server's start-up (ARCHITECTURE.md, bundled bin: −31 to −61%).
 * MCPGEN_BUNDLE=0 transpiles every module on its own instead.
 */
export function bundleOptions(dir: string): BuildOptions[] {
  const src = path.join(dir, 'src');
  return BUNDLES.map(({ entries, chunks }): BuildOptions & { entryPoints: string[] } => ({
    entryPoints: entries.map((entry) => path.join(src, entry)).filter((entry) => existsSync(entry)),
    outbase: src,
    outdir: path.join(dir, 'dist'),
    bundle: true,
    splitting: true,
    packages: 'external',
    chunkNames: `${chunks}/[name]-[hash]`,
  })).filter((options) => options.entryPoints.length > 0);
}
