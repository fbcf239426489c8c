/**
 * Prints JSON-compatible values as TypeScript literals a person can read: unquoted keys
 * where they are identifiers, single-quoted strings, short values on one line.
 */
import { isObject } from '../json.js';
import { tsString } from './writers.js';

/** printWidth of this repository's .prettierrc: generated code keeps to the width of the code that generates it. */
export const LINE_WIDTH = 140;
const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/**
 * `value` on one line where that line stays within LINE_WIDTH, else one entry a line, each entry
 * likewise. It starts at column `lead` (e.g. after `export const x: T = `) of a line indented by
 * `indent`, and is followed by the `,` or `;` that ends its line. Only a single scalar (a long
 * string) can make a line longer: it cannot be broken.
 */
export function tsLiteral(value: unknown, indent = 0, lead = indent): string {
  if (!Array.isArray(value) && !isObject(value)) return printScalar(value);
  const inline = printWithin(value, LINE_WIDTH - lead - 1);
  if (inline !== undefined) return inline;
  const pad = ' '.repeat(indent + 2);
  const close = ' '.repeat(indent);
  const entry = (prefix: string, item: unknown) => `${pad}${prefix}${tsLiteral(item, indent + 2, indent + 2 + prefix.length)},`;
  if (Array.isArray(value)) return `[\n${value.map((item) => entry('', item)).join('\n')}\n${close}]`;
  const entries = Object.entries(value).filter(([, item]) => item !== undefined);
  return `{\n${entries.map(([key, item]) => entry(`${printKey(key)}: `, item)).join('\n')}\n${close}}`;
}

/**
 * `value` on one line if that takes at most `budget` characters, else undefined. It gives up as
 * soon as the line is too long: every level of a nested value tries its one-line form, and
 * printing each in full would make a deep value cost its size times its depth.
 */
function printWithin(value: unknown, budget: number): string | undefined {
  if (typeof value === 'string' && value.length + 2 > budget) return undefined; // quotes alone make it too long
  if (!Array.isArray(value) && !isObject(value)) return fitting(printScalar(value), budget);
  const items: [string | undefined, unknown][] = Array.isArray(value)
    ? value.map((item) => [undefined, item])
    : Object.entries(value).filter(([, item]) => item !== undefined);
  if (items.length === 0) return fitting(Array.isArray(value) ? '[]' : '{}', budget);
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
