/**
 * Specs that write their request bodies inline (all of Stripe's are) repeat whole
 * subschemas inside one tool: the same address under `billing` and `shipping`, the same
 * 300-value category enum under `allowed_categories`, `blocked_categories` and
 * `spending_limits`. Each repeated subschema is kept once in `$defs` and referenced from
 * every place it stood: the same validation, in fewer bytes.
 */
import type { JsonSchema } from './types.js';
import { type Json, isObject } from '../json.js';
import { defName, sortedDefs } from './schema.js';
import { SUBSCHEMA_LISTS, SUBSCHEMA_MAPS, SUBSCHEMA_SINGLE } from './schema-keywords.js';

/** Smaller subschemas stay inline: a `$ref` and a `$defs` entry would save little or nothing. */
const MIN_SHARED_BYTES = 200;

const SUBSCHEMA_ONE = [...SUBSCHEMA_SINGLE, 'items'];
/** Keywords that give a subschema its own identity or scope: such a subtree is not moved. */
const ANCHORED = /"\$(?:id|anchor|dynamicAnchor|dynamicRef|defs)"/;

interface Occurrence {
  readonly container: Json | unknown[];
  readonly key: number | string;
  /** A name for a `$defs` entry, from the nearest property name. */
  readonly hint: string;
  /** The occurrence is itself a `$defs` entry (it stays; the others point to it). */
  readonly isDef: boolean;
}

/** `schema` with every subschema of at least 200 bytes that occurs twice or more moved to `$defs`. */
export function shareRepeatedSubschemas(schema: JsonSchema): JsonSchema {
  if (!isObject(schema)) return schema;
  const root: Json = structuredClone(schema);
  for (;;) {
    const candidate = largestRepeated(root);
    if (!candidate) break;
    const [text, occurrences] = candidate;
    const defs: Json = isObject(root.$defs) ? root.$defs : {};
    const existing = occurrences.find((occurrence) => occurrence.isDef);
    const name = existing ? String(existing.key) : defName(occurrences[0]?.hint ?? 'shared', 'shared', (candidate) => candidate in defs);
    if (!existing) root.$defs = sortedDefs({ ...defs, [name]: JSON.parse(text) as Json });
    for (const occurrence of occurrences) {
      if (occurrence.isDef) continue;
      setAt(occurrence.container, occurrence.key, { $ref: `#/$defs/${encodeURIComponent(name)}` });
    }
  }
  return root;
}

/** The largest subschema that occurs more than once (outside `$defs`, or once there and once outside). */
function largestRepeated(root: Json): [string, Occurrence[]] | undefined {
  const found = new Map<string, Occurrence[]>();
  walk(root, 'schema', (node, occurrence) => {
    const text = JSON.stringify(node);
    if (text.length < MIN_SHARED_BYTES || ANCHORED.test(text)) return;
    const list = found.get(text) ?? [];
    list.push(occurrence);
    found.set(text, list);
  });
  let best: [string, Occurrence[]] | undefined;
  for (const entry of found) {
    const [text, occurrences] = entry;
    const inline = occurrences.filter((occurrence) => !occurrence.isDef).length;
    if (inline < 2 && !(inline === 1 && occurrences.length > 1)) continue;
    if (!best || text.length > best[0].length) best = entry;
  }
  return best;
}

/** Calls `visit` on every subschema below `node` (not `node` itself), parents first. */
function walk(node: Json, hint: string, visit: (child: Json, occurrence: Occurrence) => void): void {
  const descend = (container: Json | unknown[], key: number | string, childHint: string, isDef: boolean) => {
    const child = (container as Record<string | number, unknown>)[key];
    if (!isObject(child)) return;
    visit(child, { container, key, hint: childHint, isDef });
    walk(child, childHint, visit);
  };
  for (const [keyword, value] of Object.entries(node)) {
    if (SUBSCHEMA_MAPS.includes(keyword) && isObject(value)) {
      for (const name of Object.keys(value)) descend(value, name, name, keyword === '$defs');
    } else if (SUBSCHEMA_ONE.includes(keyword)) {
      descend(node, keyword, keyword === 'items' ? `${hint}_item` : hint, false);
    } else if (SUBSCHEMA_LISTS.includes(keyword) && Array.isArray(value)) {
      value.forEach((_, index) => {
        descend(value, index, hint, false);
      });
    }
  }
}

function setAt(container: Json | unknown[], key: number | string, value: Json): void {
  (container as Record<string | number, unknown>)[key] = value;
}
