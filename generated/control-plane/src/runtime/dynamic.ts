// Part of the mcpgen runtime, copied unchanged into this package (spec: specs/control-plane.yaml). Do not edit:
// it is replaced on every `mcpgen generate`.
import type { CatalogPart, OperationIndex } from './operation-search.js';
import { type ToolResult, textError } from './results.js';
import type { JsonSchema, ListedTool, ToolAnnotations, ToolDefinition } from './types.js';

/**
 * Dynamic mode: instead of one tool per operation, three meta-tools (search, describe,
 * invoke) keep tools/list small for APIs with hundreds of operations. Invoking goes
 * through the same validation, auth and safety gates as a direct call.
 */
export const META_TOOLS = { describe: 'describe_operation', invoke: 'invoke_operation', search: 'search_operations' } as const;

/** A search tool's limits on results per query: by default, and at most (a model may ask for more). */
export interface SearchLimits {
  readonly default: number;
  readonly max: number;
}
export const META_SEARCH: SearchLimits = { default: 10, max: 50 };

/** Queries one search call may carry: each step of a task, found in one call. */
const MAX_QUERIES = 10;

/**
 * A search tool's arguments, in dynamic and code mode alike: `query`, or `queries` to find each
 * step of a task in one call (results merged, each operation once). Neither is required by the
 * schema (a top-level anyOf is refused by some clients); searchAnswer asks for one.
 */
export function searchInputSchema(queryDescription: string, limits: SearchLimits): JsonSchema {
  return {
    type: 'object',
    properties: {
      query: { type: 'string', minLength: 1, maxLength: 2000, description: queryDescription },
      queries: {
        type: 'array',
        items: { type: 'string', maxLength: 2000 },
        maxItems: MAX_QUERIES,
        description: 'Several, e.g. one per step.',
      },
      limit: {
        type: 'integer',
        minimum: 1,
        maximum: limits.max,
        description: `Most results per query (default ${limits.default}; ${several(limits.default)} for several).`,
      },
    },
    additionalProperties: false,
  };
}

/** Results per query by default when a call carries several: each step's best few. */
function several(limit: number): number {
  return Math.ceil(limit / 2);
}

/** A search or describe tool: reads this server's own index, never the API. */
export const LOCAL_READ: ToolAnnotations = { destructiveHint: false, idempotentHint: true, openWorldHint: false, readOnlyHint: true };

export function metaTools(apiTitle: string, operations: number, prefix = ''): ListedTool[] {
  return [
    {
      annotations: LOCAL_READ,
      description: `Finds ${apiTitle} operations (${operations} in all) for a few words or the user's request, e.g. "list apps" or "restart the wiki". Returns names, summaries and required arguments for ${prefix}${META_TOOLS.describe} and ${prefix}${META_TOOLS.invoke}.`,
      inputSchema: searchInputSchema('What you want to do, in a few words or a sentence.', META_SEARCH),
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

/** One search result: enough to choose, small enough that ten cost little context. */
export interface SearchHit {
  /** Present (true) only for operations that destroy something: they ask for confirmation. */
  readonly destructive?: true;
  readonly name: string;
  /** Arguments the operation cannot be called without. */
  readonly required: readonly string[];
  /** The first sentence of its description, at most SUMMARY_CHARS long. */
  readonly summary: string;
}

const SUMMARY_CHARS = 120;

/** Built on the first search of each tool set: servers in direct mode never load the search library. */
const indexes = new WeakMap<ReadonlyMap<string, ToolDefinition>, Promise<OperationIndex>>();

/** What a search ranks: the operations, and what it knows of their words. */
export interface SearchCatalog {
  readonly tools: ReadonlyMap<string, ToolDefinition>;
  /** Words most operations share (the API's name), which rank little. */
  readonly ignoredWords: readonly string[];
  /** A hub's APIs: a query that names one ranks its operations first. */
  readonly parts?: readonly CatalogPart[];
}

/** Ranks operations for a query of a few words or a whole sentence (see operation-search.ts). */
export async function searchOperations(catalog: SearchCatalog, query: string, limit: number): Promise<SearchHit[]> {
  return (await indexFor(catalog)).search(query, limit).flatMap(({ name }) => {
    const tool = catalog.tools.get(name);
    return tool ? [searchHit(name, tool)] : [];
  });
}

/** A search tool's arguments once checked against searchInputSchema (ModeTools does, for a server and a hub). */
export interface SearchArguments {
  readonly query?: string;
  readonly queries?: readonly string[];
  readonly limit?: number;
}

/**
 * A search tool's answer to its checked arguments: the hits of every query, best of each first,
 * each operation once, as `present` shows it (a SearchHit in dynamic mode, a signature in code
 * mode), and how many operations there are. No query (the schema cannot require one of the two
 * without an anyOf some clients refuse), or a failed index build, is an error result; the next
 * search tries the build again.
 */
export async function searchAnswer(
  toolName: string,
  catalog: SearchCatalog,
  args: SearchArguments,
  limits: SearchLimits,
  present: (hit: SearchHit, tool: ToolDefinition) => unknown = (hit) => hit,
): Promise<ToolResult> {
  const queries = [args.query ?? '', ...(args.queries ?? [])].filter((query) => query.trim() !== '');
  if (queries.length === 0) return textError(`${toolName} needs a query (a few words) or queries (several).`);
  const limit = args.limit ?? (queries.length > 1 ? several(limits.default) : limits.default);
  let ranked: SearchHit[][];
  try {
    ranked = await Promise.all(queries.map((query) => searchOperations(catalog, query, limit)));
  } catch (error) {
    return textError(`${toolName} failed: ${error instanceof Error ? error.message : String(error)}`);
  }
  // round robin over the queries: every step's best hit comes before any step's second
  const hits = new Map<string, SearchHit>();
  for (let rank = 0; rank < limit; rank += 1) {
    for (const hit of ranked.flatMap((list) => list[rank] ?? [])) if (!hits.has(hit.name)) hits.set(hit.name, hit);
  }
  const results = [...hits.values()].flatMap((hit) => {
    const tool = catalog.tools.get(hit.name);
    return tool ? [present(hit, tool)] : [];
  });
  return jsonAnswer({ results, total: catalog.tools.size });
}

/**
 * A tool as tools/list shows it, and describe_operation, and the generator's list sizes.
 * `withOutput` false: outputs are not checked, so their schema is not promised.
 */
export function listedTool(name: string, tool: Omit<ListedTool, 'name'>, withOutput = true): ListedTool {
  return {
    annotations: tool.annotations,
    description: tool.description,
    inputSchema: tool.inputSchema,
    name,
    ...(tool.outputSchema && withOutput ? { outputSchema: tool.outputSchema } : {}),
    title: tool.title,
  };
}

/** A JSON answer: as text for the model, as structured content for the client. */
export function jsonAnswer(data: Record<string, unknown>): ToolResult {
  return { content: [{ type: 'text', text: JSON.stringify(data) }], structuredContent: data };
}

/** A call to a name that is none of the mode's tools: the error naming the ones there are. */
export function unknownModeTool(name: string, mode: string, tools: readonly ListedTool[]): ToolResult {
  const names = tools.map((tool) => tool.name);
  return textError(`Unknown tool "${name}". In ${mode} mode use ${names.slice(0, -1).join(', ')} and ${names.at(-1)}.`);
}

/** What a server's and a hub's mode tools differ in: the names' prefix and the operations. */
export interface OperationCatalog extends SearchCatalog {
  readonly prefix: string;
}

/** The meta-tools' catalog, and how an operation is invoked. */
export interface MetaCatalog extends OperationCatalog {
  readonly invoke: (name: string, args: unknown) => Promise<ToolResult>;
}

/** search_operations, describe_operation or invoke_operation, `name` being one of them. */
export async function metaAnswer(name: string, args: Readonly<Record<string, unknown>>, catalog: MetaCatalog): Promise<ToolResult> {
  const { prefix, tools } = catalog;
  if (name === `${prefix}${META_TOOLS.search}`) return searchAnswer(name, catalog, args as SearchArguments, META_SEARCH);
  const target = String(args.name);
  const tool = tools.get(target);
  if (!tool) return textError(`No operation named "${target}". Find names with ${prefix}${META_TOOLS.search}.`);
  // describe_operation: what a model needs to call the operation, as tools/list would show it
  if (name === `${prefix}${META_TOOLS.describe}`) return jsonAnswer(listedTool(target, tool));
  return catalog.invoke(target, args.arguments ?? {});
}

/**
 * Starts building the index when the meta-tools are first listed or mounted, so that the first
 * search, which usually follows, does not wait for it (Cloudron's 240 operations: 0.1 to 0.4 s here).
 */
export function prepareSearch(catalog: SearchCatalog): void {
  indexFor(catalog).catch(() => undefined);
}

function indexFor({ tools, ignoredWords, parts }: SearchCatalog): Promise<OperationIndex> {
  let index = indexes.get(tools);
  if (!index) {
    index = import('./operation-search.js').then(({ OperationIndex }) => new OperationIndex(tools, ignoredWords, parts));
    indexes.set(tools, index);
    // A failed build (the search library missing) is tried again by the next search.
    index.catch(() => indexes.delete(tools));
  }
  return index;
}

function searchHit(name: string, tool: ToolDefinition): SearchHit {
  const required = (tool.inputSchema as { required?: unknown }).required;
  return {
    ...(tool.annotations.destructiveHint ? { destructive: true as const } : {}),
    name,
    required: Array.isArray(required) ? required.map(String) : [],
    summary: firstSentence(tool.description) || tool.title,
  };
}

function firstSentence(text: string): string {
  const sentence = (/^.*?[.!?](?=\s|$)/s.exec(text)?.[0] ?? text).replace(/\s+/g, ' ').trim();
  if (sentence.length <= SUMMARY_CHARS) return sentence;
  const cut = sentence.slice(0, SUMMARY_CHARS - 1);
  return `${cut.slice(0, Math.max(cut.lastIndexOf(' '), SUMMARY_CHARS / 2))}…`;
}
