// Part of the mcpgen runtime, copied unchanged into this package (spec: specs/control-plane.yaml). Do not edit:
// it is replaced on every `mcpgen generate`.
import { parseArgs } from 'node:util';
import { confirmHeader, displayHeader } from './caller-credentials.js';
import { configFromEnv, FLAGS, type Flags } from './config.js';
import { ApiError, messageOf } from './errors.js';
import { credentialHeaderNames, httpOptionsFromEnv } from './http-options.js';
import { createLogger, type Logger } from './log.js';
import { sharedStateFromEnv } from './shared-state.js';
import { type ServerInfo, serveStdio } from './stdio.js';
import { createToolRuntime } from './tool-setup.js';
import type { ToolRuntime } from './tools.js';
import type { ApiDefinition, ToolDefinition } from './types.js';

/** The entry point of every generated server's bin: flags, environment, then serve. */
export async function runCli(
  api: ApiDefinition,
  tools: readonly ToolDefinition[],
  argv: readonly string[],
  env: NodeJS.ProcessEnv,
): Promise<void> {
  let flags: Flags;
  try {
    flags = parseArgs({ args: [...argv], options: FLAGS, strict: true, allowPositionals: false }).values;
  } catch (error) {
    fail(`${messageOf(error)}\nRun with --help for usage.`);
  }
  if (flags.help || flags.version) {
    process.stdout.write(flags.help ? usage(api) : `${api.packageName} ${api.version}\n`);
    return;
  }
  try {
    const config = configFromEnv(api, env, flags);
    const logger = createLogger(api.name, config.logLevel);
    if (flags['list-tools']) {
      const runtime = createToolRuntime(api, tools, { ...config, logger });
      process.stdout.write(`${runtime.names().join('\n')}\n`);
      return;
    }
    const http = httpOptionsFromEnv(api, env, flags);
    const state = await sharedStateFromEnv(api, env, logger);
    if (http) {
      const { closeOnSignal, serveHttp } = await import('./http-server.js');
      await closeOnSignal(await serveHttp(api, tools, { ...config, logger, state }, http), logger, () => state.close());
      // Whatever still holds the event loop (a keep-alive socket to the API...) must not keep a stopped server alive.
      setTimeout(() => process.exit(0), 1000).unref();
      return;
    }
    const runtime = createToolRuntime(api, tools, { ...config, logger, stores: state.stores });
    logger.info('serving over stdio', { tools: tools.length, readOnly: config.readOnly ?? false, state: state.kind });
    await serveStdioUntilClosed({ name: api.packageName, title: api.title, version: api.version }, runtime, logger);
    await state.close();
  } catch (error) {
    if (error instanceof ApiError) fail(error.message);
    throw error;
  }
}

/**
 * Serves over stdio until the client disconnects, or a SIGTERM/SIGINT ends the process (as it
 * would without a handler); either way `served.close()` runs first (logging out of the APIs).
 */
export async function serveStdioUntilClosed(
  serverInfo: ServerInfo,
  // A ToolRuntime, or a hub of several.
  served: Pick<ToolRuntime, 'call' | 'close' | 'list'>,
  logger: Logger,
): Promise<void> {
  const stop = () => void served.close().finally(() => process.exit(0));
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
  // The MCP SDK is loaded when the first message past the handshake and tools/list needs it.
  await serveStdio(
    { serverInfo, listTools: () => served.list() },
    async (transport) => {
      const started = performance.now();
      const { createMcpServer, mountTools } = await import('./mcp.js');
      const server = createMcpServer(serverInfo);
      mountTools(server, served);
      await server.connect(transport);
      logger.debug('MCP SDK server loaded', { ms: Math.round(performance.now() - started) });
    },
    (error) => logger.warn('stdio transport error', { error: error.message }),
  );
  process.off('SIGTERM', stop);
  process.off('SIGINT', stop);
  await served.close();
}

function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(2);
}

function usage(api: ApiDefinition): string {
  const prefix = api.envPrefix;
  const credentials = [...new Set(Object.values(api.securitySchemes).flatMap((scheme) => scheme.env))].map((name) => `  ${prefix}_${name}`);
  const variables = Object.keys(api.serverVariables).map(
    (name) =>
      `  ${prefix}_${name.replace(/[^A-Za-z0-9]+/g, '_').toUpperCase()}  (server URL variable, default "${api.serverVariables[name]?.default ?? ''}")`,
  );
  const headers = credentialHeaderNames(api, false).join(', ') || '(none)';
  return `${api.packageName} ${api.version}: MCP server for ${api.title}, over stdio or Streamable HTTP.

Usage: ${api.packageName.replace(/^@[^/]+\//, '')} [options]

Options:
  --read-only          serve only tools that need nothing but read access
  --include <globs>    serve only tools whose names match (comma-separated globs)
  --exclude <globs>    leave out tools whose names match
  --base-url <url>     API base URL (replaces the spec's server URL, base path included)
  --timeout-ms <n>     per-call time limit (default 30000)
  --tools <mode>       direct (one tool per operation, default), dynamic (search/describe/invoke) or code
                       (search/execute: programs against the API in a WebAssembly sandbox)
  --code-max-workers <n>  code mode: programs run at once (default 8, ~30 MB each); more wait their time limit
  --log-level <level>  debug, info, warn, error or silent (logs go to stderr)
  --list-tools         print the names of the tools that would be served, then exit
  --http <port>        serve MCP over Streamable HTTP at http://<host>:<port>/mcp (stateless) instead of stdio
  --host <address>     address to bind with --http (default 127.0.0.1)
  --version, --help

Environment (flags win):
  ${prefix}_BASE_URL, ${prefix}_READ_ONLY=1, ${prefix}_TOOLS_INCLUDE, ${prefix}_TOOLS_EXCLUDE,
  ${prefix}_TIMEOUT_MS, ${prefix}_MAX_RESPONSE_BYTES, ${prefix}_MAX_TEXT_CHARS,
  ${prefix}_OUTPUT_VALIDATION (tolerant|strict|off), ${prefix}_LOG_LEVEL, ${prefix}_TOOLS_MODE,
  ${prefix}_CONFIRM=off, ${prefix}_CONFIRM_SKIP (tool globs), ${prefix}_TASK_TIMEOUT_MS, ${prefix}_RATE_LIMIT (90/60 or off)
  Code mode per run: ${prefix}_CODE_TIMEOUT_MS (30000), ${prefix}_CODE_MEMORY_MB (64), ${prefix}_CODE_MAX_CALLS (100),
  ${prefix}_CODE_MAX_OUTPUT_CHARS (50000), ${prefix}_CODE_MAX_WORKERS (8, programs at once in the process)
Credentials:
${credentials.join('\n') || '  (none)'}
HTTP mode (each caller sends its own credentials in headers: ${headers}):
  ${prefix}_HTTP_PORT, ${prefix}_HTTP_HOST, ${prefix}_HTTP_TOKEN (bearer token guarding /mcp),
  ${prefix}_ALLOWED_ORIGINS (browser origins besides local ones), ${prefix}_ALLOWED_HOSTS (Host names served
  besides loopback ones), ${prefix}_HTTP_ENV_CREDENTIALS=1 (callers without headers use the credentials above;
  needs ${prefix}_HTTP_TOKEN), ${prefix}_HTTP_SHUTDOWN_MS (default 25000). Destructive tools run over HTTP only
  when ${prefix}_CONFIRM_SKIP or ${prefix}_CONFIRM=off, or the caller's ${displayHeader(confirmHeader(api))} header, allow them
Shared state for replicas: REDIS_URL or ${prefix}_REDIS_URL, with ${prefix}_REDIS_KEY (32 bytes, hex or base64)
${variables.length > 0 ? `Server variables:\n${variables.join('\n')}\n` : ''}
Exit codes: 0 after the client disconnects (stdio) or a SIGTERM/SIGINT (HTTP), 2 for bad flags or configuration
(Redis unreachable included).
`;
}
