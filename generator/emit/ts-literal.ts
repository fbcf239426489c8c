/**
 * Prints JSON-compatible values as TypeScript literals a person can read: unquoted keys
 * where they are identifiers, single-quoted strings, short values on one line.
 */
import { tsString } from './writers.js';

const LINE_WIDTH = 110;
const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

export function tsLiteral(value: unknown, indent = 0): string {
  if (!Array.isArray(value) && !isPlainObject(value)) return printScalar(value);
  const inline = printWithin(value, LINE_WIDTH - indent);
  if (inline !== undefined) return inline;
  const pad = '  '.repeat(indent / 2 + 1);
  const close = '  '.repeat(indent / 2);
  if (Array.isArray(value)) {
    return `[\n${value.map((item) => `${pad}${tsLiteral(item, indent + 2)},`).join('\n')}\n${close}]`;
  }
  const entries = Object.entries(value).filter(([, item]) => item !== undefined);
  return `{\n${entries.map(([key, item]) => `${pad}${printKey(key)}: ${tsLiteral(item, indent + 2)},`).join('\n')}\n${close}}`;
}

/**
 * `value` on one line if that takes at most `budget` characters, else undefined. It gives up as
 * soon as the line is too long: every level of a nested value tries its one-line form, and
 * printing each in full would make a deep value cost its size times its depth.
 */
function printWithin(value: unknown, budget: number): string | undefined {
  if (typeof value === 'string' && value.length + 2 > budget) return undefined; // quotes alone make it too long
  if (!Array.isArray(value) && !isPlainObject(value)) {
    const text = printScalar(value);
    return text.length <= budget ? text : undefined;
  }
  const items: [string | undefined, unknown][] = Array.isArray(value)
    ? value.map((item) => [undefined, item])
    : Object.entries(value).filter(([, item]) => item !== undefined);
  if (items.length === 0) return Array.isArray(value) ? fitting('[]', budget) : fitting('{}', budget);
  const [open, closing] = Array.isArray(value) ? ['[', ']'] : ['{ ', ' }'];
  const parts: string[] = [];
  let used = open.length + closing.length + 2 * (items.length - 1);
  for (const [key, item] of items) {
    const prefix = key === undefined ? '' : `${printKey(key)}: `;
    used += prefix.length;
    if (used > budget) return undefined;
    const text = printWithin(item, budget - used);
    if (text === undefined) return undefined;
    used += text.length;
    parts.push(prefix + text);
  }
  return `${open}${parts.join(', ')}${closing}`;
}

function fitting(text: string, budget: number): string | undefined {
  return text.length <= budget ? text : undefined;
}

function printScalar(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'string') return tsString(value);
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : 'null';
  if (typeof value === 'boolean') return String(value);
  return 'undefined';
}

function printKey(key: string): string {
  return IDENTIFIER.test(key) ? key : tsString(key);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
