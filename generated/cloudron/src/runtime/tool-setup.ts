// Part of the mcpgen runtime, copied unchanged into this package (spec: specs/cloudron.yaml). Do not edit:
// it is replaced on every `mcpgen generate`.
/**
 * Builds an API's tool runtime (client, token exchange, rate limits, status tools) from its
 * configuration. Apart from server.ts so that a stdio server can answer the handshake and
 * tools/list before it loads the MCP SDK (see stdio.ts).
 */
import { ApiClient } from './client.js';
import type { ServerConfig } from './config.js';
import { createLogger, type Logger } from './log.js';
import { credentialKey, type RateLimitStore, RateLimiter } from './rate-limiter.js';
import { ScopedCredentials } from './scoped-credentials.js';
import { statusTools } from './status-tools.js';
import { TokenManager, type TokenStore } from './token-manager.js';
import { ToolRuntime } from './tools.js';
import type { Credentials } from './credentials.js';
import type { ApiDefinition, OperationDefinition, SecuritySchemeDefinition, ToolDefinition } from './types.js';

/** Stores shared by several processes (Redis); absent ones default to this process's memory. */
export interface SharedStores {
  readonly rateLimits?: RateLimitStore;
  readonly tokens?: TokenStore;
}

export interface RegisterOptions extends ServerConfig {
  /** A client to send the calls (for tests, proxies or shared connection settings). */
  readonly client?: ApiClient;
  /** How a missing credential is named in errors (HTTP mode: the header to send); default: its variable. */
  readonly describeCredential?: (scheme: SecuritySchemeDefinition, name: string) => string;
  /** Where exchanged tokens and rate-limit buckets live (default: memory). */
  readonly stores?: SharedStores;
  /** Keep only the tools this returns true for. */
  readonly filter?: (tool: ToolDefinition) => boolean;
  readonly logger?: Logger;
  /** Put before every tool name, e.g. "cloudron_" (for mounting several APIs on one server). */
  readonly prefix?: string;
}

/** What one server shares across calls: exchanged tokens and rate-limit buckets. */
export interface ClientServices {
  /** The API's default limit, per caller. */
  readonly limiter?: RateLimiter;
  /** Limits of their own per module of operations (x-mcp rateLimit.modules), per caller. */
  readonly moduleLimiters?: ReadonlyMap<string, RateLimiter>;
  readonly tokens?: TokenManager;
}

export function createServices(
  api: ApiDefinition,
  config: ServerConfig & { readonly stores?: SharedStores },
  baseUrl: () => string,
): ClientServices {
  const exchanges = Object.values(api.securitySchemes).some((scheme) => scheme.type === 'tokenExchange');
  const limit = config.rateLimit === undefined ? api.rateLimit : config.rateLimit;
  const store = config.stores?.rateLimits;
  // `<PREFIX>_RATE_LIMIT=off` turns every client-side limit off; a value replaces the default only.
  const modules = config.rateLimit === null ? [] : Object.entries(api.rateLimitModules ?? {});
  return {
    limiter: limit ? new RateLimiter(limit, { store }) : undefined,
    moduleLimiters:
      modules.length > 0
        ? new Map(
            modules.map(([module, moduleLimit]) => [module, new RateLimiter(moduleLimit, { store, scope: `the "${module}" operations` })]),
          )
        : undefined,
    tokens: exchanges
      ? new TokenManager({
          baseUrl,
          envPrefix: api.envPrefix,
          schemes: api.securitySchemes,
          store: config.stores?.tokens,
          fetch: config.fetch,
          timeoutMs: config.timeoutMs,
        })
      : undefined,
  };
}

export function createClient(
  api: ApiDefinition,
  config: ServerConfig & Pick<RegisterOptions, 'describeCredential'>,
  services: ClientServices = {},
): ApiClient {
  const { limiter, moduleLimiters, tokens } = services;
  // The client reads the settings its options share with ServerConfig (base URL, credentials, limits) and ignores the rest.
  return new ApiClient(api, {
    ...config,
    beforeRequest: limiter || moduleLimiters ? (operation, credentials) => enforceLimit(services, operation, credentials) : undefined,
    tokens,
  });
}

/** Takes one request from the caller's bucket of the operation's module, else of the API's default limit. */
export function enforceLimit(services: ClientServices, operation: OperationDefinition, credentials: Credentials): Promise<void> {
  const module = operation.rateLimitModule;
  const moduleLimiter = module === undefined ? undefined : services.moduleLimiters?.get(module);
  // One bucket per caller per module: the module's name keeps it apart from the default bucket.
  if (moduleLimiter) return moduleLimiter.enforce(`${module}:${credentialKey(credentials)}`);
  return services.limiter ? services.limiter.enforce(credentialKey(credentials)) : Promise.resolve();
}

export function createToolRuntime(api: ApiDefinition, tools: readonly ToolDefinition[], options: RegisterOptions): ToolRuntime {
  const logger = options.logger ?? createLogger(api.name, options.logLevel);
  let client: ApiClient | undefined = options.client;
  const services = createServices(api, options, () => (client ?? createClient(api, options)).defaultBaseUrl());
  client ??= createClient(api, options, services);
  const selected = options.filter ? tools.filter(options.filter) : tools;
  const scopedCredentials =
    api.credentialsBy.length > 0
      ? new ScopedCredentials(api, options.serverVariables ?? {}, options.credentials ?? {}, options.credentialsFile)
      : undefined;
  // ping reports the tool count of the runtime built below (it runs only once there is one).
  const localTools = api.statusTools ? statusTools(api, () => runtime.size, services.tokens, services.limiter, scopedCredentials) : [];
  const { tokens } = services;
  // Tokens in a shared store serve the other replicas too: only a process that keeps its own logs them out.
  const logout =
    tokens && !options.stores?.tokens
      ? async () => {
          const accepted = await tokens.logout();
          if (accepted > 0) logger.info('logged out of the API', { tokens: accepted });
        }
      : undefined;
  // The runtime reads the configuration fields its options share with RegisterOptions and ignores the rest.
  const runtime: ToolRuntime = new ToolRuntime(api, selected, {
    ...options,
    client,
    localTools,
    logger,
    onClose: logout,
    scopedCredentials,
  });
  return runtime;
}
