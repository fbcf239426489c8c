/**
 * Loads a large CommonJS module (the TypeScript compiler) with a V8 code cache kept in
 * node_modules/.cache/mcpgen/, so that generations after the first skip most of its
 * compilation: 0.3 s → 0.1 s for typescript.js here. Node 22 has module.enableCompileCache;
 * Node 20, which we support, does not.
 *
 * The module ends up in require.cache under its own file name, so every later
 * `require('typescript')` (openapi-typescript's included) gets this instance. V8 checks the
 * cache against the source and its own flags and rejects a stale one; it is then rewritten.
 * Nothing here can fail a generation: any problem means a plain require.
 * MCPGEN_CODE_CACHE=0 turns it off.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { createRequire, Module } from 'node:module';
import path from 'node:path';
import { Script } from 'node:vm';
import type TypeScript from 'typescript';

interface CachedModule {
  readonly script: Script;
  readonly cacheFile: string;
  readonly hadUsableCache: boolean;
}

const loaded = new Map<string, CachedModule>();
let compiler: typeof TypeScript | undefined;

type ModuleInternals = Module & { filename: string; paths: string[]; loaded: boolean };
type ModuleStatics = typeof Module & {
  _cache: Record<string, Module>;
  _nodeModulePaths(directory: string): string[];
  wrap(source: string): string;
};

/** The TypeScript compiler, loaded on first use (`generate --no-build`, `check` and `list` need it only to type the spec). */
export function typescript(): typeof TypeScript {
  compiler ??= requireWithCodeCache('typescript') as typeof TypeScript;
  return compiler;
}

/** `require(specifier)` (resolved from `from`, default here), through the code cache where possible. */
export function requireWithCodeCache(specifier: string, from: string = import.meta.url): unknown {
  const require = createRequire(from);
  const file = require.resolve(specifier);
  const statics = Module as ModuleStatics;
  if (process.env.MCPGEN_CODE_CACHE === '0' || statics._cache[file]) return require(specifier);
  try {
    return loadWithCache(file, statics);
  } catch {
    delete statics._cache[file];
    return require(specifier);
  }
}

function loadWithCache(file: string, statics: ModuleStatics): unknown {
  const source = readFileSync(file, 'utf8');
  const cacheFile = cachePath(file);
  const cachedData = readOptional(cacheFile);
  const script = new Script(statics.wrap(source), { filename: file, ...(cachedData ? { cachedData } : {}) });
  const module = new Module(file) as ModuleInternals;
  module.filename = file;
  module.paths = statics._nodeModulePaths(path.dirname(file));
  statics._cache[file] = module;
  const wrapper = script.runInThisContext() as (...args: unknown[]) => void;
  wrapper.call(module.exports, module.exports, createRequire(file), module, file, path.dirname(file));
  module.loaded = true;
  loaded.set(file, { script, cacheFile, hadUsableCache: cachedData !== undefined && !script.cachedDataRejected });
  return module.exports;
}

/**
 * Writes the caches that were missing or stale, and says how many. Called once the module has done its work, so
 * the cache also holds the functions compiled lazily along the way (the ones a generation uses).
 */
export function saveCodeCaches(): number {
  let written = 0;
  for (const { script, cacheFile, hadUsableCache } of loaded.values()) {
    if (hadUsableCache) continue;
    try {
      mkdirSync(path.dirname(cacheFile), { recursive: true });
      // written aside and renamed: a concurrent generation never reads half a cache
      const partial = `${cacheFile}.${process.pid}.tmp`;
      writeFileSync(partial, script.createCachedData());
      renameSync(partial, cacheFile);
      written += 1;
    } catch {
      // a read-only install just goes without
    }
  }
  loaded.clear();
  return written;
}

/** node_modules/.cache/mcpgen/<module>-<key>.v8: the key changes with the file, Node and the CPU architecture. */
function cachePath(file: string): string {
  const stat = statSync(file);
  const key = createHash('sha256')
    .update([file, stat.size, stat.mtimeMs, process.version, process.arch].join('\0'))
    .digest('hex')
    .slice(0, 16);
  const marker = `${path.sep}node_modules${path.sep}`;
  const at = file.lastIndexOf(marker);
  const base = at >= 0 ? file.slice(0, at + marker.length - 1) : path.dirname(file);
  return path.join(base, '.cache', 'mcpgen', `${path.basename(file, '.js')}-${key}.v8`);
}

function readOptional(file: string): Buffer | undefined {
  try {
    return readFileSync(file);
  } catch {
    return undefined;
  }
}
