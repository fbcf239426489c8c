import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { runtimeHeader } from '../emit/header.js';
import { emitPackageWithScripts } from '../emit/index.js';
import { runtimeTemplates } from '../emit/runtime-files.js';
import { loadSpec } from '../load/index.js';
import { buildModel } from '../model/index.js';
import { declareFile, declareFiles, transpileDeclaration } from './index.js';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const VERSIONS = { dependencies: {}, typescript: '*', typesNode: '*' };
const HEADER = runtimeHeader({ file: 'specs/example.yaml', hash: '0'.repeat(64) });

/** A declaration file as the compiler prints it without comments: the same text exactly when the same declarations. */
function declarationsOf(text: string): string {
  const file = ts.createSourceFile('module.d.ts', text, ts.ScriptTarget.ES2022, false, ts.ScriptKind.TS);
  return ts.createPrinter({ removeComments: true }).printFile(file);
}

function dts(result: ReturnType<typeof transpileDeclaration> | undefined): string {
  if (result === undefined) throw new Error('no declaration file');
  if ('error' in result) throw new Error(result.error);
  return result.js;
}

describe('declaration files', () => {
  it('every runtime template has isolated declarations (each export states its type), so a package can ship .d.ts', () => {
    const problems = runtimeTemplates()
      .map(({ name, text }) => [name, transpileDeclaration(text, `runtime/${name}`)] as const)
      .filter(([, result]) => 'error' in result)
      .map(([name, result]) => `${name}: ${'error' in result ? result.error : ''}`);
    expect(problems).toEqual([]);
  });

  it('declares a runtime file as its header + the template’s declarations', () => {
    const [first] = runtimeTemplates();
    const declared = dts(declareFile(HEADER + first!.text, `runtime/${first!.name}`));
    expect(declared.startsWith(HEADER)).toBe(true);
    expect(declared.slice(HEADER.length)).toBe(dts(transpileDeclaration(first!.text, `runtime/${first!.name}`)));
  });

  it('ships none for the bin and for single tools (their code is in tools/index.js), and a type-only types.ts as itself', () => {
    expect(declareFile('export const a: number = 1;\n', 'bin.ts')).toBeUndefined();
    expect(declareFile('export const a: number = 1;\n', 'tools/apps/list-apps.ts')).toBeUndefined();
    const types = 'export interface paths {\n  "/a": { get: never };\n}\nexport type webhooks = Record<string, never>;\n';
    expect(declareFile(types, 'types.ts')).toEqual({ js: types });
  });

  it('reports an export without a stated type, naming the problem', () => {
    const [result] = declareFiles([['api.ts', 'export const a: number = 1;\nexport const api = { a: 1 + 1 };\n']]);
    expect(result?.[1]).toEqual({ error: expect.stringMatching(/^line 2: .*isolatedDeclarations/) });
  });

  it.each(['test/fixtures/specs/valid/snapshot-api.yaml', 'specs/cloudways.yaml'])(
    'the declarations printed from the model of %s are the compiler’s',
    async (spec) => {
      const loaded = await loadSpec(spec, { root: ROOT });
      const { files, declarations } = await emitPackageWithScripts({
        model: buildModel(loaded).model,
        document: loaded.document,
        versions: VERSIONS,
        types: Promise.resolve(''),
      });
      expect([...declarations.keys()].sort()).toEqual(['src/api.ts', 'src/client.ts', 'src/operations.ts', 'src/tools/index.ts']);
      for (const [file, printed] of declarations) {
        const compiled = dts(transpileDeclaration(files.get(file)!, file.slice('src/'.length)));
        expect(declarationsOf(printed), file).toBe(declarationsOf(compiled));
      }
    },
  );
});
