import { describe, expect, it } from 'vitest';
import { LINE_WIDTH, tsLiteral } from './ts-literal.js';
import { tsString } from './writers.js';

/**
 * The rule tsLiteral follows, written the direct way (each level printed on one line in full,
 * then broken when too wide): tsLiteral gives up on a line early, and must print the same.
 */
function reference(value: unknown, indent = 0, lead = indent): string {
  const inline = oneLine(value);
  if (lead + inline.length + 1 <= LINE_WIDTH) return inline; // and the `,` or `;` after it
  const pad = ' '.repeat(indent + 2);
  const close = ' '.repeat(indent);
  if (Array.isArray(value)) return `[\n${value.map((item) => `${pad}${reference(item, indent + 2)},`).join('\n')}\n${close}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value).filter(([, item]) => item !== undefined);
    return `{\n${entries
      .map(([name, item]) => `${pad}${keyText(name)}: ${reference(item, indent + 2, indent + 2 + keyText(name).length + 2)},`)
      .join('\n')}\n${close}}`;
  }
  return inline;

  function keyText(name: string): string {
    return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(name) ? name : tsString(name);
  }
  function oneLine(item: unknown): string {
    if (item === null) return 'null';
    if (typeof item === 'string') return tsString(item);
    if (typeof item === 'number') return Number.isFinite(item) ? String(item) : 'null';
    if (typeof item === 'boolean') return String(item);
    if (Array.isArray(item)) return `[${item.map(oneLine).join(', ')}]`;
    if (item !== null && typeof item === 'object') {
      const entries = Object.entries(item).filter(([, child]) => child !== undefined);
      return entries.length === 0 ? '{}' : `{ ${entries.map(([name, child]) => `${keyText(name)}: ${oneLine(child)}`).join(', ')} }`;
    }
    return 'undefined';
  }
}

describe('tsLiteral', () => {
  it('breaks a line exactly where it would pass the width, at every depth and wherever it starts', () => {
    for (let length = LINE_WIDTH - 30; length <= LINE_WIDTH + 5; length += 1) {
      const values: unknown[] = [
        { text: 'x'.repeat(length) },
        { outer: { inner: ['y'.repeat(length - 30), 1, null, true] } },
        ['z'.repeat(length - 4)],
        { deep: { a: { b: { c: { d: 'w'.repeat(length - 40), 'e-f': [] } } } }, empty: {} },
        { 'quoted key': "it's", n: Number.NaN, skipped: undefined, list: [undefined, 'v'.repeat(length - 60)] },
      ];
      for (const value of values) {
        expect(tsLiteral(value)).toBe(reference(value));
        expect(tsLiteral(value, 8)).toBe(reference(value, 8));
        expect(tsLiteral(value, 0, 30)).toBe(reference(value, 0, 30));
      }
    }
  });

  it('keeps every line within the width unless one string alone is longer', () => {
    const value = { description: 'd'.repeat(200), schema: { properties: { name: { type: 'string', examples: ['e'.repeat(60)] } } } };
    const head = 'export const someToolWithALongName: ToolDefinition = ';
    const lines = `${head}${tsLiteral(value, 0, head.length)};`.split('\n');
    expect(lines.filter((line) => line.length > LINE_WIDTH)).toEqual([`  description: '${'d'.repeat(200)}',`]);
  });

  it('prints a deep value the same as the direct rule', () => {
    let value: unknown = { leaf: 'text '.repeat(30) };
    for (let depth = 0; depth < 40; depth += 1) value = { [`level${depth}`]: value, items: [depth, `item ${depth}`] };
    expect(tsLiteral(value)).toBe(reference(value));
  });

  it('keeps scalars on one line whatever their length', () => {
    expect(tsLiteral('a'.repeat(200))).toBe(tsString('a'.repeat(200)));
    expect(tsLiteral(Number.POSITIVE_INFINITY)).toBe('null');
  });
});
