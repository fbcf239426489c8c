import { describe, expect, it } from 'vitest';
import { runtimeTemplates } from '../emit/runtime-files.js';
import { declareFile } from './index.js';

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

  it('declares what a module exports, without its code', () => {
    const declared = declareFile("import type { A } from './types.js';\nexport const a: A = { b: 1 + 1 };\n", 'api.ts');
    expect(declared).toBe("import type { A } from './types.js';\nexport declare const a: A;\n");
  });

  it('ships none for the bin and for single tools (typed through tools/index.ts)', () => {
    expect(declareFile('export const a: number = 1;\n', 'bin.ts')).toBeUndefined();
    expect(declareFile('export const a: number = 1;\n', 'tools/apps/list-apps.ts')).toBeUndefined();
  });

  it('reports an export without a stated type, naming the file, line and problem', () => {
    expect(() => declareFile('export const a: number = 1;\nexport const api = { a: 1 + 1 };\n', 'api.ts')).toThrow(
      /^declaration file of src\/api\.ts failed: line 2: .*isolatedDeclarations/,
    );
  });
});
