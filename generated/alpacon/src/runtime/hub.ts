// Part of the mcpgen runtime, copied unchanged into this package (spec: specs/alpacon.yaml). Do not edit:
// it is replaced on every `mcpgen generate`.
/**
 * One MCP server for several generated APIs (`mcpgen hub`): each API keeps its own runtime (its
 * `<PREFIX>_*` configuration and credentials, read-only/include/exclude, token logins and rate
 * limits), its tools served under its name as a prefix (`cloudron_list_apps`). In dynamic mode the
 * hub serves three meta-tools that search, describe and invoke across every API at once.
 */
import { configFromEnv } from './config.js';
import { ConfigurationError } from './errors.js';
import { META_TOOLS, metaTools, prepareSearch, searchOperations } from './dynamic.js';
import type { Logger } from './log.js';
import type { ToolResult } from './results.js';
import { textError } from './results.js';
import { createToolRuntime } from './tool-setup.js';
import type { CallContext, ListedTool, ToolRuntime } from './tools.js';
import type { ApiDefinition, ToolDefinition } from './types.js';

/** A generated package's definitions, as its index exports them. */
export interface HubPackage {
  readonly api: ApiDefinition;
  readonly tools: readonly ToolDefinition[];
}

export interface HubOptions {
  /** Where every API's `<PREFIX>_*` variables are read. */
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly logger?: Logger;
  /** `dynamic`: three meta-tools over all APIs instead of every tool. */
  readonly toolsMode?: 'direct' | 'dynamic';
}

/** The tool-name prefix of an API in a hub: its name in snake case and an underscore ("control-plane" → "control_plane_"). */
export function hubPrefix(api: ApiDefinition): string {
  return `${api.name.replace(/[^A-Za-z0-9]+/g, '_').toLowerCase()}_`;
}

export class HubRuntime {
  /** Served tool name → the runtime of the API it belongs to. */
  private readonly owners = new Map<string, ToolRuntime>();
  /** Every API tool of every API, by served name: what dynamic mode searches. */
  private readonly operations = new Map<string, ToolDefinition>();
  private readonly ignoredWords: string[];
  private listed: ListedTool[] | undefined;

  constructor(
    private readonly runtimes: readonly ToolRuntime[],
    private readonly apis: readonly ApiDefinition[],
    private readonly mode: 'direct' | 'dynamic' = 'direct',
  ) {
    for (const runtime of runtimes) {
      for (const name of runtime.names()) {
        if (this.owners.has(name)) throw new ConfigurationError(`two APIs in the hub serve a tool named "${name}"`);
        this.owners.set(name, runtime);
      }
      for (const [name, tool] of runtime.served()) this.operations.set(name, tool);
    }
    // Each API's name and title are shared by all its operations: they rank little.
    this.ignoredWords = apis.flatMap((api) => [api.name, api.title]);
  }

  get size(): number {
    return this.owners.size;
  }

  names(): string[] {
    return [...this.owners.keys()];
  }

  list(): ListedTool[] {
    if (this.listed) return this.listed;
    const all = this.runtimes.flatMap((runtime) => runtime.list());
    if (this.mode === 'direct') return (this.listed = all);
    prepareSearch(this.operations, this.ignoredWords);
    const titles = this.apis.map((api) => api.title).join(', ');
    const local = all.filter((tool) => !this.operations.has(tool.name));
    this.listed = [...metaTools(titles, this.operations.size).map((tool) => ({ ...tool })), ...local];
    return this.listed;
  }

  async call(name: string, args: unknown, context: CallContext = {}): Promise<ToolResult> {
    const owner = this.owners.get(name);
    // In dynamic mode API tools are reached through invoke_operation, as on a single server.
    if (this.mode === 'dynamic' && (!owner || this.operations.has(name))) {
      return this.callMeta(name, (args ?? {}) as Record<string, unknown>, context);
    }
    if (!owner) return textError(`Unknown tool "${name}". Call tools/list to see the ${this.size} available tools.`);
    return owner.call(name, args, context);
  }

  /** Logs every API out where it has a logout. */
  async close(): Promise<void> {
    await Promise.all(this.runtimes.map((runtime) => runtime.close()));
  }

  private async callMeta(name: string, args: Record<string, unknown>, context: CallContext): Promise<ToolResult> {
    if (name === META_TOOLS.search) {
      if (typeof args.query !== 'string' || args.query.trim() === '') return textError(`${name} needs a query (a few words).`);
      const limit = typeof args.limit === 'number' && args.limit >= 1 ? Math.min(50, Math.floor(args.limit)) : 10;
      const data = { results: await searchOperations(this.operations, args.query, limit, this.ignoredWords), total: this.operations.size };
      return { content: [{ type: 'text', text: JSON.stringify(data) }], structuredContent: data };
    }
    if (name !== META_TOOLS.describe && name !== META_TOOLS.invoke) {
      return textError(
        `Unknown tool "${name}". In dynamic mode use ${META_TOOLS.search}, ${META_TOOLS.describe} and ${META_TOOLS.invoke}.`,
      );
    }
    const target = String(args.name);
    const tool = this.operations.get(target);
    if (!tool) return textError(`No operation named "${target}". Find names with ${META_TOOLS.search}.`);
    if (name === META_TOOLS.invoke)
      return this.owners.get(target)?.call(target, args.arguments ?? {}, context) ?? textError(`No operation named "${target}".`);
    const data = {
      name: target,
      title: tool.title,
      description: tool.description,
      annotations: tool.annotations,
      inputSchema: tool.inputSchema,
      ...(tool.outputSchema ? { outputSchema: tool.outputSchema } : {}),
    };
    return { content: [{ type: 'text', text: JSON.stringify(data) }], structuredContent: data };
  }
}

/**
 * The hub of these packages: each API configured from its own `<PREFIX>_*` variables (credentials,
 * base URL, read-only, include/exclude...), always direct, its tools prefixed with its name.
 */
export function createHubRuntime(packages: readonly HubPackage[], options: HubOptions): HubRuntime {
  const runtimes = packages.map(({ api, tools }) =>
    createToolRuntime(api, tools, {
      ...configFromEnv(api, options.env),
      ...(options.logger ? { logger: options.logger } : {}),
      prefix: hubPrefix(api),
      toolsMode: 'direct',
    }),
  );
  return new HubRuntime(
    runtimes,
    packages.map((entry) => entry.api),
    options.toolsMode,
  );
}
