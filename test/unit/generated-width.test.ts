import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { LINE_WIDTH } from '../../generator/emit/ts-literal.js';

/**
 * Generated code keeps to the formatter's width, as the code that generates it does: the printer
 * breaks lines itself (running prettier over a package would cost seconds of every generation).
 * Two kinds of file are not the printer's: src/runtime/ (templates/runtime copied as they are,
 * held to the width by `prettier --check`) and src/types.ts (openapi-typescript's output).
 */
const ROOT = path.resolve(import.meta.dirname, '..', '..');
const GENERATED = path.join(ROOT, 'generated');

/** A line whose only long part is one string literal (`key: '...',`, `'...',`): nothing a formatter can break. */
const ONE_STRING = /^\s*(?:(?:[A-Za-z_$][\w$]*|'(?:[^'\\]|\\.)*'): )?'(?:[^'\\]|\\.)*'[,;]?$/;

function printedFiles(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts'))
    .map((entry) => path.join(entry.parentPath, entry.name))
    .filter((file) => !/[/\\]src[/\\](runtime[/\\]|types\.ts$)/.test(file));
}

describe('generated/ TypeScript', () => {
  it('agrees with .prettierrc.json on the width', () => {
    expect(JSON.parse(readFileSync(path.join(ROOT, '.prettierrc.json'), 'utf8')).printWidth).toBe(LINE_WIDTH);
  });

  it.each(readdirSync(GENERATED))('%s: no line over the width but a single string that cannot be broken', (api) => {
    const files = printedFiles(path.join(GENERATED, api, 'src'));
    expect(files.length).toBeGreaterThan(0);
    const long = files.flatMap((file) =>
      readFileSync(file, 'utf8')
        .split('\n')
        .map((line, index) => ({ line, where: `${path.relative(ROOT, file)}:${index + 1}` }))
        .filter(({ line }) => line.length > LINE_WIDTH && !ONE_STRING.test(line))
        .map(({ line, where }) => `${where}: ${line.slice(0, 80)}…`),
    );
    expect(long).toEqual([]);
  });
});
