import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { generate } from '../index.js';
import { buildPackage, readSources } from './index.js';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const TMP = path.join(ROOT, 'test', '.tmp');

/**
 * dist/bin.js and its chunks: it imports only Node's modules, packages and the bundle's chunks (the
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
  for (const from of [...imports, ...dynamic]) expect(from, from).toMatch(/^(node:|\.\/chunks\/|@modelcontextprotocol\/|ajv|ioredis)/);
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
  // bin.js and the few chunks it shares with the library and the sandbox, not a module per source file
  expect(staticGraph.size).toBeLessThan(10);
  const packageJson = JSON.parse(readFileSync(path.join(out, 'package.json'), 'utf8')) as { name: string; version: string };
  const run = (...args: string[]) =>
    execFileSync(process.execPath, [bin, ...args], { encoding: 'utf8', env: { PATH: process.env.PATH ?? '' } });
  expect(run('--version')).toBe(`${packageJson.name} ${packageJson.version}\n`);
  expect(run('--list-tools').trim().split('\n').length).toBeGreaterThan(3);
}

describe('generate builds dist/ by transpiling src/ (esbuild), with the compiler’s declarations and the bin bundled', () => {
  mkdirSync(TMP, { recursive: true });
  const work = mkdtempSync(path.join(TMP, 'build-test-'));
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it.each(['test/fixtures/specs/valid/snapshot-api.yaml', 'specs/cloudron.yaml'])(
    '%s: the bin and the library bundled, with the same values as src/, and declarations for what dist/index.d.ts reaches',
    async (spec) => {
      const out = path.join(work, path.basename(spec, '.yaml'));
      await generate(spec, { root: ROOT, outDir: out });
      const sources = readSources(out);
      expect(sources.length).toBeGreaterThan(40);
      for (const [relative] of sources) {
        const declared = relative !== 'bin.ts' && !/^tools\/[^/]+\//.test(relative);
        expect(existsSync(path.join(out, 'dist', relative.replace(/\.ts$/, '.d.ts'))), relative).toBe(declared);
      }
      expect(existsSync(path.join(out, 'dist', 'runtime', 'sandbox-worker.js'))).toBe(true);
      expectBundledBin(out);

      // what the library exports of the tools and the API definition, from dist/ and from src/
      const library = (await import(pathToFileURL(path.join(out, 'dist', 'index.js')).href)) as Record<string, unknown>;
      for (const [name, file] of [
        ['tools', 'tools/index'],
        ['api', 'api'],
      ] as const) {
        const fromSource = (await import(pathToFileURL(path.join(out, 'src', `${file}.ts`)).href)) as Record<string, unknown>;
        expect(library[name], file).toEqual(fromSource[name]);
      }
      const operations = (await import(pathToFileURL(path.join(out, 'src', 'operations.ts')).href)) as Record<string, unknown>;
      expect({ ...(library.operations as object) }).toEqual({ ...operations });
    },
  );

  it('MCPGEN_BUNDLE=0: every module transpiled on its own, the same values', async () => {
    const out = path.join(work, 'modules');
    process.env.MCPGEN_BUNDLE = '0';
    try {
      await generate('test/fixtures/specs/valid/snapshot-api.yaml', { root: ROOT, outDir: out });
    } finally {
      delete process.env.MCPGEN_BUNDLE;
    }
    for (const [relative] of readSources(out))
      expect(existsSync(path.join(out, 'dist', relative.replace(/\.ts$/, '.js'))), relative).toBe(true);
    expect(existsSync(path.join(out, 'dist', 'chunks'))).toBe(false);
    const fromDist = (await import(pathToFileURL(path.join(out, 'dist', 'tools', 'index.js')).href)) as Record<string, unknown>;
    const fromSource = (await import(pathToFileURL(path.join(out, 'src', 'tools', 'index.ts')).href)) as Record<string, unknown>;
    expect(fromDist.tools).toEqual(fromSource.tools);
  });

  it('names the file and line of a source that does not build, and of an export without a stated type', () => {
    const out = path.join(work, 'broken');
    mkdirSync(path.join(out, 'src'), { recursive: true });
    writeFileSync(path.join(out, 'src', 'bin.ts'), "import { a } from './api.js';\nconsole.log(a);\n");
    writeFileSync(path.join(out, 'src', 'api.ts'), 'export const a: number = 1;\nexport const b = ;\n');
    expect(() => buildPackage(out)).toThrow(`build of ${path.join(out, 'src', 'api.ts')} failed: line 2: `);
    writeFileSync(path.join(out, 'src', 'api.ts'), 'export const a: number = 1;\nexport const api = { a: 1 + 1 };\n');
    expect(() => buildPackage(out)).toThrow(/^declaration file of src\/api\.ts failed: line 2: .*isolatedDeclarations/);
  });
});
