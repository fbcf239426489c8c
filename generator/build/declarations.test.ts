import { existsSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { emitPackage, printedDeclarations } from '../emit/index.js';
import { typeDocument } from '../emit/openapi-types.js';
import { runtimeTemplates } from '../emit/runtime-files.js';
import { loadSpec } from '../load/index.js';
import { buildModel } from '../model/index.js';
import { declareFile, transpileDeclaration } from './index.js';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const VERSIONS = { dependencies: {}, typescript: '*', typesNode: '*' };

/** A declaration file as the compiler prints it without comments: the same text exactly when the same declarations. */
function declarationsOf(text: string): string {
  const file = ts.createSourceFile('module.d.ts', text, ts.ScriptTarget.ES2022, false, ts.ScriptKind.TS);
  return ts.createPrinter({ removeComments: true }).printFile(file);
}

describe('declaration files', () => {
  it('every runtime template has isolated declarations (each export states its type), so a package can ship .d.ts', () => {
    const problems = runtimeTemplates().flatMap(({ name, text }) => {
      try {
        return declareFile(text, `runtime/${name}`) === undefined ? [`${name}: none`] : [];
      } catch (error) {
        return [`${name}: ${error instanceof Error ? error.message : String(error)}`];
      }
    });
    expect(problems).toEqual([]);
  });

  // The precompiled declarations exist only in dist/ (npm run build); run from source there are none.
  const dist = path.join(ROOT, 'dist', 'generator', 'build');
  it.skipIf(!existsSync(path.join(dist, 'runtime-declarations.json')))(
    'the runtime’s declarations made by npm run build are the compiler’s, for the templates they were made from, under the file’s header',
    async () => {
      const built = (await import(pathToFileURL(path.join(dist, 'index.js')).href)) as typeof import('./index.js');
      const header = '// Part of the runtime (spec: specs/example.yaml).\n// Do not edit.\n';
      for (const { name, text } of runtimeTemplates()) {
        expect(built.declareFile(header + text, `runtime/${name}`), name).toBe(header + transpileDeclaration(text, `runtime/${name}`));
      }
      // an edited template, or code before it, is declared by the compiler
      const [first] = runtimeTemplates();
      const edited = `export const extra: number = 1;\n${first!.text}`;
      expect(built.declareFile(edited, `runtime/${first!.name}`)).toBe(transpileDeclaration(edited, `runtime/${first!.name}`));
    },
  );

  it('declares what a module exports, without its code', () => {
    const declared = declareFile("import type { A } from './types.js';\nexport const a: A = { b: 1 + 1 };\n", 'api.ts');
    expect(declared).toBe("import type { A } from './types.js';\nexport declare const a: A;\n");
  });

  it('ships none for the bin and for single tools (typed through tools/index.ts)', () => {
    expect(declareFile('export const a: number = 1;\n', 'bin.ts')).toBeUndefined();
    expect(declareFile('export const a: number = 1;\n', 'tools/apps/list-apps.ts')).toBeUndefined();
  });

  it.each(['test/fixtures/specs/valid/snapshot-api.yaml', 'specs/cloudron.yaml', 'test/fixtures/corpus/docker-engine.yaml'])(
    '%s: types.ts is its own declaration file, the same declarations as the compiler’s',
    async (spec) => {
      const types = await typeDocument((await loadSpec(spec, { root: ROOT })).document);
      expect(types).toMatch(/^export interface paths \{/m);
      expect(declareFile(types, 'types.ts')).toBe(types);
      expect(declarationsOf(types)).toBe(declarationsOf(transpileDeclaration(types, 'types.ts')));
    },
  );

  it('reports an export without a stated type, naming the file, line and problem', () => {
    expect(() => declareFile('export const a: number = 1;\nexport const api = { a: 1 + 1 };\n', 'api.ts')).toThrow(
      /^declaration file of src\/api\.ts failed: line 2: .*isolatedDeclarations/,
    );
  });

  it.each(['test/fixtures/specs/valid/snapshot-api.yaml', 'specs/cloudways.yaml'])(
    '%s: the declarations printed from the model are the compiler’s',
    async (spec) => {
      const loaded = await loadSpec(spec, { root: ROOT });
      const model = buildModel(loaded).model;
      const files = await emitPackage({ model, document: loaded.document, versions: VERSIONS, types: Promise.resolve('') });
      const printed = printedDeclarations(model);
      expect([...printed.keys()].sort()).toEqual(['src/api.ts', 'src/client.ts', 'src/operations.ts', 'src/tools/index.ts']);
      for (const [file, text] of printed) {
        expect(declarationsOf(text), file).toBe(declarationsOf(transpileDeclaration(files.get(file)!, file.slice('src/'.length))));
      }
    },
  );
});
