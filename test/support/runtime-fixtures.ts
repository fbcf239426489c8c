import type { ApiDefinition, SecuritySchemeDefinition, ToolDefinition } from '../../templates/runtime/types.js';

/** A small Cloudron-like API for runtime tests: a status read and a destructive reboot. */
export const api: ApiDefinition = {
  credentialsBy: [],
  envPrefix: 'CLOUDRON',
  name: 'cloudron',
  packageName: '@mcpgen/cloudron',
  securitySchemes: { bearer_auth: { env: ['API_TOKEN'], type: 'bearer' } },
  serverArguments: [],
  statusTools: false,
  serverUrl: 'https://{domain}/api/v1',
  serverVariables: { domain: { default: 'my.example.com' } },
  title: 'Cloudron API',
  version: '1.0.0',
};

export const status: ToolDefinition = {
  operation: {
    method: 'GET',
    operationId: 'getStatus',
    params: [],
    path: '/cloudron/status',
    security: [[{ scheme: 'bearer_auth', scopes: [] }]],
  },
  name: 'get_cloudron_status',
  title: 'Get Status',
  description: 'Returns the Cloudron version.',
  annotations: { destructiveHint: false, idempotentHint: true, openWorldHint: true, readOnlyHint: true },
  scope: 'read',
  confirm: false,
  startsTask: false,
  arguments: { params: [] },
  inputSchema: { type: 'object', properties: {}, additionalProperties: false },
  outputSchema: { type: 'object', properties: { version: { type: 'string' } }, required: ['version'] },
};

export const reboot: ToolDefinition = {
  ...status,
  operation: { ...status.operation, method: 'POST', operationId: 'reboot', path: '/system/reboot' },
  name: 'reboot',
  title: 'Reboot',
  description: 'Reboots the server.',
  annotations: { destructiveHint: true, idempotentHint: false, openWorldHint: true, readOnlyHint: false },
  scope: 'write',
  outputSchema: undefined,
};

/** A client-credentials token exchange (CLIENT_ID public, CLIENT_SECRET secret) posting JSON to /token. */
export function clientCredentialsExchange(
  fieldNames: readonly [string, string],
  tokenPath: string,
  refreshBeforeSeconds: number,
): SecuritySchemeDefinition {
  return {
    env: ['CLIENT_ID', 'CLIENT_SECRET'],
    type: 'tokenExchange',
    tokenExchange: {
      contentType: 'application/json',
      fields: [
        { env: 'CLIENT_ID', name: fieldNames[0], secret: false },
        { env: 'CLIENT_SECRET', name: fieldNames[1], secret: true },
      ],
      method: 'POST',
      path: '/token',
      refreshBeforeSeconds,
      tokenPath,
    },
  };
}
