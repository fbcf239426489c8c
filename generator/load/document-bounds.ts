import { SpecLoadError } from '../errors.js';
import { type Issue, joinPointer } from '../issues.js';

/**
 * Limits on what one parsed spec file may be. Real specs stay far inside them (the deepest in
 * the corpus, Stripe, nests 25 levels; none uses more than a few YAML aliases), and every later
 * stage walks the document recursively, so a document past them is refused before any walk.
 */
export const DOCUMENT_LIMITS = {
  /** Nesting of objects and arrays: deeper documents would overflow the stack of the walks after this. */
  maxDepth: 128,
  /** Places where an already-seen node appears again (YAML aliases). */
  maxAliases: 10_000,
  /** Nodes the document holds once every alias is expanded, as the walks after this one see it. */
  maxExpandedNodes: 5_000_000,
} as const;

export type DocumentLimits = { readonly [Key in keyof typeof DOCUMENT_LIMITS]: number };

/**
 * Throws a SpecLoadError (file and JSON pointer) when `document` is nested too deep, repeats
 * nodes through too many aliases, or expands to too many nodes. js-yaml returns one shared
 * object for every alias of an anchor, so an alias bomb is a small graph of shared nodes whose
 * expansion is exponential: sizes are computed once per distinct node, never by expanding.
 * The walk is iterative, so the check cannot itself overflow the stack.
 */
export function checkDocumentBounds(document: unknown, file: string, limits: DocumentLimits = DOCUMENT_LIMITS): void {
  const expandedSize = new Map<object, number>();
  const onPath = new Set<object>();
  let aliases = 0;
  let expanded = 0;
  const refuse = (code: string, pointer: string, message: string): never => {
    const issue: Issue = { code, file, message, pointer, severity: 'error' };
    throw new SpecLoadError(`${file}#${pointer}: ${message}`, [issue]);
  };

  interface Frame {
    readonly node: object;
    readonly pointer: string;
    readonly entries: [string, unknown][];
    next: number;
    size: number;
  }
  const stack: Frame[] = [];
  const enter = (node: object, pointer: string): void => {
    if (stack.length >= limits.maxDepth) {
      refuse('too-deep', pointer, `the document nests deeper than ${limits.maxDepth} levels`);
    }
    onPath.add(node);
    stack.push({ node, pointer, entries: Object.entries(node), next: 0, size: 1 });
  };
  const add = (size: number, pointer: string): void => {
    expanded += size;
    if (expanded > limits.maxExpandedNodes) {
      refuse('alias-bomb', pointer, `the document expands to more than ${limits.maxExpandedNodes} nodes through YAML aliases`);
    }
  };

  if (document === null || typeof document !== 'object') return;
  enter(document, '');
  while (stack.length > 0) {
    const frame = stack[stack.length - 1] as Frame;
    const entry = frame.entries[frame.next];
    if (entry === undefined) {
      stack.pop();
      onPath.delete(frame.node);
      expandedSize.set(frame.node, frame.size);
      const parent = stack[stack.length - 1];
      if (parent) parent.size += frame.size;
      continue;
    }
    frame.next += 1;
    const [key, value] = entry;
    if (value === null || typeof value !== 'object') {
      frame.size += 1;
      add(1, frame.pointer);
      continue;
    }
    const pointer = joinPointer(frame.pointer, key);
    if (onPath.has(value)) refuse('alias-cycle', pointer, 'a YAML alias refers to a node that contains it');
    const seen = expandedSize.get(value);
    if (seen !== undefined) {
      aliases += 1;
      if (aliases > limits.maxAliases) refuse('alias-bomb', pointer, `the document repeats nodes through more than ${limits.maxAliases} YAML aliases`);
      frame.size += seen;
      add(seen, pointer);
      continue;
    }
    add(1, pointer);
    enter(value, pointer);
  }
}
