import { describe, expect, it } from 'vitest';
import { clientCredentialsExchange } from '../../test/support/runtime-fixtures.js';
import { authorize, credentialsFromEnv, rememberSecrets, secretCredentialNames } from './credentials.js';
import { ApiError } from './errors.js';
import { redactor } from './redact.js';
import type { PreparedRequest } from './request.js';
import { statusTools } from './status-tools.js';
import type { ApiDefinition, OperationDefinition } from './types.js';

const api: ApiDefinition = {
  credentialsBy: [],
  envPrefix: 'ACME',
  name: 'acme',
  packageName: '@mcpgen/acme',
  securitySchemes: {
    bearer: { env: ['TOKEN'], type: 'bearer' },
    oauth: { env: ['OAUTH_TOKEN'], type: 'oauth2', tokenUrl: 'https://auth.example.com/token' },
    key: { env: ['API_KEY'], in: 'query', paramName: 'key', type: 'apiKey' },
    basic: { env: ['BASIC_USERNAME', 'BASIC_PASSWORD'], type: 'basic' },
    exchange: clientCredentialsExchange(['id', 'secret'], '/token', 30),
  },
  serverArguments: [],
  statusTools: false,
  serverUrl: 'https://api.example.com',
  serverVariables: {},
  title: 'Acme',
  version: '1',
};

const prepared = (url = 'https://api.example.com/x'): PreparedRequest => ({ headers: {}, method: 'GET', url: new URL(url) });
const context = (credentials: Record<string, string>) => ({
  api,
  credentials,
  describeSource: (_: unknown, name: string) => `ACME_${name}`,
  forceRefresh: false,
});
const op = (...schemes: string[]): OperationDefinition => ({
  method: 'GET',
  operationId: 'x',
  params: [],
  path: '/x',
  security: schemes.map((scheme) => [{ scheme, scopes: [] }]),
});

describe('credentialsFromEnv', () => {
  it('reads each scheme variable under the prefix, skipping empty ones', () => {
    expect(credentialsFromEnv(api, { ACME_TOKEN: 't', ACME_API_KEY: '', ACME_CLIENT_ID: 'id', TOKEN: 'no' })).toEqual({
      TOKEN: 't',
      CLIENT_ID: 'id',
    });
  });
});

describe('rememberSecrets', () => {
  it('remembers scheme credentials, but only the secret fields of a token exchange', () => {
    rememberSecrets(api, { TOKEN: 'cred-token-1', CLIENT_ID: 'public-client-id', CLIENT_SECRET: 'cred-secret-1' });
    expect(redactor.redact('cred-token-1 public-client-id cred-secret-1')).toBe('[REDACTED] public-client-id [REDACTED]');
  });

  it('masks a basic-auth user name as well as its password (some APIs send their key as the user name)', () => {
    rememberSecrets(api, { BASIC_USERNAME: 'sk_live_user_4f9a', BASIC_PASSWORD: 'basic-pass-77' });
    expect(redactor.redact('sk_live_user_4f9a:basic-pass-77')).toBe('[REDACTED]:[REDACTED]');
  });
});

describe('secretCredentialNames', () => {
  it('is every variable of a scheme but the token-exchange fields not marked secret', () => {
    const secret = (scheme: string) => secretCredentialNames(api.securitySchemes[scheme]!);
    expect(secret('basic')).toEqual(['BASIC_USERNAME', 'BASIC_PASSWORD']);
    expect(secret('bearer')).toEqual(['TOKEN']);
    expect(secret('exchange')).toEqual(['CLIENT_SECRET']);
  });

  it('is what credentials_info leaves out: a basic-auth user name is not shown, a public token-exchange field is', async () => {
    const info = statusTools(api, () => 0).find((tool) => tool.name === 'credentials_info')!;
    const credentials = { BASIC_PASSWORD: 'pass-9c2b', BASIC_USERNAME: 'sk_live_4f9a', CLIENT_ID: 'public-id', CLIENT_SECRET: 's-1' };
    expect(await info.run(credentials)).toEqual({
      credentials: {
        ACME_API_KEY: { set: false },
        ACME_BASIC_PASSWORD: { set: true },
        ACME_BASIC_USERNAME: { set: true },
        ACME_CLIENT_ID: { set: true, value: 'public-id' },
        ACME_CLIENT_SECRET: { set: true },
        ACME_OAUTH_TOKEN: { set: false },
        ACME_TOKEN: { set: false },
      },
    });
  });
});

describe('authorize', () => {
  it('oauth2 with a token sends it as a bearer token', async () => {
    const request = prepared();
    await authorize(op('oauth'), request, context({ OAUTH_TOKEN: 'oa' }));
    expect(request.headers.authorization).toBe('Bearer oa');
  });

  it('an apiKey in the query replaces a parameter of the same name and keeps the others', async () => {
    const request = prepared('https://api.example.com/x?key=from-model&ids=a,b');
    await authorize(op('key'), request, context({ API_KEY: 'real key' }));
    expect(request.url.search).toBe('?ids=a,b&key=real%20key');
  });

  it('a missing credential names where to set it', async () => {
    await expect(authorize(op('bearer', 'key'), prepared(), context({}))).rejects.toThrow(
      new ApiError('auth', 'no credentials for GET /x: set ACME_TOKEN, or ACME_API_KEY'),
    );
  });

  it('a scheme the API does not define cannot be satisfied', async () => {
    await expect(authorize(op('nope'), prepared(), context({ TOKEN: 't' }))).rejects.toThrow('set nope');
  });
});
