/**
 * Prints JSON-compatible values as TypeScript literals a person can read: unquoted keys
 * where they are identifiers, single-quoted strings, short values on one line.
 */
import { tsString } from './writers.js';

const LINE_WIDTH = 110;
const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

export function tsLiteral(value: unknown, indent = 0): string {
  const inline = printInline(value);
  if (inline.length + indent <= LINE_WIDTH) return inline;
  const pad = '  '.repeat(indent / 2 + 1);
  const close = '  '.repeat(indent / 2);
  if (Array.isArray(value)) {
    return `[\n${value.map((item) => `${pad}${tsLiteral(item, indent + 2)},`).join('\n')}\n${close}]`;
  }
  if (isPlainObject(value)) {
    const entries = Object.entries(value).filter(([, item]) => item !== undefined);
    return `{\n${entries.map(([key, item]) => `${pad}${printKey(key)}: ${tsLiteral(item, indent + 2)},`).join('\n')}\n${close}}`;
  }
  return inline;
}

function printInline(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'string') return tsString(value);
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : 'null';
  if (typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return `[${value.map(printInline).join(', ')}]`;
  if (isPlainObject(value)) {
    const entries = Object.entries(value).filter(([, item]) => item !== undefined);
    if (entries.length === 0) return '{}';
    return `{ ${entries.map(([key, item]) => `${printKey(key)}: ${printInline(item)}`).join(', ')} }`;
  }
  return 'undefined';
}

function printKey(key: string): string {
  return IDENTIFIER.test(key) ? key : tsString(key);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
