// Part of the mcpgen runtime, copied unchanged into this package (spec: specs/cloudron.yaml). Do not edit:
// it is replaced on every `mcpgen generate`.
// The runtime's public surface, re-exported by each generated package's index.
export { ApiClient, type CallOptions, type ClientOptions } from './client.js';
export { configFromEnv, type ServerConfig } from './config.js';
export type { Credentials } from './credentials.js';
export { ApiError, ArgumentError, ConfigurationError } from './errors.js';
export { type MountTarget, type Server, toolRegistry } from './mcp.js';
export type { ToolResult } from './results.js';
export { createApiServer, type MountOptions, registerApiTools, type RegisterOptions } from './server.js';
export { ToolRuntime } from './tools.js';
export type * from './types.js';
