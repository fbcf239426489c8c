import { existsSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { serveStdioUntilClosed } from '../../../templates/runtime/cli.js';
import { ConfigurationError } from '../../../templates/runtime/errors.js';
import { codeLimitsFromEnv, oneOf, TOOLS_MODES } from '../../../templates/runtime/config.js';
import { createHubRuntime, type HubPackage } from '../../../templates/runtime/hub.js';
import { HUB_IDENTITY } from '../../../templates/runtime/hub-http.js';
import { httpOptionsFromEnv } from '../../../templates/runtime/http-options.js';
import { createLogger, parseLogLevel } from '../../../templates/runtime/log.js';
import { ConfigError } from '../../errors.js';
import type { Output } from '../output.js';

export interface HubFlags {
  readonly codeMaxWorkers?: string;
  readonly host?: string;
  readonly http?: string;
  readonly listTools?: boolean;
  readonly tools?: string;
}

/**
 * Serves several generated packages (their built dist/) as one MCP server over stdio or
 * Streamable HTTP: a configured server rather than a generated one, since it only composes
 * packages `generate` already keeps current. Each API reads its own `<PREFIX>_*` variables.
 */
export async function runHub(output: Output, folders: readonly string[], flags: HubFlags): Promise<void> {
  // A bad <PREFIX>_* or MCPGEN_HUB_* value, or two APIs serving one tool name: a usage error naming it.
  const usage = async <T>(make: () => T | Promise<T>): Promise<T> => {
    try {
      return await make();
    } catch (error) {
      if (error instanceof ConfigurationError) throw new ConfigError(error.message);
      throw error;
    }
  };
  const mode = (await usage(() => oneOf(flags.tools, TOOLS_MODES, '--tools'))) ?? 'direct';
  const packages = await Promise.all(folders.map(loadPackage));
  const logger = createLogger('hub', parseLogLevel(process.env.MCPGEN_HUB_LOG_LEVEL));
  // --http and --host read as a package's own flags do (templates/runtime/cli.ts)
  const http = await usage(() => httpOptionsFromEnv(HUB_IDENTITY, process.env, flags));
  const codeLimits = await usage(() =>
    codeLimitsFromEnv(HUB_IDENTITY.envPrefix, process.env, { 'code-max-workers': flags.codeMaxWorkers }),
  );
  if (http && !flags.listTools) {
    const { closeOnSignal } = await import('../../../templates/runtime/http-server.js');
    const { serveHubHttp } = await import('../../../templates/runtime/hub-http.js');
    const running = await usage(() => serveHubHttp(packages, { env: process.env, logger, toolsMode: mode, codeLimits }, http));
    await closeOnSignal(running, logger);
    return;
  }
  const hub = await usage(() => createHubRuntime(packages, { env: process.env, logger, toolsMode: mode, codeLimits }));
  if (flags.listTools) {
    const names = hub.list().map((tool) => tool.name);
    output.out(`${names.join('\n')}\n`);
    return;
  }
  logger.info('serving the hub over stdio', { apis: packages.map((entry) => entry.api.name), tools: hub.size, mode });
  await serveStdioUntilClosed(
    { name: 'mcpgen-hub', title: packages.map((entry) => entry.api.title).join(' + '), version: '0.1.0' },
    hub,
    logger,
  );
}

/** A generated package's `api` and `tools`, from its built dist/index.js. */
async function loadPackage(folder: string): Promise<HubPackage> {
  const entry = path.resolve(folder, 'dist', 'index.js');
  if (!existsSync(entry))
    throw new ConfigError(`${folder}: no dist/index.js; generate (and so build) the package with mcpgen generate first`);
  const loaded = (await import(pathToFileURL(entry).href)) as Partial<HubPackage>;
  if (!loaded.api || !Array.isArray(loaded.tools))
    throw new ConfigError(`${entry} does not export api and tools: is it a package mcpgen generated?`);
  return { api: loaded.api, tools: loaded.tools };
}
