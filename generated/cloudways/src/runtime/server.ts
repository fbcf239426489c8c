// Part of the mcpgen runtime, copied unchanged into this package (spec: specs/cloudways.yaml). Do not edit:
// it is replaced on every `mcpgen generate`.
import { ApiClient } from './client.js';
import type { ServerConfig } from './config.js';
import { createLogger, type Logger } from './log.js';
import { createMcpServer, mountTools, type Server } from './mcp.js';
import { ToolRuntime } from './tools.js';
import type { ApiDefinition, ToolDefinition } from './types.js';

export interface RegisterOptions extends ServerConfig {
  /** A client to send the calls (for tests, proxies or shared connection settings). */
  readonly client?: ApiClient;
  /** Keep only the tools this returns true for. */
  readonly filter?: (tool: ToolDefinition) => boolean;
  readonly logger?: Logger;
  /** Put before every tool name, e.g. "cloudron_". */
  readonly prefix?: string;
}

export function createClient(api: ApiDefinition, config: ServerConfig): ApiClient {
  return new ApiClient(api, {
    ...(config.baseUrl ? { baseUrl: config.baseUrl } : {}),
    ...(config.credentials ? { credentials: config.credentials } : {}),
    ...(config.fetch ? { fetch: config.fetch } : {}),
    ...(config.maxResponseBytes ? { maxResponseBytes: config.maxResponseBytes } : {}),
    ...(config.serverVariables ? { serverVariables: config.serverVariables } : {}),
    ...(config.timeoutMs ? { timeoutMs: config.timeoutMs } : {}),
  });
}

export function createToolRuntime(api: ApiDefinition, tools: readonly ToolDefinition[], options: RegisterOptions): ToolRuntime {
  const logger = options.logger ?? createLogger(api.name, options.logLevel);
  return new ToolRuntime(api, options.filter ? tools.filter(options.filter) : tools, {
    client: options.client ?? createClient(api, options),
    ...(options.exclude ? { exclude: options.exclude } : {}),
    ...(options.include ? { include: options.include } : {}),
    logger,
    ...(options.maxTextChars ? { maxTextChars: options.maxTextChars } : {}),
    ...(options.outputValidation ? { outputValidation: options.outputValidation } : {}),
    ...(options.prefix ? { prefix: options.prefix } : {}),
    ...(options.readOnly ? { readOnly: true } : {}),
  });
}

/** Mounts an API's tools on any MCP `Server`, next to tools from elsewhere. */
export function registerApiTools(
  server: Server,
  api: ApiDefinition,
  tools: readonly ToolDefinition[],
  options: RegisterOptions = {},
): ToolRuntime {
  const runtime = createToolRuntime(api, tools, options);
  mountTools(server, runtime);
  return runtime;
}

/** A ready MCP server serving one API's tools. */
export function createApiServer(api: ApiDefinition, tools: readonly ToolDefinition[], config: RegisterOptions = {}): Server {
  const server = createMcpServer({ name: api.packageName, title: api.title, version: api.version });
  registerApiTools(server, api, tools, config);
  return server;
}
