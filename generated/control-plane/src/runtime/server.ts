// Part of the mcpgen runtime, copied unchanged into this package (spec: specs/control-plane.yaml). Do not edit:
// it is replaced on every `mcpgen generate`.
import { createMcpServer, mountTools, type Server } from './mcp.js';
import { createToolRuntime, type RegisterOptions } from './tool-setup.js';
import type { ToolRuntime } from './tools.js';
import type { ApiDefinition, ToolDefinition } from './types.js';

export {
  type ClientServices,
  createClient,
  createServices,
  createToolRuntime,
  type RegisterOptions,
  type SharedStores,
} from './tool-setup.js';

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
  return serverForRuntime(api, createToolRuntime(api, tools, config));
}

/** A new MCP server over an existing runtime (HTTP mode builds its runtime with the callers' credential headers). */
export function serverForRuntime(api: ApiDefinition, runtime: ToolRuntime): Server {
  const server = createMcpServer({ name: api.packageName, title: api.title, version: api.version });
  mountTools(server, runtime);
  return server;
}
