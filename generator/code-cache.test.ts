import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { requireWithCodeCache, saveCodeCaches } from './code-cache.js';

let root: string;
let from: string;
let moduleFile: string;
const cacheDir = () => path.join(root, 'node_modules', '.cache', 'mcpgen');

beforeEach(() => {
  root = mkdtempSync(path.join(os.tmpdir(), 'mcpgen-code-cache-'));
  const folder = path.join(root, 'node_modules', 'fixture-module');
  mkdirSync(folder, { recursive: true });
  moduleFile = path.join(folder, 'index.js');
  writeFileSync(
    moduleFile,
    "const path = require('node:path');\nexports.answer = 42;\nexports.base = (file) => path.basename(file);\nexports.self = __filename;\n",
  );
  from = pathToFileURL(path.join(root, 'entry.js')).href;
});

afterEach(() => {
  delete createRequire(from).cache[moduleFile];
  delete process.env.MCPGEN_CODE_CACHE;
  rmSync(root, { recursive: true, force: true });
});

/** Loads the fixture in a child process: its exports, and whether a cache was there and usable. */
function loadInChild(): { answer: number; usedCache: boolean } {
  const script = path.join(root, 'load.mts');
  writeFileSync(
    script,
    `import { requireWithCodeCache, saveCodeCaches } from ${JSON.stringify(pathToFileURL(path.resolve('generator/code-cache.ts')).href)};
const loaded = requireWithCodeCache('fixture-module', ${JSON.stringify(from)});
const usedCache = saveCodeCaches() === 0;
process.stdout.write(JSON.stringify({ answer: loaded.answer, usedCache }));`,
  );
  return JSON.parse(execFileSync(process.execPath, ['--import', 'tsx', script], { encoding: 'utf8' })) as {
    answer: number;
    usedCache: boolean;
  };
}

describe('requireWithCodeCache', () => {
  it('loads the module as require would, registers it, and writes a cache once it has run', () => {
    const loaded = requireWithCodeCache('fixture-module', from) as { answer: number; base(file: string): string; self: string };
    expect(loaded.answer).toBe(42);
    expect(loaded.base('/a/b.txt')).toBe('b.txt');
    expect(loaded.self).toBe(moduleFile);
    expect(createRequire(from)('fixture-module')).toBe(loaded);
    saveCodeCaches();
    const written = readdirSync(cacheDir());
    expect(written).toHaveLength(1);
    expect(written[0]).toMatch(/^index-[0-9a-f]{16}\.v8$/);
  });

  // V8 reuses a script compiled earlier in the same process whatever cache it is given, so
  // each load that must read the cache runs in a process of its own.
  it('loads from a cache in a new process, and replaces one V8 rejects', () => {
    expect(loadInChild()).toEqual({ answer: 42, usedCache: false });
    const [name] = readdirSync(cacheDir());
    const cacheFile = path.join(cacheDir(), name!);
    const good = readFileSync(cacheFile);
    expect(loadInChild()).toEqual({ answer: 42, usedCache: true });
    expect(readFileSync(cacheFile).equals(good)).toBe(true); // a usable cache is left as it is

    writeFileSync(cacheFile, 'not a code cache');
    expect(loadInChild()).toEqual({ answer: 42, usedCache: false });
    expect(loadInChild()).toEqual({ answer: 42, usedCache: true }); // rewritten, and usable
  });

  it('MCPGEN_CODE_CACHE=0 is a plain require that writes nothing', () => {
    process.env.MCPGEN_CODE_CACHE = '0';
    expect((requireWithCodeCache('fixture-module', from) as { answer: number }).answer).toBe(42);
    saveCodeCaches();
    expect(() => readdirSync(cacheDir())).toThrow();
  });
});
