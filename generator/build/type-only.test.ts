import path from 'node:path';
import fc from 'fast-check';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { programOf } from '../../test/support/javascript.js';
import { typeDocument } from '../emit/openapi-types.js';
import { loadSpec } from '../load/index.js';
import { transpileFile } from './index.js';
import { typeOnlyScript } from './type-only.js';

const ROOT = path.resolve(import.meta.dirname, '..', '..');

/** transpileModule's JavaScript, or undefined when it reports a syntax error. */
function transpiled(text: string): string | undefined {
  const result = transpileFile(text, 'types.ts');
  return 'js' in result ? result.js : undefined;
}

describe('typeOnlyScript: types.ts without the compiler', () => {
  it.each(['test/fixtures/specs/valid/snapshot-api.yaml', 'specs/cloudron.yaml'])(
    "accepts openapi-typescript's output for %s, which transpiles to export {}",
    async (spec) => {
      const { document } = await loadSpec(spec, { root: ROOT });
      const text = `// header\n/* eslint-disable */\n${await typeDocument(document)}`;
      expect(typeOnlyScript(text)).toBe('export {};\n');
      expect(transpiled(text)).toBe('export {};\n');
    },
  );

  it.each([
    ['export type A = 1;', 'export {};\n'],
    ['// c\nexport interface A { a: 1 }\n/** b */\nexport type B = A | { "x": \'}\' };\n', 'export {};\n'],
    ['export interface A extends B<C>, D {\n  a?: never; // }\n  [k: string]: unknown;\n}', 'export {};\n'],
    ['type A = { a: (x: "//") => void };\ninterface B {}', ''],
    ['export type paths = {\n  "/a/{id}": {\n    get: { parameters: { path: { id: string } } };\n  };\n};\n', 'export {};\n'],
  ])('%j → %j, as transpileModule', (text, js) => {
    expect(typeOnlyScript(text)).toBe(js);
    expect(programOf(transpiled(text)!)).toBe(programOf(js));
  });

  it.each([
    ['a value', 'export type A = 1;\nexport const a = 1;'],
    ['a statement', 'export type A = 1;\nconsole.log(1);'],
    ['a statement after an interface', 'export interface A {}\nf();'],
    ['a statement on the interface line', 'export interface A {} f();'],
    ['an expression statement after a type alias', 'export type A = 1; (f)();'],
    ['an import', "import './side-effect.js';\nexport type A = 1;"],
    ['a type import', "import type { A } from './a.js';\nexport type B = A;"],
    ['a type re-export', "export type { A } from './a.js';"],
    ['an enum', 'export enum A { a }'],
    ['a const enum', 'export const enum A { a }'],
    ['a namespace', 'export namespace A { f(); }'],
    ['declare', 'declare global { interface A {} }'],
    ['export default', 'export default interface A {}'],
    ['type as a variable', 'type = 1;'],
    ['type, a line break, a name', 'type\nA = 1;'],
    ['a type alias continued on the next line (semicolon insertion)', 'export type A = B\nf();'],
    ['a type alias continued after a comment with a line break', 'export type A = B /*\n*/ f();'],
    ['a template literal', 'export type A = `a${string}`;'],
    ['a regular expression', 'export type A = { [k: /x/]: 1 };'],
    ['a division', 'export type A = 1 / 2;'],
    ['a backslash outside a string', 'export type A = \\u0061;'],
    ['a string across lines', "export type A = 'a\nb';"],
    ['an unclosed string', "export type A = 'a;"],
    ['an unclosed comment', 'export type A = 1; /* x'],
    ['unbalanced brackets', 'export interface A { a: 1; }}'],
    ['mismatched brackets', 'export interface A { a: [1 }]'],
    ['an unterminated alias', 'export type A = 1'],
    ['a shebang', '#!/usr/bin/env node\nexport type A = 1;'],
    ['comments only', '// nothing\n'],
    ['nothing', ''],
    ['a non-ASCII identifier', 'export type Ä = 1;'],
  ])('refuses %s', (_name, text) => {
    expect(typeOnlyScript(text)).toBeUndefined();
  });

  it('never says "types only" of a file that transpiles to anything more than export {} (fuzzed)', () => {
    const benign = fc.constantFrom(
      'A',
      'B ',
      ' | ',
      ':',
      ',',
      '.',
      '?',
      '<',
      '>',
      '=>',
      '{ a: 1 }',
      '(A)',
      '[A, B]',
      '\n',
      ' ',
      '1',
      "'a'",
    );
    const hostile = fc.constantFrom(
      ';',
      '{',
      '}',
      '(',
      ')',
      '[',
      ']',
      'export ',
      'type ',
      'interface ',
      ' = ',
      '/*',
      '*/',
      '/* \n */',
      '//',
      "'",
      '"',
      '`',
      '/',
      '\\',
      'f()',
      'const a = 1',
      'enum E {}',
      'import ',
      "'}'",
      '"\\""',
      'declare ',
      '${',
    );
    const piece = fc.oneof({ arbitrary: benign, weight: 6 }, { arbitrary: hostile, weight: 1 });
    // mostly well-formed declarations, with arbitrary pieces in and between them
    const junk = fc.array(piece, { maxLength: 6 }).map((pieces) => pieces.join(''));
    const statement = fc.oneof(
      fc.tuple(fc.boolean(), junk).map(([exported, body]) => `${exported ? 'export ' : ''}type A = { ${body} };`),
      fc.tuple(fc.boolean(), junk).map(([exported, body]) => `${exported ? 'export ' : ''}interface B { ${body} }`),
      fc.tuple(fc.boolean(), junk).map(([exported, body]) => `${exported ? 'export ' : ''}type C = ${body};`),
      junk,
    );
    const file = fc.array(fc.tuple(statement, fc.constantFrom('\n', '\n\n', ' ', '', '\n// c\n', ' /* c */ ')), { maxLength: 5 });
    let accepted = 0;
    let compared = 0;
    fc.assert(
      fc.property(file, (parts) => {
        const text = parts.map(([statement, separator]) => statement + separator).join('');
        const js = typeOnlyScript(text);
        if (js === undefined) return;
        accepted += 1;
        // a syntax error aside (the build would have reported it), the compiler makes the same module
        const reference = transpiled(text);
        if (reference === undefined) return;
        compared += 1;
        expect(programOf(js), text).toBe(programOf(reference));
        expect(js === 'export {};\n', text).toBe(isModule(text));
      }),
      { numRuns: 4000 },
    );
    // enough cases said yes to, and enough of them free of syntax errors, to mean something
    expect(accepted).toBeGreaterThan(500);
    expect(compared).toBeGreaterThan(60);
  });
});

/** Whether TypeScript sees an `export` in the file (else it is a script, and its JavaScript empty). */
function isModule(text: string): boolean {
  const file = ts.createSourceFile('types.ts', text, ts.ScriptTarget.ES2022, true);
  return file.statements.some(
    (statement) =>
      ts.canHaveModifiers(statement) && ts.getModifiers(statement)?.some((modifier) => modifier.kind === ts.SyntaxKind.ExportKeyword),
  );
}
