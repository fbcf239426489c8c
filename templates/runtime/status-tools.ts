import { type Credentials, secretCredentialNames } from './credentials.js';
import type { RateLimiter } from './rate-limiter.js';
import type { ScopedCredentials } from './scoped-credentials.js';
import { credentialKey } from './rate-limiter.js';
import type { TokenManager } from './token-manager.js';
import type { ApiDefinition, JsonSchema, ListedTool, StatusToolName } from './types.js';

/** A tool answered by the server itself, without calling the API. */
export interface LocalTool extends ListedTool {
  run(credentials: Credentials): Promise<Record<string, unknown>>;
}

/** A status tool: local, read-only, no arguments, an object answer with these properties. */
function statusTool(
  tool: Pick<LocalTool, 'description' | 'run' | 'title'> & { name: StatusToolName; properties: Readonly<Record<string, JsonSchema>> },
): LocalTool {
  const { properties, ...rest } = tool;
  return {
    ...rest,
    annotations: { destructiveHint: false, idempotentHint: true, openWorldHint: false, readOnlyHint: true },
    inputSchema: { type: 'object', properties: {}, additionalProperties: false },
    outputSchema: { type: 'object', properties },
  };
}

/**
 * ping, credentials_info, token_status and rate_limit_status, as the API's features call for them;
 * each name is one of STATUS_TOOL_NAMES, which the generator keeps API tools from taking.
 */
export function statusTools(
  api: ApiDefinition,
  toolCount: () => number,
  tokens?: TokenManager,
  limiter?: RateLimiter,
  scoped?: ScopedCredentials,
): LocalTool[] {
  const tools = [
    statusTool({
      description: `Checks that the ${api.title} MCP server is up. Answers locally, without calling the API.`,
      name: 'ping',
      properties: {
        status: { type: 'string' },
        server: { type: 'string' },
        version: { type: 'string' },
        time: { type: 'string' },
        tools: { type: 'integer' },
      },
      run: async () => ({
        status: 'ok',
        server: api.packageName,
        version: api.version,
        time: new Date().toISOString(),
        tools: toolCount(),
      }),
      title: 'Ping',
    }),
    statusTool({
      description:
        'Says which credentials this server uses for you: which variables are set and the values that are not secret (an account e-mail or user name)' +
        (scoped ? `, and the ${api.credentialsBy.join('/')} combinations that have credentials` : '') +
        '. Never shows a token, key or password.',
      name: 'credentials_info',
      properties: { credentials: { type: 'object' }, ...(scoped ? { configured: { type: 'array' } } : {}) },
      run: async (credentials) => ({
        credentials: describeCredentials(api, credentials),
        ...(scoped ? { configured: scoped.configured() } : {}),
      }),
      title: 'Credentials info',
    }),
  ];
  if (tokens) {
    tools.push(
      statusTool({
        description:
          'Reports the state of the API access token for your credentials: whether one is held, when it expires and was last refreshed. Never shows the token.',
        name: 'token_status',
        properties: { schemes: { type: 'object' } },
        run: async (credentials) => ({ schemes: await tokens.status(credentials) }),
        title: 'Token status',
      }),
    );
  }
  if (limiter) {
    tools.push(
      statusTool({
        description: `Reports how many API requests your credentials have left in the client-side rate limit (${limiter.limit.requests} per ${limiter.limit.perSeconds} s) and when it refills.`,
        name: 'rate_limit_status',
        properties: { limit: { type: 'integer' }, remaining: { type: 'number' }, resetSeconds: { type: 'number' } },
        run: async (credentials) => ({ ...(await limiter.status(credentialKey(credentials))) }),
        title: 'Rate limit status',
      }),
    );
  }
  return tools;
}

/** Per credential variable: whether it is set and, for the ones that are not secret (secretCredentialNames), its value. */
function describeCredentials(api: ApiDefinition, credentials: Credentials): Record<string, { set: boolean; value?: string }> {
  const described: Record<string, { set: boolean; value?: string }> = {};
  const schemes = Object.values(api.securitySchemes);
  // A variable two schemes share is secret when either says so, as the redactor has it.
  const secret = new Set(schemes.flatMap((scheme) => secretCredentialNames(scheme)));
  for (const scheme of schemes) {
    for (const name of scheme.env) {
      const value = credentials[name];
      described[`${api.envPrefix}_${name}`] = { set: value !== undefined, ...(value !== undefined && !secret.has(name) ? { value } : {}) };
    }
  }
  return described;
}
