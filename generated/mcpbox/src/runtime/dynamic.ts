// Part of the mcpgen runtime, copied unchanged into this package (spec: specs/mcpbox.yaml). Do not edit:
// it is replaced on every `mcpgen generate`.
import type { JsonSchema, ToolAnnotations, ToolDefinition } from './types.js';

/**
 * Dynamic mode: instead of one tool per operation, three meta-tools (search, describe,
 * invoke) keep tools/list small for APIs with hundreds of operations. Invoking goes
 * through the same validation, auth and safety gates as a direct call.
 */
export const META_TOOLS = { describe: 'describe_operation', invoke: 'invoke_operation', search: 'search_operations' } as const;

export interface MetaTool {
  readonly annotations: ToolAnnotations;
  readonly description: string;
  readonly inputSchema: JsonSchema;
  readonly name: string;
  readonly title: string;
}

const LOCAL_READ: ToolAnnotations = { destructiveHint: false, idempotentHint: true, openWorldHint: false, readOnlyHint: true };

export function metaTools(apiTitle: string, operations: number, prefix = ''): MetaTool[] {
  return [
    {
      annotations: LOCAL_READ,
      description: `Finds ${apiTitle} operations (${operations} in all) by words, e.g. "list apps" or "restart". Returns names to pass to ${prefix}${META_TOOLS.describe} and ${prefix}${META_TOOLS.invoke}.`,
      inputSchema: {
        type: 'object',
        properties: {
          query: { type: 'string', minLength: 1, description: 'Words describing what you want to do.' },
          limit: { type: 'integer', minimum: 1, maximum: 50, description: 'Most results to return (default 10).' },
        },
        required: ['query'],
        additionalProperties: false,
      },
      name: `${prefix}${META_TOOLS.search}`,
      title: 'Search operations',
    },
    {
      annotations: LOCAL_READ,
      description: `Shows one ${apiTitle} operation: what it does, its annotations and the JSON schema of its arguments.`,
      inputSchema: {
        type: 'object',
        properties: { name: { type: 'string', description: `Operation name from ${prefix}${META_TOOLS.search}.` } },
        required: ['name'],
        additionalProperties: false,
      },
      name: `${prefix}${META_TOOLS.describe}`,
      title: 'Describe operation',
    },
    {
      // Conservative: it can reach any operation, destructive ones included.
      annotations: { destructiveHint: true, idempotentHint: false, openWorldHint: true, readOnlyHint: false },
      description: `Calls one ${apiTitle} operation with arguments matching the schema ${prefix}${META_TOOLS.describe} showed. Destructive operations still ask for confirmation.`,
      inputSchema: {
        type: 'object',
        properties: {
          name: { type: 'string', description: 'Operation name.' },
          arguments: { type: 'object', description: "The operation's arguments." },
        },
        required: ['name'],
        additionalProperties: false,
      },
      name: `${prefix}${META_TOOLS.invoke}`,
      title: 'Invoke operation',
    },
  ];
}

export interface SearchHit {
  readonly description: string;
  readonly destructive: boolean;
  readonly name: string;
  readonly operation: string;
  readonly readOnly: boolean;
  readonly title: string;
}

/** Ranks operations by how many query words their name, title, tags, path and description hold. */
export function searchOperations(tools: ReadonlyMap<string, ToolDefinition>, query: string, limit: number): SearchHit[] {
  const words = tokens(query);
  if (words.length === 0) return [];
  const scored: { hit: SearchHit; score: number }[] = [];
  for (const [name, tool] of tools) {
    const fields: [string[], number][] = [
      [tokens(name), 4],
      [tokens(tool.title), 3],
      [(tool.tags ?? []).flatMap(tokens), 2],
      [tokens(tool.operation.path), 1],
      [tokens(tool.description), 1],
    ];
    let score = 0;
    for (const word of words) {
      const best = Math.max(
        0,
        ...fields.map(([field, weight]) =>
          field.includes(word) ? weight : field.some((token) => token.startsWith(word)) ? weight / 2 : 0,
        ),
      );
      score += best;
    }
    if (score > 0) {
      scored.push({
        hit: {
          description: tool.description.length > 160 ? `${tool.description.slice(0, 159)}…` : tool.description,
          destructive: tool.annotations.destructiveHint,
          name,
          operation: `${tool.operation.method} ${tool.operation.path}`,
          readOnly: tool.annotations.readOnlyHint,
          title: tool.title,
        },
        score,
      });
    }
  }
  return scored
    .sort((a, b) => b.score - a.score || (a.hit.name < b.hit.name ? -1 : 1))
    .slice(0, limit)
    .map((entry) => entry.hit);
}

function tokens(text: string): string[] {
  return text
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((word) => word.length > 1)
    .map((word) => (word.length > 3 && word.endsWith('s') ? word.slice(0, -1) : word));
}
