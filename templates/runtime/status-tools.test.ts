import { describe, expect, it } from 'vitest';
import { statusTools } from './status-tools.js';
import type { ApiDefinition } from './types.js';

const api: ApiDefinition = {
  credentialsBy: [],
  envPrefix: 'ACME',
  name: 'acme',
  packageName: '@mcpgen/acme',
  securitySchemes: {
    basic: { env: ['BASIC_USERNAME', 'BASIC_PASSWORD'], type: 'basic' },
    exchange: {
      env: ['EMAIL', 'API_KEY'],
      type: 'tokenExchange',
      tokenExchange: {
        contentType: 'application/json',
        fields: [
          { env: 'EMAIL', name: 'email', secret: false },
          { env: 'API_KEY', name: 'api_key', secret: true },
        ],
        method: 'POST',
        path: '/token',
        refreshBeforeSeconds: 30,
        tokenPath: '/token',
      },
    },
  },
  serverArguments: [],
  statusTools: true,
  serverUrl: 'https://api.example.com',
  serverVariables: {},
  title: 'Acme',
  version: '1',
};

describe('credentials_info', () => {
  it('shows only what secretCredentialNames leaves out: not a basic-auth user name, the e-mail of a token exchange', async () => {
    const info = statusTools(api, () => 0).find((tool) => tool.name === 'credentials_info')!;
    const credentials = { API_KEY: 'key-5d1e', BASIC_PASSWORD: 'pass-9c2b', BASIC_USERNAME: 'sk_live_4f9a', EMAIL: 'me@example.com' };
    expect(await info.run(credentials)).toEqual({
      credentials: {
        ACME_API_KEY: { set: true },
        ACME_BASIC_PASSWORD: { set: true },
        ACME_BASIC_USERNAME: { set: true },
        ACME_EMAIL: { set: true, value: 'me@example.com' },
      },
    });
  });
});
