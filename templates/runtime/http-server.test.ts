import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { RecordingUpstream } from '../../test/support/recording-upstream.js';
import { ConfigurationError } from './errors.js';
import { DEFAULT_SHUTDOWN_MS, httpOptionsFromEnv } from './http-options.js';
import { hostAllowed, isLoopback, originAllowed, type RunningHttpServer, serveHttp } from './http-server.js';
import { createLogger } from './log.js';
import { sharedStateFromEnv } from './shared-state.js';
import { api as fixtureApi } from '../../test/support/runtime-fixtures.js';
import type { ApiDefinition, ToolDefinition } from './types.js';

const api: ApiDefinition = {
  ...fixtureApi,
  securitySchemes: { bearer_auth: { env: ['API_TOKEN'], header: 'authorization', type: 'bearer' } },
};

const status: ToolDefinition = {
  operation: { method: 'GET', operationId: 'getStatus', params: [], path: '/status', security: [[{ scheme: 'bearer_auth', scopes: [] }]] },
  name: 'get_status',
  title: 'Get Status',
  description: 'Returns the status.',
  annotations: { destructiveHint: false, idempotentHint: true, openWorldHint: true, readOnlyHint: true },
  scope: 'read',
  confirm: false,
  startsTask: false,
  arguments: { params: [] },
  inputSchema: { type: 'object', properties: {}, additionalProperties: false },
};

describe('httpOptionsFromEnv', () => {
  it('is undefined without --http or <PREFIX>_HTTP_PORT (stdio)', () => {
    expect(httpOptionsFromEnv(api, {})).toBeUndefined();
  });

  it('reads flags first, then the environment, with safe defaults', () => {
    expect(httpOptionsFromEnv(api, {}, { http: '8080' })).toEqual({
      allowedHosts: [],
      allowedOrigins: [],
      envCredentials: false,
      host: '127.0.0.1',
      maxBodyBytes: 4 * 1024 * 1024,
      port: 8080,
      shutdownMs: DEFAULT_SHUTDOWN_MS,
    });
    expect(
      httpOptionsFromEnv(api, {
        CLOUDRON_HTTP_PORT: '9000',
        CLOUDRON_HTTP_HOST: '0.0.0.0',
        CLOUDRON_HTTP_TOKEN: 'sekret',
        CLOUDRON_ALLOWED_ORIGINS: 'https://app.example.com, http://intranet:8080/',
        CLOUDRON_HTTP_ENV_CREDENTIALS: 'yes',
        CLOUDRON_HTTP_SHUTDOWN_MS: '500',
        CLOUDRON_ALLOWED_HOSTS: 'MCP.example.com, proxy.internal:8443',
      }),
    ).toEqual({
      allowedHosts: ['mcp.example.com', 'proxy.internal:8443'],
      allowedOrigins: ['https://app.example.com', 'http://intranet:8080'],
      envCredentials: true,
      host: '0.0.0.0',
      maxBodyBytes: 4 * 1024 * 1024,
      port: 9000,
      shutdownMs: 500,
      token: 'sekret',
    });
    expect(httpOptionsFromEnv(api, { CLOUDRON_HTTP_PORT: '9000' }, { http: '1', host: '::1' })).toMatchObject({ port: 1, host: '::1' });
  });

  it('refuses bad values, naming where they came from', () => {
    const refuse = (env: Record<string, string>, flags = {}) =>
      expect(() => httpOptionsFromEnv(api, env, flags)).toThrow(ConfigurationError);
    refuse({}, { http: 'x' });
    refuse({}, { http: '70000' });
    refuse({ CLOUDRON_HTTP_PORT: '-1' });
    refuse({}, { host: '0.0.0.0' });
    refuse({ CLOUDRON_HTTP_PORT: '1', CLOUDRON_ALLOWED_ORIGINS: 'https://a.example.com/path' });
    refuse({ CLOUDRON_HTTP_PORT: '1', CLOUDRON_HTTP_ENV_CREDENTIALS: 'maybe' });
    refuse({ CLOUDRON_HTTP_PORT: '1', CLOUDRON_ALLOWED_HOSTS: 'https://mcp.example.com/' });
    expect(() => httpOptionsFromEnv(api, { CLOUDRON_HTTP_PORT: '1', CLOUDRON_HTTP_ENV_CREDENTIALS: '1' })).toThrow(
      'CLOUDRON_HTTP_ENV_CREDENTIALS=1 needs CLOUDRON_HTTP_TOKEN',
    );
    expect(() => httpOptionsFromEnv(api, { CLOUDRON_HTTP_PORT: 'eighty' })).toThrow('CLOUDRON_HTTP_PORT must be a port number');
  });
});

describe('originAllowed', () => {
  it('no Origin (not a browser) and local origins pass; others only when listed', () => {
    expect(originAllowed(undefined, [])).toBe(true);
    for (const origin of ['http://localhost', 'http://localhost:6274', 'https://127.0.0.1:8443', 'http://[::1]:3000']) {
      expect(originAllowed(origin, []), origin).toBe(true);
    }
    for (const origin of ['http://evil.example', 'null', 'file://', 'http://localhost.evil.example', 'http://127.0.0.1.nip.io']) {
      expect(originAllowed(origin, []), origin).toBe(false);
    }
    expect(originAllowed('https://app.example.com', ['https://app.example.com'])).toBe(true);
    expect(originAllowed('http://app.example.com', ['https://app.example.com'])).toBe(false);
  });
});

describe('hostAllowed', () => {
  const loopback = { host: '127.0.0.1', allowedHosts: [] };

  it('on a loopback bind serves only loopback names with the bound port', () => {
    for (const host of ['127.0.0.1:8080', 'localhost:8080', 'LOCALHOST:8080', '[::1]:8080']) {
      expect(hostAllowed(host, loopback, 8080), host).toBe(true);
    }
    for (const host of [
      undefined,
      '',
      'evil.example',
      'evil.example:8080',
      'localhost:8081',
      'localhost',
      '127.0.0.1.nip.io:8080',
      '[::1]x:8080',
    ]) {
      expect(hostAllowed(host, loopback, 8080), String(host)).toBe(false);
    }
    expect(hostAllowed('localhost', loopback, 80)).toBe(true);
  });

  it('serves the allowed hosts too (a reverse proxy), by name or name:port', () => {
    const proxied = { host: '127.0.0.1', allowedHosts: ['mcp.example.com', 'proxy.internal:8443'] };
    expect(hostAllowed('mcp.example.com', proxied, 8080)).toBe(true);
    expect(hostAllowed('mcp.example.com:443', proxied, 8080)).toBe(true);
    expect(hostAllowed('proxy.internal:8443', proxied, 8080)).toBe(true);
    expect(hostAllowed('proxy.internal:9000', proxied, 8080)).toBe(false);
  });

  it('off loopback serves any Host unless a list is set', () => {
    expect(hostAllowed('anything.example', { host: '0.0.0.0', allowedHosts: [] }, 8080)).toBe(true);
    expect(hostAllowed('anything.example', { host: '0.0.0.0', allowedHosts: ['mcp.example.com'] }, 8080)).toBe(false);
  });

  it('knows loopback addresses', () => {
    for (const host of ['127.0.0.1', '127.1.2.3', 'localhost', '::1', '[::1]']) expect(isLoopback(host), host).toBe(true);
    for (const host of ['0.0.0.0', '::', '10.0.0.1', '127.0.0.1.nip.io', 'localhost.evil.example'])
      expect(isLoopback(host), host).toBe(false);
  });
});

describe('serveHttp in process', () => {
  const upstream = new RecordingUpstream();
  let running: RunningHttpServer;
  const logs: string[] = [];
  const mcp = (body: unknown, headers: Record<string, string> = {}) =>
    fetch(running.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });

  beforeAll(async () => {
    await upstream.start();
    const options = httpOptionsFromEnv(api, { CLOUDRON_HTTP_SHUTDOWN_MS: '2000' }, { http: '0' });
    if (!options) throw new Error('no options');
    running = await serveHttp(
      api,
      [status],
      {
        baseUrl: `${upstream.url}/api/v1`,
        credentials: { API_TOKEN: 'env-token' },
        logger: createLogger('test', 'debug', (line) => logs.push(line)),
        state: await sharedStateFromEnv(api, {}),
      },
      { ...options, maxBodyBytes: 1024 },
    );
  });

  afterAll(async () => {
    await running.close();
    await upstream.stop();
  });

  beforeEach(() => upstream.reset());

  it("answers a tools/call without a prior initialize (stateless), with the caller's token", async () => {
    upstream.on('GET', '/api/v1/status', { body: { ok: true } });
    const response = await mcp(
      { jsonrpc: '2.0', id: 7, method: 'tools/call', params: { name: 'get_status', arguments: {} } },
      { authorization: 'Bearer mine' },
    );
    expect(response.status).toBe(200);
    expect(response.headers.get('mcp-session-id')).toBeNull();
    const text = await response.text();
    expect(text).toContain('"id":7');
    expect(upstream.last().headers.authorization).toBe('Bearer mine');
    expect(logs.some((line) => line.includes('credentials in the environment are not used over HTTP'))).toBe(true);
  });

  it('refuses bodies that are too large or not JSON, with JSON-RPC errors', async () => {
    const large = await mcp({ jsonrpc: '2.0', id: 1, method: 'tools/list', params: { pad: 'x'.repeat(2000) } });
    expect(large.status).toBe(413);
    expect(await large.json()).toMatchObject({ jsonrpc: '2.0', error: { code: -32600 } });
    const broken = await mcp('{not json');
    expect(broken.status).toBe(400);
    expect(await broken.json()).toMatchObject({ error: { code: -32700 } });
  });

  it('answers a CORS preflight from an allowed origin only', async () => {
    const preflight = await fetch(running.url, {
      method: 'OPTIONS',
      headers: { origin: 'http://localhost:6274', 'access-control-request-headers': 'content-type, authorization' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('http://localhost:6274');
    expect(preflight.headers.get('access-control-allow-headers')).toBe('content-type, authorization');
    expect((await fetch(running.url, { method: 'OPTIONS', headers: { origin: 'https://evil.example' } })).status).toBe(403);
  });

  it('close() waits for the call in flight, refusing new connections meanwhile', async () => {
    upstream.on('GET', '/api/v1/status', { delayMs: 400, body: { ok: 'slow' } });
    const call = mcp(
      { jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'get_status', arguments: {} } },
      { authorization: 'Bearer x' },
    );
    while (upstream.requests.length === 0) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(running.inflight()).toBe(1);
    const closing = running.close();
    const response = await call;
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('slow');
    await closing;
    expect(running.inflight()).toBe(0);
    await expect(fetch(`${new URL(running.url).origin}/health`)).rejects.toThrow();
  });
});
