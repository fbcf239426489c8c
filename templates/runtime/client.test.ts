import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { clientCredentialsExchange } from '../../test/support/runtime-fixtures.js';
import { RecordingUpstream } from '../../test/support/recording-upstream.js';
import { ApiClient, type ClientOptions } from './client.js';
import type { TokenSource } from './credentials.js';
import { ApiError, ConfigurationError } from './errors.js';
import type { ApiDefinition, OperationDefinition, SecurityRequirement } from './types.js';

const upstream = new RecordingUpstream();

beforeAll(async () => {
  await upstream.start();
});
afterAll(async () => {
  await upstream.stop();
});
beforeEach(() => upstream.reset());

const TOKEN = 'tok-5ecret-value/+=';

const api: ApiDefinition = {
  credentialsBy: [],
  envPrefix: 'CLOUDRON',
  name: 'cloudron',
  packageName: '@mcpgen/cloudron',
  securitySchemes: {
    bearer_auth: { env: ['API_TOKEN'], header: 'authorization', type: 'bearer' },
    query_auth: { env: ['API_TOKEN'], in: 'query', paramName: 'access_token', type: 'apiKey' },
    header_key: { env: ['API_KEY'], in: 'header', paramName: 'X-Api-Key', type: 'apiKey', valuePrefix: 'token=' },
    cookie_key: { env: ['SESSION'], in: 'cookie', paramName: 'sid', type: 'apiKey' },
    basic_auth: { env: ['USERNAME', 'PASSWORD'], type: 'basic' },
    exchange: clientCredentialsExchange(['client_id', 'client_secret'], '/access_token', 60),
    legacy: { env: ['LEGACY'], type: 'unsupported' },
  },
  serverArguments: [],
  statusTools: false,
  serverUrl: 'https://{domain}/api/v1',
  serverVariables: { domain: { default: 'my.example.com' } },
  title: 'Cloudron API',
  version: '1.0.0',
};

const need = (...schemes: string[]): SecurityRequirement[] => schemes.map((scheme) => ({ scheme, scopes: [] }));

function operation(overrides: Partial<OperationDefinition> = {}): OperationDefinition {
  return {
    method: 'GET',
    operationId: 'listApps',
    params: [],
    path: '/apps',
    security: [need('bearer_auth'), need('query_auth')],
    ...overrides,
  };
}

function client(options: ClientOptions = {}): ApiClient {
  return new ApiClient(api, {
    baseUrl: `${upstream.url}/api/v1`,
    credentials: { API_TOKEN: TOKEN },
    retries: 0,
    timeoutMs: 3000,
    ...options,
  });
}

async function failure(promise: Promise<unknown>): Promise<ApiError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(ApiError);
    return error as ApiError;
  }
  throw new Error('expected the call to fail');
}

describe('ApiClient.call: success', () => {
  it('sends to the base URL with its base path and returns the parsed body', async () => {
    upstream.on('GET', '/api/v1/apps', { body: { apps: [{ id: 'a1' }] } });
    const response = await client().call(operation());
    expect(response.status).toBe(200);
    expect(response.data).toEqual({ apps: [{ id: 'a1' }] });
    const seen = upstream.last();
    expect(seen.path).toBe('/api/v1/apps');
    expect(seen.headers.accept).toBe('application/json, */*;q=0.5');
  });

  it('sends path, query and body from the request', async () => {
    upstream.on('POST', /^\/api\/v1\/apps\/[^/]+\/configure$/, { status: 202, body: { taskId: 't1' } });
    const op = operation({
      body: { mediaType: 'application/json', required: true },
      method: 'POST',
      params: [
        { explode: false, in: 'path', name: 'appId', style: 'simple' },
        { explode: true, in: 'query', name: 'dryRun', style: 'form' },
      ],
      path: '/apps/{appId}/configure',
    });
    const response = await client().call(op, { body: { memory: 256 }, path: { appId: 'a/1' }, query: { dryRun: true } });
    expect(response.status).toBe(202);
    const seen = upstream.last();
    expect(seen.path).toBe('/api/v1/apps/a%2F1/configure');
    expect(seen.query.dryRun).toBe('true');
    expect(seen.headers['content-type']).toBe('application/json');
    expect(JSON.parse(seen.body)).toEqual({ memory: 256 });
  });

  it('runs beforeRequest with the operation and credentials first', async () => {
    upstream.on('GET', '/api/v1/apps', { body: {} });
    const calls: string[] = [];
    await client({
      beforeRequest: async (op, credentials) => {
        calls.push(`${op.operationId}:${credentials.API_TOKEN === TOKEN}:${upstream.requests.length}`);
      },
    }).call(operation());
    expect(calls).toEqual(['listApps:true:0']);
  });
});

describe('ApiClient.call: errors from the API', () => {
  it.each([
    [{ message: 'App not found' }, 'App not found', undefined],
    [{ error: { message: 'Domain is locked', code: 'LOCKED' } }, 'Domain is locked', 'LOCKED'],
    [{ detail: 'Invalid page size' }, 'Invalid page size', undefined],
    [{ error: 'invalid_grant', error_description: 'Token expired' }, 'Token expired', undefined],
    [{ status: 'Conflict', title: 'Already exists' }, 'Already exists', 'Conflict'],
    [{ weird: true }, '{"weird":true}', undefined],
    // RFC 9457 problem details: the type URI is the code; its numeric status only repeats the HTTP one.
    [
      { type: 'https://example.com/probs/out-of-credit', title: 'You do not have enough credit.', status: 409, detail: 'Balance is 30.' },
      'Balance is 30.',
      'https://example.com/probs/out-of-credit',
    ],
    [{ type: 'about:blank', title: 'Conflict', status: 409 }, 'Conflict', undefined],
    // FastAPI: a message, or a list of validation errors.
    [
      {
        detail: [
          { loc: ['body', 'name'], msg: 'field required', type: 'value_error.missing' },
          { loc: ['query', 'page'], msg: 'not an integer', type: 'type_error' },
        ],
      },
      'body.name: field required; query.page: not an integer',
      undefined,
    ],
  ])('a non-2xx status is an ApiError with the API message (%j)', async (body, message, code) => {
    upstream.on('GET', '/api/v1/apps', { status: 409, body });
    const error = await failure(client().call(operation()));
    expect(error.kind).toBe('http');
    expect(error.status).toBe(409);
    expect(error.message).toBe(`HTTP 409 from GET /apps: ${message}`);
    expect(error.apiMessage).toBe(message);
    expect(error.code).toBe(code);
    expect(error.retryable).toBe(false);
  });

  it('uses a snippet of an HTML error page', async () => {
    upstream.on('GET', '/api/v1/apps', {
      status: 500,
      raw: true,
      headers: { 'content-type': 'text/html' },
      body: '<html><head><title>500 Internal Server Error</title></head><body><h1>Something broke</h1></body></html>',
    });
    const error = await failure(client().call(operation()));
    expect(error.kind).toBe('http');
    expect(error.status).toBe(500);
    expect(error.message).toBe('HTTP 500 from GET /apps: 500 Internal Server Error Something broke');
    expect(error.retryable).toBe(true);
  });

  it('a status without a body still names status and operation', async () => {
    upstream.on('DELETE', '/api/v1/apps', { status: 404 });
    const error = await failure(client().call(operation({ method: 'DELETE' })));
    expect(error.message).toBe('HTTP 404 from DELETE /apps');
  });

  it.each([401, 403])('%i is an auth failure', async (status) => {
    upstream.on('GET', '/api/v1/apps', { status, body: { message: 'Invalid token' } });
    const error = await failure(client().call(operation()));
    expect(error.kind).toBe('auth');
    expect(error.status).toBe(status);
    expect(error.message).toBe(`HTTP ${status} from GET /apps: Invalid token`);
  });

  it('429 is rate-limited with the Retry-After seconds', async () => {
    upstream.on('GET', '/api/v1/apps', { status: 429, headers: { 'retry-after': '7' }, body: { message: 'Slow down' } });
    const error = await failure(client().call(operation()));
    expect(error.kind).toBe('rate-limited');
    expect(error.retryAfterSeconds).toBe(7);
    expect(error.retryable).toBe(true);
  });

  it('does not follow redirects, and says where it would have gone', async () => {
    upstream.on('GET', '/api/v1/apps', { status: 302, headers: { location: `${upstream.url}/elsewhere` } });
    upstream.on('GET', '/elsewhere', { body: { followed: true } });
    const error = await failure(client().call(operation()));
    expect(error.kind).toBe('http');
    expect(error.status).toBe(302);
    expect(error.message).toBe(`HTTP 302 from GET /apps (redirect to ${upstream.url}/elsewhere not followed)`);
    expect(upstream.requests.map((request) => request.path)).toEqual(['/api/v1/apps']);
  });

  it('redacts a secret the upstream echoes back, raw and URL-encoded', async () => {
    upstream.on('GET', '/api/v1/apps', {
      status: 400,
      body: { message: `bad token ${TOKEN} (also ${encodeURIComponent(TOKEN)})` },
    });
    const error = await failure(client().call(operation()));
    expect(error.message).toBe('HTTP 400 from GET /apps: bad token [REDACTED] (also [REDACTED])');
    expect(error.message).not.toContain('5ecret');
  });

  it('redacts a secret echoed in a body that is not valid JSON', async () => {
    upstream.on('GET', '/api/v1/apps', { raw: true, body: `{"token": ${TOKEN}` });
    const error = await failure(client().call(operation()));
    expect(error.kind).toBe('invalid-response');
    expect(error.message).toContain('[REDACTED]');
    expect(error.message).not.toContain('5ecret');
  });

  it('a network failure is an ApiError naming the target', async () => {
    const closed = new RecordingUpstream();
    await closed.start();
    const url = closed.url;
    await closed.stop();
    const error = await failure(client({ baseUrl: url }).call(operation({ method: 'POST' })));
    expect(error.kind).toBe('network');
    expect(error.message).toBe(`POST ${url}/apps failed: connection refused`);
  });

  it('a slow upstream times out within the client timeout', async () => {
    upstream.on('GET', '/api/v1/apps', { delayMs: 2000, body: {} });
    const started = Date.now();
    const error = await failure(client({ timeoutMs: 200 }).call(operation()));
    expect(error.kind).toBe('timeout');
    expect(Date.now() - started).toBeLessThan(1500);
  });
});

describe('ApiClient.call: credentials', () => {
  it('a missing credential is an auth error naming the environment variable, and nothing is sent', async () => {
    const error = await failure(client({ credentials: {} }).call(operation()));
    expect(error.kind).toBe('auth');
    expect(error.message).toBe('no credentials for GET /apps: set CLOUDRON_API_TOKEN');
    expect(upstream.requests).toHaveLength(0);
  });

  it('lists every alternative and every missing part of a requirement', async () => {
    const op = operation({ security: [need('basic_auth'), need('header_key', 'cookie_key')] });
    const error = await failure(client({ credentials: { USERNAME: 'u' } }).call(op));
    expect(error.message).toBe('no credentials for GET /apps: set CLOUDRON_PASSWORD, or CLOUDRON_API_KEY and CLOUDRON_SESSION');
  });

  it('uses describeCredential to name a missing credential', async () => {
    const error = await failure(client({ credentials: {}, describeCredential: (_, name) => `--${name.toLowerCase()}` }).call(operation()));
    expect(error.message).toBe('no credentials for GET /apps: set --api_token');
  });

  it('an unsupported scheme alone cannot be satisfied', async () => {
    const error = await failure(client({ credentials: { LEGACY: 'x' } }).call(operation({ security: [need('legacy')] })));
    expect(error.kind).toBe('auth');
    expect(upstream.requests).toHaveLength(0);
  });

  it('bearer: Authorization header', async () => {
    upstream.on('GET', '/api/v1/apps', { body: {} });
    await client().call(operation());
    expect(upstream.last().headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(upstream.last().query.access_token).toBeUndefined();
  });

  it('apiKey in a header, with its value prefix', async () => {
    upstream.on('GET', '/api/v1/apps', { body: {} });
    await client({ credentials: { API_KEY: 'k-123456' } }).call(operation({ security: [need('header_key')] }));
    expect(upstream.last().headers['x-api-key']).toBe('token=k-123456');
    expect(upstream.last().headers.authorization).toBeUndefined();
  });

  it('apiKey in the query, keeping the encoding of the other query parameters', async () => {
    upstream.on('GET', '/api/v1/apps', { body: {} });
    const op = operation({
      params: [
        { explode: false, in: 'query', name: 'ids', style: 'form' },
        { explode: false, in: 'query', name: 'tags', style: 'pipeDelimited' },
      ],
      security: [need('query_auth')],
    });
    await client().call(op, { query: { ids: ['a,b', 'c'], tags: ['x', 'y z'] } });
    const seen = upstream.last();
    expect(seen.query.access_token).toBe(TOKEN);
    expect(seen.rawQuery).toBe(`ids=a%2Cb,c&tags=x|y%20z&access_token=${encodeURIComponent(TOKEN)}`);
    expect(seen.headers.authorization).toBeUndefined();
  });

  it('apiKey in a cookie, next to cookie parameters', async () => {
    upstream.on('GET', '/api/v1/apps', { body: {} });
    const op = operation({ params: [{ explode: true, in: 'cookie', name: 'theme', style: 'form' }], security: [need('cookie_key')] });
    await client({ credentials: { SESSION: 's=1;x' } }).call(op, { cookie: { theme: 'dark' } });
    expect(upstream.last().headers.cookie).toBe('theme=dark; sid=s%3D1%3Bx');
  });

  it('basic: user and password base64-encoded', async () => {
    upstream.on('GET', '/api/v1/apps', { body: {} });
    await client({ credentials: { USERNAME: 'admin', PASSWORD: 'pä:ss' } }).call(operation({ security: [need('basic_auth')] }));
    const header = upstream.last().headers.authorization ?? '';
    expect(header.startsWith('Basic ')).toBe(true);
    expect(Buffer.from(header.slice(6), 'base64').toString('utf8')).toBe('admin:pä:ss');
  });

  it('redacts an echoed basic Authorization header', async () => {
    upstream.on('GET', '/api/v1/apps', (seen) => ({ status: 400, body: { message: `rejected header ${seen.headers.authorization}` } }));
    const error = await failure(
      client({ credentials: { USERNAME: 'echo-user', PASSWORD: 'echo-pass' } }).call(operation({ security: [need('basic_auth')] })),
    );
    expect(error.message).toBe('HTTP 400 from GET /apps: rejected header Basic [REDACTED]');
  });

  it('applies every scheme of a requirement set', async () => {
    upstream.on('GET', '/api/v1/apps', { body: {} });
    await client({ credentials: { API_KEY: 'key-1234', SESSION: 'sess-1234' } }).call(
      operation({ security: [need('header_key', 'cookie_key')] }),
    );
    expect(upstream.last().headers['x-api-key']).toBe('token=key-1234');
    expect(upstream.last().headers.cookie).toBe('sid=sess-1234');
  });

  it('picks the first alternative whose credentials are all present', async () => {
    upstream.on('GET', '/api/v1/apps', { body: {} });
    await client({ credentials: { API_TOKEN: TOKEN } }).call(operation({ security: [need('header_key'), need('query_auth')] }));
    expect(upstream.last().headers['x-api-key']).toBeUndefined();
    expect(upstream.last().query.access_token).toBe(TOKEN);
  });

  it('security [] sends no credentials at all', async () => {
    upstream.on('GET', '/api/v1/apps', { body: {} });
    await client().call(operation({ security: [] }));
    const seen = upstream.last();
    expect(seen.headers.authorization).toBeUndefined();
    expect(seen.headers.cookie).toBeUndefined();
    expect(seen.rawQuery).toBe('');
  });

  it('optional auth ([] among the alternatives) sends none, even when credentials are set', async () => {
    upstream.on('GET', '/api/v1/apps', { body: {} });
    await client().call(operation({ security: [need('bearer_auth'), []] }));
    expect(upstream.last().headers.authorization).toBeUndefined();
  });

  it('per-call credentials replace the client credentials and are redacted too', async () => {
    upstream.on('GET', '/api/v1/apps', { status: 400, body: { message: 'per-call-secret-1 is wrong' } });
    const error = await failure(client().call(operation(), {}, { credentials: { API_TOKEN: 'per-call-secret-1' } }));
    expect(upstream.last().headers.authorization).toBe('Bearer per-call-secret-1');
    expect(error.message).toBe('HTTP 400 from GET /apps: [REDACTED] is wrong');
  });

  it('token exchange: the token source gives the bearer token; a 401 forces one refresh and retry', async () => {
    let issued = 0;
    const refreshes: boolean[] = [];
    const tokens: TokenSource = {
      token: async (scheme, definition, credentials, { forceRefresh }) => {
        expect(scheme).toBe('exchange');
        expect(definition.type).toBe('tokenExchange');
        expect(credentials.CLIENT_SECRET).toBe('client-secret-xyz');
        refreshes.push(forceRefresh);
        issued += 1;
        return `exchanged-token-${issued}`;
      },
    };
    upstream.on('GET', '/api/v1/apps', (seen) =>
      seen.headers.authorization === 'Bearer exchanged-token-2' ? { body: { ok: true } } : { status: 401, body: { message: 'expired' } },
    );
    const response = await client({ credentials: { CLIENT_ID: 'id', CLIENT_SECRET: 'client-secret-xyz' }, tokens }).call(
      operation({ security: [need('exchange')] }),
    );
    expect(response.data).toEqual({ ok: true });
    expect(refreshes).toEqual([false, true]);
    expect(upstream.requests).toHaveLength(2);
  });

  it('token exchange: a second 401 is an auth error with the tokens redacted', async () => {
    const tokens: TokenSource = { token: async () => 'exchanged-token-zzz' };
    upstream.on('GET', '/api/v1/apps', { status: 401, body: { message: 'token exchanged-token-zzz rejected' } });
    const error = await failure(
      client({ credentials: { CLIENT_ID: 'id', CLIENT_SECRET: 'sec-abc' }, tokens }).call(operation({ security: [need('exchange')] })),
    );
    expect(error.kind).toBe('auth');
    expect(error.message).toBe('HTTP 401 from GET /apps: token [REDACTED] rejected');
    expect(upstream.requests).toHaveLength(2);
  });

  it('token exchange without a token source is a configuration error', async () => {
    const error = await failure(
      client({ credentials: { CLIENT_ID: 'id', CLIENT_SECRET: 'sec' } }).call(operation({ security: [need('exchange')] })),
    );
    expect(error.kind).toBe('configuration');
    expect(upstream.requests).toHaveLength(0);
  });

  it('a 401 without token exchange is not retried', async () => {
    upstream.on('GET', '/api/v1/apps', { status: 401, body: { message: 'no' } });
    await failure(client({ retries: 2 }).call(operation()));
    expect(upstream.requests).toHaveLength(1);
  });
});

describe('ApiClient.baseUrlFor', () => {
  const op = operation();
  const apiWith = (overrides: Partial<ApiDefinition>): ApiDefinition => ({ ...api, ...overrides });

  function configurationErrorOf(fn: () => unknown): ConfigurationError {
    try {
      fn();
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigurationError);
      return error as ConfigurationError;
    }
    throw new Error('expected a ConfigurationError');
  }

  it('fills server variables: default, then client, then per call', () => {
    expect(new ApiClient(api).baseUrlFor(op)).toBe('https://my.example.com/api/v1');
    const configured = new ApiClient(api, { serverVariables: { domain: 'cloud.example.org' } });
    expect(configured.baseUrlFor(op)).toBe('https://cloud.example.org/api/v1');
    expect(configured.baseUrlFor(op, { domain: 'other.example.org:8443' })).toBe('https://other.example.org:8443/api/v1');
  });

  it('the baseUrl option replaces the server URL entirely', () => {
    expect(new ApiClient(api, { baseUrl: 'http://127.0.0.1:1/x' }).baseUrlFor(op, { domain: 'ignored' })).toBe('http://127.0.0.1:1/x');
  });

  it("an operation's own server URL wins over the API's", () => {
    expect(new ApiClient(api).baseUrlFor(operation({ serverUrl: 'https://uploads.{domain}/v2' }))).toBe(
      'https://uploads.my.example.com/v2',
    );
  });

  it('enforces an enum', () => {
    const regional = apiWith({
      serverUrl: 'https://{region}.api.example.com',
      serverVariables: { region: { default: 'eu', enum: ['eu', 'us'] } },
    });
    expect(new ApiClient(regional).baseUrlFor(op, { region: 'us' })).toBe('https://us.api.example.com');
    const error = configurationErrorOf(() => new ApiClient(regional).baseUrlFor(op, { region: 'evil.com/' }));
    expect(error.kind).toBe('configuration');
    expect(error.message).toBe('server variable region must be one of eu, us, not "evil.com/"');
  });

  it.each(['evil.com/x?y=', 'a b', 'user@evil.com', 'evil.com#', 'evil.com\\x', 'x\ny'])('refuses the characters in %j', (value) => {
    const error = configurationErrorOf(() => new ApiClient(api).baseUrlFor(op, { domain: value }));
    expect(error.message).toContain('server variable domain has characters a URL part cannot take');
  });

  it.each(['evil.com/', 'evil.com/x', 'evil.com:443/', '/evil'])('a host variable cannot change the host with %j', (value) => {
    const tenant = apiWith({
      serverUrl: 'https://{workspace}.{region}.alpacon.io',
      serverVariables: { workspace: { default: 'w' }, region: { default: 'ap1' } },
    });
    expect(() => new ApiClient(tenant).baseUrlFor(op, { workspace: value })).toThrow(ConfigurationError);
  });

  it('a host variable may carry a port, but not one that breaks the URL', () => {
    expect(new ApiClient(api).baseUrlFor(op, { domain: '127.0.0.1:8443' })).toBe('https://127.0.0.1:8443/api/v1');
    const tenant = apiWith({ serverUrl: 'https://{workspace}.example.io', serverVariables: { workspace: { default: 'w' } } });
    expect(new ApiClient(tenant).baseUrlFor(op, { workspace: 'team-1.eu' })).toBe('https://team-1.eu.example.io');
    expect(() => new ApiClient(tenant).baseUrlFor(op, { workspace: 'evil.com:80' })).toThrow(ConfigurationError);
  });

  it('a variable in the path may hold a path', () => {
    const pathApi = apiWith({ serverUrl: 'https://api.example.com/{basePath}', serverVariables: { basePath: { default: 'v1' } } });
    expect(new ApiClient(pathApi).baseUrlFor(op, { basePath: 'v2/beta' })).toBe('https://api.example.com/v2/beta');
  });

  it.each(['..', '.', '../admin', 'v1/../../admin', 'a/./b'])('a variable in the path cannot hold the dot segment in %j', (value) => {
    const pathApi = apiWith({ serverUrl: 'https://api.example.com/api/{tenant}/v1', serverVariables: { tenant: { default: 't' } } });
    const error = configurationErrorOf(() => new ApiClient(pathApi).baseUrlFor(op, { tenant: value }));
    expect(error.message).toContain('server variable tenant must not contain "." or ".." path segments');
  });

  it('a relative server URL is a configuration error naming <PREFIX>_BASE_URL', () => {
    const relative = apiWith({ serverUrl: '/api/v1', serverVariables: {} });
    const error = configurationErrorOf(() => new ApiClient(relative).baseUrlFor(op));
    expect(error.message).toBe('the API\'s server URL "/api/v1" is not absolute: set CLOUDRON_BASE_URL');
  });

  it('call() reports a bad server variable before sending anything', async () => {
    const error = await failure(
      new ApiClient(api, { credentials: { API_TOKEN: TOKEN } }).call(op, {}, { serverVariables: { domain: 'a b' } }),
    );
    expect(error.kind).toBe('configuration');
    expect(upstream.requests).toHaveLength(0);
  });
});
