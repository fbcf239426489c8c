import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { connectHttp, type HttpServerProcess, postMcp, runToExit, startHttpServer } from '../support/http-server.js';
import { builtServer, textOf } from '../support/mcp-client.js';
import { RecordingUpstream } from '../support/recording-upstream.js';

const ENV_TOKEN = 'operator-env-token-5c1e0f';
const ENDPOINT_TOKEN = 'endpoint-token-8d3b6a21c4f0';
const upstream = new RecordingUpstream();
let bin: string;
let open: HttpServerProcess;
let guarded: HttpServerProcess;

beforeAll(async () => {
  await upstream.start();
  bin = builtServer('cloudron');
  const base = { CLOUDRON_BASE_URL: `${upstream.url}/api/v1`, CLOUDRON_TIMEOUT_MS: '5000' };
  // The operator's own token is in the environment: over HTTP it must not serve callers.
  open = await startHttpServer(bin, { ...base, CLOUDRON_API_TOKEN: ENV_TOKEN });
  guarded = await startHttpServer(bin, {
    ...base,
    CLOUDRON_HTTP_TOKEN: ENDPOINT_TOKEN,
    CLOUDRON_ALLOWED_ORIGINS: 'https://app.example.com',
  });
});

afterAll(async () => {
  await open?.stop();
  await guarded?.stop();
  await upstream.stop();
});

beforeEach(() => {
  upstream.reset();
  upstream.on('GET', '/api/v1/apps', (request) => ({ body: { apps: [{ id: 'a1', sawAuth: request.headers.authorization }] } }));
});

describe('Streamable HTTP with the real SDK client', () => {
  it("lists the tools and calls one with the caller's Authorization header", async () => {
    const client = await connectHttp(open.url, { Authorization: 'Bearer caller-token-1' });
    const { tools } = await client.listTools();
    expect(tools).toHaveLength(240);
    const result = await client.callTool({ name: 'list_apps', arguments: {} });
    expect(result.isError).toBeFalsy();
    expect(upstream.requests).toHaveLength(1);
    expect(upstream.last().headers.authorization).toBe('Bearer caller-token-1');
    await client.close();
  });

  it('a raw token without "Bearer" and the alias header work too', async () => {
    for (const headers of [{ Authorization: 'caller-token-2' }, { 'X-Cloudron-Api-Token': 'caller-token-2' }] as Record<string, string>[]) {
      upstream.requests.length = 0;
      const client = await connectHttp(open.url, headers);
      expect((await client.callTool({ name: 'list_apps', arguments: {} })).isError).toBeFalsy();
      expect(upstream.last().headers.authorization).toBe('Bearer caller-token-2');
      await client.close();
    }
  });

  it('a caller without credentials gets an isError naming the header, and the env token is never used', async () => {
    const client = await connectHttp(open.url);
    const result = await client.callTool({ name: 'list_apps', arguments: {} });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toContain('no credentials for GET /apps: set the HTTP header `Authorization: Bearer <API_TOKEN>`');
    expect(textOf(result)).toContain('X-Cloudron-Api-Token');
    expect(upstream.requests).toHaveLength(0);
    await client.close();
  });

  it('GET /health answers JSON without auth; GET /mcp is 405 (stateless); other paths 404', async () => {
    for (const server of [open, guarded]) {
      const health = await fetch(`${server.origin}/health`);
      expect(health.status).toBe(200);
      expect(health.headers.get('content-type')).toBe('application/json');
      expect(await health.json()).toMatchObject({
        status: 'ok',
        server: '@mcpgen/cloudron',
        transport: 'streamable-http',
        state: 'memory',
      });
    }
    expect((await fetch(open.url)).status).toBe(405);
    expect((await fetch(`${open.origin}/other`)).status).toBe(404);
  });

  it('a client that does not accept text/event-stream is refused (406)', async () => {
    const response = await postMcp(
      open.url,
      { jsonrpc: '2.0', id: 1, method: 'tools/list', params: {} },
      { accept: 'application/json', authorization: 'Bearer x' },
    );
    expect(response.status).toBe(406);
  });
});

describe('Origin validation (DNS-rebinding protection)', () => {
  const list = { jsonrpc: '2.0', id: 1, method: 'tools/list', params: {} };

  it('refuses a foreign Origin with 403, before anything else', async () => {
    for (const origin of ['http://evil.example', 'http://attacker.localhost.evil.example:8080', 'null']) {
      const response = await postMcp(open.url, list, { origin });
      expect(response.status, origin).toBe(403);
      expect(await response.text()).toContain('is not allowed');
    }
    expect(upstream.requests).toHaveLength(0);
  });

  it('lets local origins and listed ones through', async () => {
    for (const origin of ['http://localhost:6274', 'http://127.0.0.1:3000', 'http://[::1]:8080']) {
      const response = await postMcp(open.url, list, { origin });
      expect(response.status, origin).toBe(200);
      expect(response.headers.get('access-control-allow-origin')).toBe(origin);
    }
    const listed = await postMcp(guarded.url, list, { origin: 'https://app.example.com', authorization: `Bearer ${ENDPOINT_TOKEN}` });
    expect(listed.status).toBe(200);
    expect((await postMcp(open.url, list, { origin: 'https://app.example.com' })).status).toBe(403);
  });
});

describe('endpoint token (<PREFIX>_HTTP_TOKEN)', () => {
  it('refuses /mcp without the right bearer token', async () => {
    const list = { jsonrpc: '2.0', id: 1, method: 'tools/list', params: {} };
    for (const authorization of [undefined, 'Bearer wrong', `Bearer ${ENDPOINT_TOKEN}x`, ENDPOINT_TOKEN]) {
      const response = await postMcp(guarded.url, list, authorization ? { authorization } : {});
      expect(response.status, authorization).toBe(401);
      expect(response.headers.get('www-authenticate')).toBe('Bearer realm="mcp"');
    }
  });

  it("with the token, the caller's credential goes in the alias header, since Authorization is taken", async () => {
    const client = await connectHttp(guarded.url, { Authorization: `Bearer ${ENDPOINT_TOKEN}`, 'X-Cloudron-Api-Token': 'caller-token-3' });
    expect((await client.callTool({ name: 'list_apps', arguments: {} })).isError).toBeFalsy();
    expect(upstream.last().headers.authorization).toBe('Bearer caller-token-3');
    await client.close();

    const bare = await connectHttp(guarded.url, { Authorization: `Bearer ${ENDPOINT_TOKEN}` });
    const result = await bare.callTool({ name: 'list_apps', arguments: {} });
    expect(result.isError).toBe(true);
    // The endpoint token is never mistaken for the caller's API token.
    expect(textOf(result)).toContain('set the HTTP header `X-Cloudron-Api-Token: <API_TOKEN>`');
    expect(upstream.requests).toHaveLength(1);
    await bare.close();
  });
});

describe('environment credentials over HTTP', () => {
  it('are used for callers without headers only when <PREFIX>_HTTP_ENV_CREDENTIALS=1 (with <PREFIX>_HTTP_TOKEN)', async () => {
    const server = await startHttpServer(bin, {
      CLOUDRON_BASE_URL: `${upstream.url}/api/v1`,
      CLOUDRON_API_TOKEN: ENV_TOKEN,
      CLOUDRON_HTTP_ENV_CREDENTIALS: '1',
      CLOUDRON_HTTP_TOKEN: ENDPOINT_TOKEN,
    });
    try {
      const endpoint = { Authorization: `Bearer ${ENDPOINT_TOKEN}` };
      const anonymous = await connectHttp(server.url, endpoint);
      expect((await anonymous.callTool({ name: 'list_apps', arguments: {} })).isError).toBeFalsy();
      expect(upstream.last().headers.authorization).toBe(`Bearer ${ENV_TOKEN}`);
      const caller = await connectHttp(server.url, { ...endpoint, 'X-Cloudron-Api-Token': 'own-token' });
      expect((await caller.callTool({ name: 'list_apps', arguments: {} })).isError).toBeFalsy();
      expect(upstream.last().headers.authorization).toBe('Bearer own-token');
      await anonymous.close();
      await caller.close();
    } finally {
      await server.stop();
    }
  });
});

describe('graceful shutdown', () => {
  it('on SIGTERM stops accepting, finishes the call in flight, then exits 0', async () => {
    const server = await startHttpServer(bin, { CLOUDRON_BASE_URL: `${upstream.url}/api/v1`, CLOUDRON_LOG_LEVEL: 'info' });
    upstream.on('GET', '/api/v1/apps', (request) => ({ delayMs: 1500, body: { apps: [], sawAuth: request.headers.authorization } }));
    const client = await connectHttp(server.url, { Authorization: 'Bearer slow-caller' });
    const call = client.callTool({ name: 'list_apps', arguments: {} });
    const started = Date.now();
    while (upstream.requests.length === 0) {
      if (Date.now() - started > 5000) throw new Error('the call never reached the upstream');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    server.child.kill('SIGTERM');
    await new Promise((resolve) => setTimeout(resolve, 200));
    // No new work once shutting down: the port is closed (or a kept-alive connection gets 503).
    const health = await fetch(`${server.origin}/health`).then(
      (response) => response.status,
      () => 'refused',
    );
    expect([503, 'refused']).toContain(health);
    const result = await call;
    expect(result.isError).toBeFalsy();
    expect(result.structuredContent).toMatchObject({ apps: [] });
    expect(upstream.last().headers.authorization).toBe('Bearer slow-caller');
    expect(await server.exited).toBe(0);
    expect(server.stderr()).toContain('waiting for calls in flight');
    expect(server.stderr()).toContain('"message":"stopped"');
    await client.close().catch(() => undefined);
  });
});

describe('HTTP configuration errors exit 2', () => {
  it('names the bad setting', async () => {
    expect(await runToExit(bin, {}, ['--http', 'eighty'])).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('--http must be a port number'),
    });
    expect(await runToExit(bin, {}, ['--host', '0.0.0.0'])).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('--host needs --http'),
    });
    expect(await runToExit(bin, { CLOUDRON_ALLOWED_ORIGINS: 'not an origin' }, ['--http', '0'])).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('CLOUDRON_ALLOWED_ORIGINS'),
    });
    const busy = await runToExit(bin, {}, ['--http', String(new URL(open.url).port)]);
    expect(busy).toMatchObject({ code: 2, stderr: expect.stringContaining('the port is in use') });
  });
});

describe('Alpacon over HTTP: the token in Authorization, region and workspace as tool arguments', () => {
  it('sends the caller\'s token (as "token=<key>") to the workspace the call names', async () => {
    const server = await startHttpServer(builtServer('alpacon'), {
      ALPACON_BASE_URL: `${upstream.url}/{region}/{workspace}`,
      ALPACON_TOKEN: ENV_TOKEN,
    });
    try {
      upstream.on('GET', /^\/(ap1|us1)\/[a-z-]+\/api\/alerts\/$/, { body: { count: 0, next: null, previous: null, results: [] } });
      const tenants = [
        { token: 'alpacon-token-one', region: 'us1', workspace: 'tenant-one', header: 'token=alpacon-token-one' },
        { token: 'alpacon-token-two', region: 'ap1', workspace: 'tenant-two', header: 'Bearer alpacon-token-two' },
      ];
      for (const tenant of tenants) {
        const client = await connectHttp(server.url, { Authorization: tenant.header });
        const result = await client.callTool({ name: 'list_alerts', arguments: { region: tenant.region, workspace: tenant.workspace } });
        expect(result.isError, textOf(result)).toBeFalsy();
        expect(upstream.last()).toMatchObject({ path: `/${tenant.region}/${tenant.workspace}/api/alerts/` });
        expect(upstream.last().headers.authorization).toBe(`token=${tenant.token}`);
        await client.close();
      }
      const anonymous = await connectHttp(server.url);
      const refused = await anonymous.callTool({ name: 'list_alerts', arguments: { region: 'ap1', workspace: 'tenant-two' } });
      expect(refused.isError).toBe(true);
      expect(textOf(refused)).toContain('set the HTTP header `Authorization: token=<TOKEN>` (or `X-Alpacon-Token: <TOKEN>`)');
      await anonymous.close();
    } finally {
      await server.stop();
    }
  });
});
