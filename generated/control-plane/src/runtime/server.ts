// Part of the mcpgen runtime, copied unchanged into this package (spec: specs/control-plane.yaml). Do not edit:
// it is replaced on every `mcpgen generate`.
import { configFromEnv } from './config.js';
import { createMcpServer, type MountTarget, mountTools, type Server } from './mcp.js';
import { createToolRuntime, type RegisterOptions } from './tool-setup.js';
import type { ToolRuntime } from './tools.js';
import type { ApiDefinition, ToolDefinition } from './types.js';

export { createToolRuntime, type RegisterOptions };

/** Options of `registerTools`/`createServer`: what is not given comes from `<PREFIX>_*` variables. */
export interface MountOptions extends RegisterOptions {
  /** Where `<PREFIX>_*` variables are read (default `process.env`); `{}` reads none. */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

/**
 * The options given, over the configuration the bin would read from the environment, so that a
 * library user sets credentials and base URL the same way (and the errors naming those variables
 * are true for them too).
 */
function runtimeWithEnvironment(api: ApiDefinition, tools: readonly ToolDefinition[], options: MountOptions): ToolRuntime {
  const { env = process.env, ...given } = options;
  return createToolRuntime(api, tools, { ...configFromEnv(api, env), ...given });
}

/** Mounts an API's tools on an MCP `Server` or `McpServer`, next to tools from elsewhere. */
export function registerApiTools(
  server: MountTarget,
  api: ApiDefinition,
  tools: readonly ToolDefinition[],
  options: MountOptions = {},
): ToolRuntime {
  const runtime = runtimeWithEnvironment(api, tools, options);
  mountTools(server, runtime);
  return runtime;
}

/** A ready MCP server serving one API's tools. */
export function createApiServer(api: ApiDefinition, tools: readonly ToolDefinition[], config: MountOptions = {}): Server {
  return serverForRuntime(api, runtimeWithEnvironment(api, tools, config));
}

/** A new MCP server over an existing runtime (HTTP mode builds its runtime with the callers' credential headers). */
export function serverForRuntime(
  api: Pick<ApiDefinition, 'packageName' | 'title' | 'version'>,
  runtime: Pick<ToolRuntime, 'call' | 'list'>,
): Server {
  const server = createMcpServer({ name: api.packageName, title: api.title, version: api.version });
  mountTools(server, runtime);
  return server;
}
