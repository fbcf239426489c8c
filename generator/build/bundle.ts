import { existsSync } from 'node:fs';
import path from 'node:path';
import type { BuildOptions } from 'esbuild';

/**
 * The entries of dist/: the bin, the library (dist/index.js) and the code mode's sandbox, which a
 * Worker starts from a file of its own (templates/runtime/sandbox-host.ts looks for it in dist/runtime/).
 */
const ENTRIES = ['bin.ts', 'index.ts', 'runtime/sandbox-worker.ts'];

/**
 * The entries bundled in one esbuild run, each module parsed once (spec → runnable −9% and −12%
 * on the benched specs against a run per bundle), sharing chunks in dist/chunks/; what loads only when
 * first needed (the SDK server, HTTP mode) is imported dynamically. Packages (the MCP SDK, Ajv,
 * ioredis) stay imports. Node resolves, reads and links each ES module on its own: for the runtime's
 * modules and one per tool that is most of a stdio server's start-up (ARCHITECTURE.md, bundled bin:
 * −31 to −61%); the bin's handful of chunks cost nothing measurable. MCPGEN_BUNDLE=0 transpiles
 * every module on its own instead.
 */
export function bundleOptions(dir: string): BuildOptions {
  const src = path.join(dir, 'src');
  return {
    entryPoints: ENTRIES.map((entry) => path.join(src, entry)).filter((entry) => existsSync(entry)),
    outbase: src,
    outdir: path.join(dir, 'dist'),
    bundle: true,
    splitting: true,
    packages: 'external',
    chunkNames: 'chunks/[name]-[hash]',
  };
}
