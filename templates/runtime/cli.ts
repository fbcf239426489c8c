import { parseArgs } from 'node:util';
import { configFromEnv } from './config.js';
import { ApiError } from './errors.js';
import { createLogger } from './log.js';
import { serveStdio } from './mcp.js';
import { createApiServer, createToolRuntime } from './server.js';
import type { ApiDefinition, ToolDefinition } from './types.js';

const OPTIONS = {
  'base-url': { type: 'string' },
  exclude: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
  include: { type: 'string' },
  'list-tools': { type: 'boolean' },
  'log-level': { type: 'string' },
  'read-only': { type: 'boolean' },
  'timeout-ms': { type: 'string' },
  version: { type: 'boolean' },
} as const;

/** The entry point of every generated server's bin: flags, environment, then serve. */
export async function runCli(
  api: ApiDefinition,
  tools: readonly ToolDefinition[],
  argv: readonly string[],
  env: NodeJS.ProcessEnv,
): Promise<void> {
  let flags: ReturnType<typeof parseArgs<{ args: string[]; options: typeof OPTIONS; strict: true; allowPositionals: false }>>['values'];
  try {
    flags = parseArgs({ args: [...argv], options: OPTIONS, strict: true, allowPositionals: false }).values;
  } catch (error) {
    fail(`${error instanceof Error ? error.message : String(error)}\nRun with --help for usage.`);
  }
  if (flags.help) {
    process.stdout.write(usage(api));
    return;
  }
  if (flags.version) {
    process.stdout.write(`${api.packageName} ${api.version}\n`);
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
    const server = createApiServer(api, tools, { ...config, logger });
    logger.info('serving over stdio', { tools: tools.length, readOnly: config.readOnly ?? false });
    await serveStdio(server);
  } catch (error) {
    if (error instanceof ApiError) fail(error.message);
    throw error;
  }
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
  return `${api.packageName} ${api.version}: MCP server for ${api.title}, over stdio.

Usage: ${api.packageName.replace(/^@[^/]+\//, '')} [options]

Options:
  --read-only          serve only tools that need nothing but read access
  --include <globs>    serve only tools whose names match (comma-separated globs)
  --exclude <globs>    leave out tools whose names match
  --base-url <url>     API base URL (replaces the spec's server URL, base path included)
  --timeout-ms <n>     per-call time limit (default 30000)
  --log-level <level>  debug, info, warn, error or silent (logs go to stderr)
  --list-tools         print the names of the tools that would be served, then exit
  --version, --help

Environment (flags win):
  ${prefix}_BASE_URL, ${prefix}_READ_ONLY=1, ${prefix}_TOOLS_INCLUDE, ${prefix}_TOOLS_EXCLUDE,
  ${prefix}_TIMEOUT_MS, ${prefix}_MAX_RESPONSE_BYTES, ${prefix}_MAX_TEXT_CHARS,
  ${prefix}_OUTPUT_VALIDATION (tolerant|strict|off), ${prefix}_LOG_LEVEL
Credentials:
${credentials.join('\n') || '  (none)'}
${variables.length > 0 ? `Server variables:\n${variables.join('\n')}\n` : ''}
Exit codes: 0 after the client disconnects, 2 for bad flags or configuration.
`;
}
