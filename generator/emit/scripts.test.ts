import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createApi, createParam, createTool } from '../../test/fixtures/model-factories.js';
import { programOf } from '../../test/support/javascript.js';
import { transpileFile } from '../build/index.js';
import { loadSpec } from '../load/index.js';
import { buildModel } from '../model/index.js';
import type { ApiModel } from '../model/types.js';
import { emitPackageWithScripts } from './index.js';
import { typesHeader } from './render-types.js';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const VERSIONS = { dependencies: {}, typescript: '*', typesNode: '*' };

/** What the build made of a TypeScript file before it was printed as JavaScript too. */
function transpiled(text: string, file: string): string {
  const result = transpileFile(text, file.slice('src/'.length));
  if ('error' in result) throw new Error(`${file}: ${result.error}`);
  return result.js;
}

/**
 * What dist/tools/index.js must be: each tool file of the index, transpiled, in the index's order,
 * less its import of operations and its `export`, then the transpiled index less its imports.
 */
function expectedToolBundle(files: ReadonlyMap<string, string>): string {
  const index = files.get('src/tools/index.ts')!;
  const definitions = [...index.matchAll(/^import \{ (\w+) \} from '\.\/(.+)\.js';$/gm)].map(([, identifier, file]) => {
    const source = `src/tools/${file}.ts`;
    const js = transpiled(files.get(source)!, source).replace(/^import \* as operations from '\.\.\/\.\.\/operations\.js';$/m, '');
    expect(js, source).toContain(`export const ${identifier} =`);
    return js.replace(`export const ${identifier} =`, `const ${identifier} =`);
  });
  const list = transpiled(index, 'src/tools/index.ts').replace(/^import .*$/gm, '');
  return [`import * as operations from '../operations.js';`, ...definitions, list].join('\n');
}

/** Every script against what transpiling its TypeScript makes (the tools: as one module). */
function expectSameProgramsAsTranspiled(files: ReadonlyMap<string, string>, scripts: ReadonlyMap<string, string | null>): void {
  for (const [file, js] of scripts) {
    if (js === null) {
      expect(file, 'only tool files are bundled into another script').toMatch(/^src\/tools\/[^/]+\/[^/]+\.ts$/);
      continue;
    }
    const expected = file === 'src/tools/index.ts' ? expectedToolBundle(files) : transpiled(files.get(file)!, file);
    expect(programOf(js), file).toBe(programOf(expected));
  }
}

async function emitted(model: ApiModel, document: Record<string, unknown> = {}) {
  return emitPackageWithScripts({
    model,
    document,
    versions: VERSIONS,
    types: Promise.resolve(`${typesHeader(model.source)}export type paths = {};\n`),
  });
}

async function fromSpec(spec: string) {
  const loaded = await loadSpec(spec, { root: ROOT });
  return emitted(buildModel(loaded).model, loaded.document);
}

describe('JavaScript printed directly (typed: false) is the transpiled TypeScript', () => {
  it.each(['test/fixtures/specs/valid/snapshot-api.yaml', 'specs/cloudron.yaml'])('%s', async (spec) => {
    const { files, scripts } = await fromSpec(spec);
    // every source file but types.ts and the runtime is printed by us, so has its JavaScript
    const printed = [...files.keys()].filter(
      (file) => /^src\/.*\.ts$/.test(file) && file !== 'src/types.ts' && !file.startsWith('src/runtime/'),
    );
    expect([...scripts.keys()].sort()).toEqual(printed.sort());
    expect(printed.length).toBeGreaterThan(8);
    expectSameProgramsAsTranspiled(files, scripts);
    for (const [file, js] of scripts) {
      if (js === null || file === 'src/tools/index.ts') continue;
      // the same layout and comments, less the types
      expect(js.split('\n').length, file).toBeLessThanOrEqual(files.get(file)!.split('\n').length);
      expect(js, file).not.toMatch(/import type|: (ToolDefinition|OperationDefinition|ApiDefinition|RegisterOptions|Server)\b/);
    }
    const tools = [...scripts].filter(([, js]) => js === null);
    expect(tools.length).toBeGreaterThan(1);
  });

  it('for the cases the fixture specs may not have: deprecated, optional and required requests', async () => {
    const api = createApi({
      tools: [
        createTool({ deprecated: true }),
        createTool({
          identifier: 'listWidgets',
          name: 'list_widgets',
          params: [createParam({ required: false, in: 'query', argument: ['q'] })],
        }),
      ],
    });
    // (no model has no tools: buildModel refuses such a spec)
    const { files, scripts } = await emitted(api);
    expectSameProgramsAsTranspiled(files, scripts);
  });

  it('compares programs, not text: layout and comments aside, any difference shows', () => {
    expect(programOf("export const a = {\n  b: 'x', // one\n};\n")).toBe(programOf('/** a */ export const a = { b: "x" }'));
    const different: [string, string][] = [
      ['export const a = { b: 1 };', 'export const a = { b: 2 };'],
      ['export const a = { b: 1 };', 'export const a = { c: 1 };'],
      ["export const a = 'x y';", "export const a = 'x  y';"],
      ['export const a = 1;', 'export let a = 1;'],
      ['export const a = [1, 2];', 'export const a = [2, 1];'],
      ["import { a } from './a.js';", "import { a, b } from './a.js';"],
      ["import { a } from './a.js';", "import * as a from './a.js';"],
      ['f(a ?? {}, b);', 'f(a || {}, b);'],
      ['class A extends B { m(a, b) { return this.c(a, b); } }', 'class A extends B { m(a, b) { return this.c(b, a); } }'],
    ];
    for (const [a, b] of different) expect(programOf(a), `${a} vs ${b}`).not.toBe(programOf(b));
    for (const typescript of [
      'export const a: number = 1;',
      "import type { A } from './a.js';",
      "import { type A } from './a.js';",
      'function f(a?) {}',
      'const a = b as C;',
      'f(a!);',
      'class A<T> {}',
    ])
      expect(() => programOf(typescript), typescript).toThrow(/not JavaScript/);
  });
});
