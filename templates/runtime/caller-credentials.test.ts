import { describe, expect, it } from 'vitest';
import {
  aliasHeader,
  credentialHeaders,
  credentialsFromHeaders,
  describeCredentialHeader,
  displayHeader,
  headerExample,
} from './caller-credentials.js';
import type { ApiDefinition, SecuritySchemeDefinition } from './types.js';

const base: Omit<ApiDefinition, 'envPrefix' | 'securitySchemes'> = {
  credentialsBy: [],
  name: 'x',
  packageName: '@mcpgen/x',
  serverArguments: [],
  serverUrl: 'https://example.com',
  serverVariables: {},
  statusTools: false,
  title: 'X',
  version: '1',
};

const cloudron: ApiDefinition = {
  ...base,
  envPrefix: 'CLOUDRON',
  securitySchemes: {
    bearer_auth: { env: ['API_TOKEN'], header: 'authorization', type: 'bearer' },
    query_auth: { env: ['API_TOKEN'], in: 'query', paramName: 'access_token', type: 'apiKey' },
  },
};

const cloudways: ApiDefinition = {
  ...base,
  envPrefix: 'CLOUDWAYS',
  securitySchemes: {
    cloudways_token: {
      env: ['EMAIL', 'API_KEY'],
      tokenExchange: {
        contentType: 'application/x-www-form-urlencoded',
        fields: [
          { env: 'EMAIL', header: 'x-cloudways-email', name: 'email', secret: false },
          { env: 'API_KEY', header: 'x-cloudways-api-key', name: 'api_key', secret: true },
        ],
        method: 'POST',
        path: '/oauth/access_token',
        refreshBeforeSeconds: 300,
        tokenPath: '/access_token',
      },
      type: 'tokenExchange',
    },
  },
};

const alpacon: ApiDefinition = {
  ...base,
  envPrefix: 'ALPACON',
  securitySchemes: {
    api_token: { env: ['TOKEN'], header: 'authorization', in: 'header', paramName: 'Authorization', type: 'apiKey', valuePrefix: 'token=' },
  },
};

const basic: ApiDefinition = {
  ...base,
  envPrefix: 'BASIC',
  securitySchemes: { login: { env: ['USERNAME', 'PASSWORD'], header: 'authorization', type: 'basic' } },
};

const scheme = {} as SecuritySchemeDefinition;

describe('credentialHeaders', () => {
  it('one entry per credential, from the scheme header or the token-exchange field header, with an alias', () => {
    expect(credentialHeaders(cloudron)).toEqual([
      { alias: 'x-cloudron-api-token', format: 'bearer', header: 'authorization', name: 'API_TOKEN' },
    ]);
    expect(credentialHeaders(cloudways)).toEqual([
      { alias: 'x-cloudways-email', format: 'plain', header: 'x-cloudways-email', name: 'EMAIL' },
      { alias: 'x-cloudways-api-key', format: 'plain', header: 'x-cloudways-api-key', name: 'API_KEY' },
    ]);
    expect(credentialHeaders(alpacon)).toEqual([
      { alias: 'x-alpacon-token', format: 'prefixed', header: 'authorization', name: 'TOKEN', valuePrefix: 'token=' },
    ]);
  });

  it("a reserved header (the endpoint token's) leaves only the alias", () => {
    expect(credentialHeaders(cloudron, { reserved: ['Authorization'] })).toEqual([
      { alias: 'x-cloudron-api-token', format: 'plain', name: 'API_TOKEN' },
    ]);
  });

  it('aliasHeader and displayHeader', () => {
    expect(aliasHeader(cloudron, 'API_TOKEN')).toBe('x-cloudron-api-token');
    expect(displayHeader('x-cloudways-api-key')).toBe('X-Cloudways-Api-Key');
    expect(displayHeader('authorization')).toBe('Authorization');
  });
});

describe('credentialsFromHeaders', () => {
  const from = (api: ApiDefinition, headers: Record<string, string>, reserved: string[] = []) =>
    credentialsFromHeaders(credentialHeaders(api, { reserved }), headers);

  it('Cloudron: "Bearer x" and a raw token both give x; the alias wins', () => {
    expect(from(cloudron, { authorization: 'Bearer tok-1' })).toEqual({ API_TOKEN: 'tok-1' });
    expect(from(cloudron, { authorization: 'bearer   tok-2 ' })).toEqual({ API_TOKEN: 'tok-2' });
    expect(from(cloudron, { authorization: 'tok-3' })).toEqual({ API_TOKEN: 'tok-3' });
    expect(from(cloudron, { authorization: 'Bearer a', 'x-cloudron-api-token': 'b' })).toEqual({ API_TOKEN: 'b' });
  });

  it("nothing sent: undefined (so the caller is not mixed with anyone else's credentials)", () => {
    expect(from(cloudron, {})).toBeUndefined();
    expect(from(cloudron, { authorization: '  ' })).toBeUndefined();
    expect(from(cloudways, { 'x-cloudways-email': 'a@b.c' })).toEqual({ EMAIL: 'a@b.c' });
  });

  it('a reserved Authorization is never read as a credential', () => {
    expect(from(cloudron, { authorization: 'Bearer endpoint' }, ['authorization'])).toBeUndefined();
    expect(from(cloudron, { authorization: 'Bearer endpoint', 'x-cloudron-api-token': 'mine' }, ['authorization'])).toEqual({
      API_TOKEN: 'mine',
    });
  });

  it('Cloudways: the two token-exchange fields', () => {
    expect(from(cloudways, { 'x-cloudways-email': 'me@example.com', 'x-cloudways-api-key': 'k' })).toEqual({
      EMAIL: 'me@example.com',
      API_KEY: 'k',
    });
  });

  it('Alpacon: token=x, token="x", Bearer x and x all give x', () => {
    for (const value of ['token=abc', 'token="abc"', 'Bearer abc', 'abc', 'Bearer token=abc']) {
      expect(from(alpacon, { authorization: value }), value).toEqual({ TOKEN: 'abc' });
    }
  });

  it('basic: user and password from "Basic base64(user:password)"', () => {
    const encoded = Buffer.from('ann:p:ss').toString('base64');
    expect(from(basic, { authorization: `Basic ${encoded}` })).toEqual({ USERNAME: 'ann', PASSWORD: 'p:ss' });
    expect(from(basic, { authorization: 'Bearer nope' })).toBeUndefined();
  });
});

describe('describeCredentialHeader', () => {
  it('names the header and its format, and the alias', () => {
    const describe = describeCredentialHeader(credentialHeaders(cloudron));
    expect(describe(scheme, 'API_TOKEN')).toBe(
      'the HTTP header `Authorization: Bearer <API_TOKEN>` (or `X-Cloudron-Api-Token: <API_TOKEN>`)',
    );
    const reserved = describeCredentialHeader(credentialHeaders(cloudron, { reserved: ['authorization'] }));
    expect(reserved(scheme, 'API_TOKEN')).toBe('the HTTP header `X-Cloudron-Api-Token: <API_TOKEN>`');
    expect(describeCredentialHeader(credentialHeaders(alpacon))(scheme, 'TOKEN')).toContain('`Authorization: token=<TOKEN>`');
    expect(headerExample(credentialHeaders(cloudways)[1]!)).toEqual({ header: 'X-Cloudways-Api-Key', value: '<API_KEY>' });
  });
});
