import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadSpec } from '../../generator/load/index.js';
import { TOOL_NAME_PATTERN } from '../../generator/model/naming.js';
import { builtServer, connectStdio, ROOT, type StdioSession, textOf } from '../support/mcp-client.js';
import { RecordingUpstream } from '../support/recording-upstream.js';

/** A token value planted to prove it never leaves through any output. */
const TOKEN = 'cloudron-e2e-secret-7d1f2a9b';
const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options', 'trace'];

const upstream = new RecordingUpstream();
let session: StdioSession;

beforeAll(async () => {
  await upstream.start();
  session = await connectStdio(builtServer('cloudron'), {
    CLOUDRON_BASE_URL: `${upstream.url}/api/v1`,
    CLOUDRON_API_TOKEN: TOKEN,
    CLOUDRON_TIMEOUT_MS: '1500',
  });
});

afterAll(async () => {
  await session?.close();
  await upstream.stop();
});

beforeEach(() => upstream.reset());

const call = async (name: string, args: Record<string, unknown> = {}) => {
  const result = await session.client.callTool({ name, arguments: args });
  const text = textOf(result);
  expect(text).not.toContain(TOKEN);
  return { result, text };
};

describe('tools/list', () => {
  it('has one tool per operation in the spec, each valid, unique and fully annotated', async () => {
    const spec = await loadSpec('specs/cloudron.yaml', { root: ROOT });
    const operations = Object.values(spec.document.paths as Record<string, Record<string, unknown>>).flatMap((item) =>
      Object.keys(item).filter((key) => HTTP_METHODS.includes(key)),
    ).length;
    const { tools } = await session.client.listTools();
    expect(tools).toHaveLength(operations);
    expect(operations).toBe(240);
    expect(new Set(tools.map((tool) => tool.name)).size).toBe(tools.length);
    for (const tool of tools) {
      expect(tool.name).toMatch(TOOL_NAME_PATTERN);
      expect(tool.inputSchema.type).toBe('object');
      expect(tool.description?.length).toBeGreaterThan(10);
      for (const hint of ['readOnlyHint', 'destructiveHint', 'idempotentHint', 'openWorldHint'] as const) {
        expect(typeof tool.annotations?.[hint], `${tool.name}.${hint}`).toBe('boolean');
      }
    }
    const byName = Object.fromEntries(tools.map((tool) => [tool.name, tool]));
    expect(byName.list_apps?.annotations).toMatchObject({ readOnlyHint: true, destructiveHint: false });
    expect(byName.uninstall_app?.annotations).toMatchObject({ readOnlyHint: false, destructiveHint: true });
    expect(byName.delete_user?.annotations).toMatchObject({ destructiveHint: true, idempotentHint: true });
  });
});

describe('tools/call reaches the upstream exactly as the spec says', () => {
  it('path parameter: get_app', async () => {
    upstream.on('GET', '/api/v1/apps/app-1', {
      body: { id: 'app-1', appStoreId: 'io.cloudron.surfer', manifest: { id: 'io.cloudron.surfer' } },
    });
    const { result } = await call('get_app', { appId: 'app-1' });
    expect(result.isError).toBeFalsy();
    expect(result.structuredContent).toMatchObject({ id: 'app-1' });
    const seen = upstream.last();
    expect(seen).toMatchObject({ method: 'GET', path: '/api/v1/apps/app-1', rawQuery: '', body: '' });
    expect(seen.headers.authorization).toBe(`Bearer ${TOKEN}`);
  });

  it('query parameters: get_users with paging and a filter', async () => {
    upstream.on('GET', '/api/v1/users', { body: { users: [] } });
    const { result } = await call('get_users', { page: 2, per_page: 10, search: 'ann smith' });
    expect(result.isError).toBeFalsy();
    expect(upstream.last()).toMatchObject({
      method: 'GET',
      path: '/api/v1/users',
      query: { page: '2', per_page: '10', search: 'ann smith' },
    });
  });

  it('JSON body: add_user sends exactly the given fields', async () => {
    upstream.on('POST', '/api/v1/users', { status: 201, body: { id: 'uid-1' } });
    const { result } = await call('add_user', { email: 'ann@example.com', username: 'ann', displayName: 'Ann' });
    expect(result.isError).toBeFalsy();
    const seen = upstream.last();
    expect(seen.headers['content-type']).toBe('application/json');
    expect(JSON.parse(seen.body)).toEqual({ email: 'ann@example.com', username: 'ann', displayName: 'Ann' });
  });

  it('202 task: restart_app answers the task id', async () => {
    upstream.on('POST', '/api/v1/apps/app-1/restart', { status: 202, body: { taskId: '295' } });
    const { result, text } = await call('restart_app', { appId: 'app-1' });
    expect(result.isError).toBeFalsy();
    expect(text).toContain('"taskId":"295"');
    expect(upstream.last()).toMatchObject({ method: 'POST', path: '/api/v1/apps/app-1/restart' });
  });

  it('204 empty: delete_user reports success without a body', async () => {
    upstream.on('DELETE', '/api/v1/users/uid-1', { status: 204 });
    const { result, text } = await call('delete_user', { userId: 'uid-1', confirm: true });
    expect(result.isError).toBeFalsy();
    expect(text).toMatch(/HTTP 204/);
    expect(upstream.last()).toMatchObject({ method: 'DELETE', path: '/api/v1/users/uid-1' });
  });

  it('401: an isError result with the status and the API message, token never echoed', async () => {
    upstream.on('GET', '/api/v1/apps', { status: 401, body: { status: 'Unauthorized', message: `Invalid token ${TOKEN}` } });
    const { result, text } = await call('list_apps');
    expect(result.isError).toBe(true);
    expect(text).toContain('HTTP 401');
    expect(text).toContain('Invalid token [REDACTED]');
  });

  it('404: names the operation and passes the message on', async () => {
    upstream.on('GET', '/api/v1/apps/nope', { status: 404, body: { status: 'Not Found', message: 'No such app' } });
    const { result, text } = await call('get_app', { appId: 'nope' });
    expect(result.isError).toBe(true);
    expect(text).toBe('HTTP 404 from GET /apps/{appId}: No such app Retrying the same call will not help.');
  });

  it('500 with an HTML body: a readable error that says a retry may help', async () => {
    upstream.on('GET', '/api/v1/cloudron/status', {
      status: 500,
      raw: true,
      headers: { 'content-type': 'text/html' },
      body: '<html><body><h1>Internal Server Error</h1></body></html>',
    });
    const { result, text } = await call('get_cloudron_status');
    expect(result.isError).toBe(true);
    expect(text).toContain('HTTP 500');
    expect(text).toContain('Internal Server Error');
    expect(text).toContain('may succeed if retried');
  });

  it('timeout: a slow upstream gives an isError within the configured time, and the server keeps serving', async () => {
    upstream.on('POST', '/api/v1/apps/app-1/stop', { status: 202, delayMs: 4000, body: { taskId: '1' } });
    const started = Date.now();
    const { result, text } = await call('stop_app', { appId: 'app-1' });
    expect(result.isError).toBe(true);
    expect(text).toMatch(/did not answer within 1500 ms/);
    expect(Date.now() - started).toBeLessThan(3500);
    upstream.on('GET', '/api/v1/cloudron/status', { body: { version: '8.3.0' } });
    expect((await call('get_cloudron_status')).result.isError).toBeFalsy();
  });

  it('bad arguments: isError naming the argument, and nothing is sent upstream', async () => {
    const missing = await call('get_app', {});
    expect(missing.result.isError).toBe(true);
    expect(missing.text).toContain('missing required argument "appId"');
    const wrongType = await call('set_app_memory_limit', { appId: 'a', memoryLimit: 'lots' });
    expect(wrongType.result.isError).toBe(true);
    expect(wrongType.text).toContain('"memoryLimit"');
    const unknown = await call('list_apps', { colour: 'blue' });
    expect(unknown.text).toContain('unknown argument "colour"');
    const traversal = await call('get_app', { appId: '..' });
    expect(traversal.text).toContain('argument "appId" must not be "." or ".."');
    expect(upstream.requests).toHaveLength(0);
  });

  it('unauthenticated operations send no token', async () => {
    upstream.on('GET', '/api/v1/cloudron/status', { body: { version: '8.3.0' } });
    await call('get_cloudron_status');
    expect(upstream.last().headers.authorization).toBeUndefined();
  });

  it('the token never appears in the server log', () => {
    expect(session.stderr()).not.toContain(TOKEN);
  });
});

describe('start-up', () => {
  it('answers the handshake, ping and tools/list without the MCP SDK; the first call loads it, once', async () => {
    const fresh = await connectStdio(builtServer('cloudron'), {
      CLOUDRON_BASE_URL: `${upstream.url}/api/v1`,
      CLOUDRON_API_TOKEN: TOKEN,
      CLOUDRON_LOG_LEVEL: 'debug',
    });
    const loads = () => fresh.stderr().match(/MCP SDK server loaded/g)?.length ?? 0;
    try {
      expect((await fresh.client.listTools()).tools.length).toBeGreaterThan(200);
      await fresh.client.ping();
      expect(loads()).toBe(0);
      upstream.on('GET', '/api/v1/cloudron/status', { body: { version: '8.1.0' } });
      for (let round = 0; round < 3; round++) {
        const result = await fresh.client.callTool({ name: 'get_cloudron_status', arguments: {} });
        expect(result.structuredContent).toEqual({ version: '8.1.0' });
      }
      for (let waited = 0; loads() === 0 && waited < 3000; waited += 20) await new Promise((resolve) => setTimeout(resolve, 20));
      expect(loads()).toBe(1);
      expect(fresh.stderr()).not.toContain(TOKEN);
    } finally {
      await fresh.close();
    }
  });
});

describe('read-only mode', () => {
  it('serves only read-scope tools with --read-only and with CLOUDRON_READ_ONLY=1', async () => {
    const bin = builtServer('cloudron');
    for (const [args, env] of [
      [['--read-only'], {}],
      [[], { CLOUDRON_READ_ONLY: '1' }],
    ] as const) {
      const readOnly = await connectStdio(bin, { CLOUDRON_BASE_URL: upstream.url, CLOUDRON_API_TOKEN: TOKEN, ...env }, [...args]);
      try {
        const { tools } = await readOnly.client.listTools();
        const names = tools.map((tool) => tool.name);
        expect(names).toContain('list_apps');
        expect(names).not.toContain('uninstall_app');
        expect(names).not.toContain('add_user');
        expect(tools.length).toBeGreaterThan(80);
        expect(tools.length).toBeLessThan(140);
        const denied = await readOnly.client.callTool({ name: 'uninstall_app', arguments: { appId: 'a' } });
        expect(denied.isError).toBe(true);
      } finally {
        await readOnly.close();
      }
    }
  });
});
