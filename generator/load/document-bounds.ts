import { SpecLoadError } from '../errors.js';
import { type Issue, issuesSummary, joinPointer } from '../issues.js';

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
export function checkDocumentBounds(
  document: unknown,
  file: string,
  options: { readonly mayShareNodes?: boolean; readonly limits?: DocumentLimits } = {},
): void {
  if (document === null || typeof document !== 'object') return;
  const limits = options.limits ?? DOCUMENT_LIMITS;
  // Without shared nodes (JSON, YAML without anchors) only the depth needs watching, which is
  // much cheaper than keeping a size per node on large specs.
  const shared = options.mayShareNodes ?? true;
  const expandedSize = new Map<object, number>();
  const onPath = new Set<object>();
  let aliases = 0;
  let expanded = 0;

  interface Frame {
    readonly node: Record<string, unknown>;
    /** The key of `node` in the frame below: the stack spells the JSON pointer, built only for an error. */
    readonly key: string;
    readonly keys: string[];
    next: number;
    size: number;
  }
  const stack: Frame[] = [];
  const refuse = (code: string, message: string, key?: string): never => {
    const segments = stack.slice(1).map((frame) => frame.key);
    const pointer = joinPointer('', ...(key === undefined ? segments : [...segments, key]));
    const issue: Issue = { code, file, message, pointer, severity: 'error' };
    throw new SpecLoadError(issuesSummary([issue], message), [issue]);
  };
  const enter = (node: object, key: string): void => {
    if (stack.length >= limits.maxDepth) refuse('too-deep', `the document nests deeper than ${limits.maxDepth} levels`, key);
    if (shared) onPath.add(node);
    stack.push({ node: node as Record<string, unknown>, key, keys: Object.keys(node), next: 0, size: 1 });
  };
  const add = (size: number, key?: string): void => {
    expanded += size;
    if (expanded > limits.maxExpandedNodes) {
      refuse('alias-bomb', `the document expands to more than ${limits.maxExpandedNodes} nodes through YAML aliases`, key);
    }
  };

  enter(document, '');
  while (stack.length > 0) {
    const frame = stack[stack.length - 1] as Frame;
    if (frame.next === frame.keys.length) {
      stack.pop();
      if (!shared) continue;
      onPath.delete(frame.node);
      expandedSize.set(frame.node, frame.size);
      const parent = stack[stack.length - 1];
      if (parent) parent.size += frame.size;
      continue;
    }
    const key = frame.keys[frame.next] as string;
    frame.next += 1;
    const value = frame.node[key];
    if (value === null || typeof value !== 'object') {
      frame.size += 1;
      add(1);
      continue;
    }
    if (!shared) {
      enter(value, key);
      continue;
    }
    if (onPath.has(value)) refuse('alias-cycle', 'a YAML alias refers to a node that contains it', key);
    const seen = expandedSize.get(value);
    if (seen !== undefined) {
      aliases += 1;
      if (aliases > limits.maxAliases)
        refuse('alias-bomb', `the document repeats nodes through more than ${limits.maxAliases} YAML aliases`, key);
      frame.size += seen;
      add(seen, key);
      continue;
    }
    add(1, key);
    enter(value, key);
  }
}
