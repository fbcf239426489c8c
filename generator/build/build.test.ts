import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { programOf } from '../../test/support/javascript.js';
import { runtimeHeader } from '../emit/header.js';
import { runtimeTemplates } from '../emit/runtime-files.js';
import { generate } from '../index.js';
import { buildFile, buildWithoutCompiler, readSources, transpileFile } from './index.js';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const TMP = path.join(ROOT, 'test', '.tmp');
const HEADER = runtimeHeader({ file: 'specs/example.yaml', hash: '0'.repeat(64) });

function js(result: ReturnType<typeof transpileFile>): string {
  if ('error' in result) throw new Error(result.error);
  return result.js;
}

describe('buildFile', () => {
  it('builds a runtime file as its header + the JavaScript of the template, the same program as transpiling it whole', () => {
    for (const { name, text } of runtimeTemplates()) {
      const built = js(buildFile(HEADER + text, `runtime/${name}`));
      expect(built.startsWith(HEADER), name).toBe(true);
      expect(built.slice(HEADER.length), name).toBe(js(transpileFile(text, `runtime/${name}`)));
      expect(programOf(built), name).toBe(programOf(js(transpileFile(HEADER + text, `runtime/${name}`))));
    }
  });

  it('transpiles a runtime file without the runtime header, or with an edited one, whole', () => {
    const text = "import type { A } from './types.js';\nexport const a: number = 1;\n";
    expect(buildFile(text, 'runtime/a.ts')).toEqual(transpileFile(text, 'runtime/a.ts'));
    const edited = HEADER.replace('// it is', 'it is');
    expect(buildFile(edited + text, 'runtime/a.ts')).toEqual(transpileFile(edited + text, 'runtime/a.ts'));
    expect(buildWithoutCompiler(edited + text, 'runtime/a.ts')).toBeUndefined();
  });

  it('reports a syntax error in a runtime file', () => {
    expect(buildFile(`${HEADER}export const = 1;\n`, 'runtime/a.ts')).toEqual({ error: expect.any(String) });
  });

  it('builds types.ts without the compiler only when it declares types only', () => {
    expect(buildWithoutCompiler('export interface paths {}\n', 'types.ts')).toEqual({ js: 'export {};\n' });
    expect(buildWithoutCompiler('export interface paths {}\nexport const a = 1;\n', 'types.ts')).toBeUndefined();
    expect(js(buildFile('export interface paths {}\nexport const a = 1;\n', 'types.ts'))).toBe('export const a = 1;\n');
    // other files are not checked: they are transpiled
    expect(buildWithoutCompiler('export interface paths {}\n', 'other.ts')).toBeUndefined();
  });

  // The precompiled runtime exists only in dist/ (npm run build); run from source there is none.
  const dist = path.join(ROOT, 'dist', 'generator', 'build');
  it.skipIf(!existsSync(path.join(dist, 'runtime-scripts.json')))(
    'uses the runtime precompiled by npm run build, for the templates it was made from, with the same result',
    async () => {
      const built = (await import(pathToFileURL(path.join(dist, 'index.js')).href)) as typeof import('./index.js');
      const precompiled = (await import(
        pathToFileURL(path.join(dist, 'runtime-scripts.js')).href
      )) as typeof import('./runtime-scripts.js');
      let used = 0;
      for (const { name, text } of runtimeTemplates()) {
        const script = precompiled.precompiledScript(text);
        // a template edited since the last build has none, and is transpiled
        if (script !== undefined) used += 1;
        expect(built.buildFile(HEADER + text, `runtime/${name}`), name).toEqual(buildFile(HEADER + text, `runtime/${name}`));
      }
      expect(used).toBeGreaterThan(0);
      expect(precompiled.precompiledScript('export const a = 1;\n')).toBeUndefined();
    },
  );
});

/**
 * dist/bin.js is one module: it imports only Node's modules, packages and its own chunks (the
 * modules it loads later stay out of it until then), and it runs: --version, and --list-tools,
 * which builds the whole tool runtime.
 */
function expectBundledBin(out: string): void {
  const bin = path.join(out, 'dist', 'bin.js');
  expect(statSync(bin).mode & 0o111).not.toBe(0);
  const text = readFileSync(bin, 'utf8');
  expect(text.startsWith('#!/usr/bin/env node\n')).toBe(true);
  const imports = [...text.matchAll(/^\s*(?:import|} from|export \* from)[^'"]*['"]([^'"]+)['"]/gm)].map(([, from]) => from!);
  const dynamic = [...text.matchAll(/\bimport\(\s*['"]([^'"]+)['"]\s*\)/g)].map(([, from]) => from!);
  expect(dynamic.length).toBeGreaterThan(0); // the SDK server, HTTP mode
  for (const from of [...imports, ...dynamic]) expect(from, from).toMatch(/^(node:|\.\/bin-chunks\/|@modelcontextprotocol\/|ajv|ioredis)/);
  // what loads before the first call: bin.js and the chunks it imports statically, none of the SDK, the search library nor the sandbox
  const staticGraph = new Set<string>();
  const pending = [bin];
  while (pending.length > 0) {
    const file = pending.pop()!;
    if (staticGraph.has(file)) continue;
    staticGraph.add(file);
    for (const [, from] of readFileSync(file, 'utf8').matchAll(/^\s*(?:import|} from|export \* from)[^'"]*['"]([^'"]+)['"]/gm)) {
      expect(from, `${path.basename(file)} imports ${from}`).not.toMatch(
        /^(@modelcontextprotocol|ajv|ioredis|minisearch|stemmer|quickjs-emscripten-core|@jitl|esbuild)/,
      );
      if (from!.startsWith('.')) pending.push(path.resolve(path.dirname(file), from!));
    }
  }
  expect(staticGraph.size).toBeLessThan(6);
  const packageJson = JSON.parse(readFileSync(path.join(out, 'package.json'), 'utf8')) as { name: string; version: string };
  const run = (...args: string[]) =>
    execFileSync(process.execPath, [bin, ...args], { encoding: 'utf8', env: { PATH: process.env.PATH ?? '' } });
  expect(run('--version')).toBe(`${packageJson.name} ${packageJson.version}\n`);
  expect(run('--list-tools').trim().split('\n').length).toBeGreaterThan(3);
}

describe('generate builds dist/ from the JavaScript it prints, the precompiled runtime and types.ts without the compiler', () => {
  mkdirSync(TMP, { recursive: true });
  const work = mkdtempSync(path.join(TMP, 'build-test-'));
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it.each(['test/fixtures/specs/valid/snapshot-api.yaml', 'specs/cloudron.yaml'])(
    '%s: the same programs as transpiling src/',
    async (spec) => {
      const out = path.join(work, path.basename(spec, '.yaml'));
      await generate(spec, { root: ROOT, outDir: out });
      const sources = readSources(out);
      expect(sources.length).toBeGreaterThan(40);
      for (const [relative, text] of sources) {
        const target = path.join(out, 'dist', relative.replace(/\.ts$/, '.js'));
        // each tool's definition is in tools/index.js, whose values are compared below
        if (/^tools\/[^/]+\/[^/]+\.ts$/.test(relative)) {
          expect(existsSync(target), relative).toBe(false);
          continue;
        }
        // bin.js is the bundle, checked below
        if (relative === 'tools/index.ts' || relative === 'bin.ts') continue;
        expect(programOf(readFileSync(target, 'utf8')), relative).toBe(programOf(js(transpileFile(text, relative))));
      }
      expectBundledBin(out);

      // and what the tools and the API definition evaluate to, from dist/ and from src/
      for (const file of ['tools/index', 'api', 'operations']) {
        const fromDist = (await import(pathToFileURL(path.join(out, 'dist', `${file}.js`)).href)) as Record<string, unknown>;
        const fromSource = (await import(pathToFileURL(path.join(out, 'src', `${file}.ts`)).href)) as Record<string, unknown>;
        expect(Object.keys(fromDist).length, file).toBeGreaterThan(0);
        expect({ ...fromDist }, file).toEqual({ ...fromSource });
      }
    },
  );
});
