/**
 * The `x-mcp` reference in specs/README.md, written from x-mcp-schema.ts: one commented YAML
 * block per place an `x-mcp` object goes, every key with its example, meaning and default.
 * `npm run docs:extensions` rewrites the blocks; x-mcp-docs.test.ts fails when they are stale.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import yaml from 'js-yaml';
import { LOCATIONS } from './x-mcp-schema.js';

type Node = { readonly [key: string]: unknown };

const COMMENT_COLUMN = 30;

/** `text` with every marked block (`<!-- x-mcp:<location> -->` … `<!-- /x-mcp:<location> -->`) written anew. */
export function withExtensionReference(text: string): string {
  return text.replace(/(<!-- x-mcp:(\w+) -->\n)[\s\S]*?(<!-- \/x-mcp:\2 -->)/g, (whole, open: string, location: string, close: string) =>
    location in LOCATIONS ? `${open}${referenceBlock(location as keyof typeof LOCATIONS)}${close}` : whole,
  );
}

/** The YAML block for one location, fenced. */
export function referenceBlock(location: keyof typeof LOCATIONS): string {
  const lines = ['x-mcp:', ...propertyLines(LOCATIONS[location], 2)];
  return `\`\`\`yaml\n${lines.join('\n')}\n\`\`\`\n`;
}

function propertyLines(node: Node, indent: number): string[] {
  const properties = (node.properties ?? {}) as Record<string, Node>;
  const required = (node.required ?? []) as readonly string[];
  return Object.entries(properties).flatMap(([key, child]) => keyLines(key, child, indent, required.includes(key)));
}

function keyLines(key: string, node: Node, indent: number, required: boolean): string[] {
  const pad = ' '.repeat(indent);
  const name = /^[\w-]+$/.test(key) ? key : JSON.stringify(key);
  const note = comment(node, required);
  const items = (node.items ?? (node.then as Node | undefined)?.items) as Node | undefined;
  if (node.properties) return [line(`${pad}${name}:`, note), ...propertyLines(node, indent + 2)];
  if (items?.properties) {
    const [first = '', ...rest] = propertyLines(items, indent + 4);
    return [line(`${pad}${name}:`, note), `${pad}  - ${first.slice(indent + 4)}`, ...rest];
  }
  const entry = node.additionalProperties as Node | undefined;
  const example = (node.examples as unknown[] | undefined)?.[0] ?? node.default;
  if (entry?.properties && example && typeof example === 'object') {
    const sample = Object.keys(example)[0] ?? '<name>';
    return [line(`${pad}${name}:`, note), ...keyLines(sample, { ...entry, description: undefined }, indent + 2, false)];
  }
  return [line(`${pad}${name}: ${flow(example)}`, note)];
}

function comment(node: Node, required: boolean): string {
  const description = typeof node.description === 'string' ? node.description : '';
  const defaults = node.default === undefined || description.includes('Default:') ? '' : `. Default: ${flow(node.default)}`;
  return `${required ? 'required: ' : ''}${description}${defaults}`;
}

function line(text: string, note: string): string {
  return note === '' ? text : `${text.padEnd(COMMENT_COLUMN - 1)} # ${note}`;
}

function flow(value: unknown): string {
  return yaml.dump(value, { flowLevel: 0, lineWidth: -1 }).trimEnd();
}

// `npm run docs:extensions`: rewrite the reference in specs/README.md.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const file = process.argv[2] ?? 'specs/README.md';
  writeFileSync(file, withExtensionReference(readFileSync(file, 'utf8')));
}
