import { request as httpRequest } from 'node:http';
import path from 'node:path';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MockUpstream } from '../../generator/mock/index.js';
import { connectHttp, type HttpServerProcess, runToExit, startHttpServer } from '../support/http-server.js';
import { connectStdio, ROOT, type StdioSession, textOf } from '../support/mcp-client.js';
import { type MockUpstreams, startMockUpstreams } from '../support/mock-upstreams.js';

/**
 * `mcpgen hub` over Streamable HTTP (each caller's credentials per API from its own headers) and
 * `--tools code` (one program calling several APIs), with the real SDK client against the
 * `mcpgen mock` upstreams.
 */
const APIS = ['alpacon', 'cloudron', 'cloudways', 'control-plane', 'mcpbox'] as const;
const CLI = path.join(ROOT, 'dist', 'generator', 'cli', 'index.js');
const FOLDERS = APIS.map((api) => path.join(ROOT, 'generated', api));
let mocks: MockUpstreams;
const upstreams = new Map<string, MockUpstream>();
const baseUrls: Record<string, string> = {};
const clients: Client[] = [];
const servers: HttpServerProcess[] = [];
const sessions: StdioSession[] = [];

beforeAll(async () => {
  mocks = await startMockUpstreams(APIS);
  for (const [api, upstream] of mocks.upstreams) upstreams.set(api, upstream);
  Object.assign(baseUrls, mocks.baseUrls);
}, 120_000);

afterAll(async () => {
  for (const client of clients) await client.close();
  for (const server of servers) await server.stop();
  for (const session of sessions) await session.close();
  await mocks.close();
});

const hubOverHttp = async (env: Record<string, string> = {}) => {
  const server = await startHttpServer(CLI, { ...baseUrls, MCPGEN_HUB_LOG_LEVEL: 'info', ...env }, [], ['hub', ...FOLDERS]);
  servers.push(server);
  return server;
};

const connect = async (url: string, headers: Record<string, string>) => {
  const client = await connectHttp(url, headers);
  clients.push(client);
  return client;
};

/** GET /health with this Host header (fetch would not send a foreign one). */
function healthStatusFor(url: string, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(
      { host: '127.0.0.1', port: new URL(url).port, path: '/health', setHost: false, headers: { host } },
      (response) => {
        response.resume();
        resolve(response.statusCode ?? 0);
      },
    );
    request.once('error', reject);
    request.end();
  });
}

/** Every header and body an upstream received, as one string to search for secrets. */
const seen = (api: string) => JSON.stringify(upstreams.get(api)?.requests.map((request) => [request.headers, request.body]));

describe('mcpgen hub --http', () => {
  it('gives each caller’s credentials to its own API only, callers interleaved', async () => {
    const server = await hubOverHttp({ CLOUDRON_API_TOKEN: 'env-cloudron-token-never-used' });
    expect(server.stderr()).toContain('serving the hub over Streamable HTTP');
    const health = await fetch(new URL('/health', server.origin));
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: 'ok', server: 'mcpgen-hub', transport: 'streamable-http' });

    // Cloudron and Alpacon both read Authorization: in the hub each takes its alias header instead.
    const callers = [
      { cloudron: 'caller-a-cloudron-secret', alpacon: 'caller-a-alpacon-secret' },
      { cloudron: 'caller-b-cloudron-secret', alpacon: 'caller-b-alpacon-secret' },
    ];
    const [first, second] = await Promise.all(
      callers.map((caller) => connect(server.url, { 'X-Cloudron-Api-Token': caller.cloudron, 'X-Alpacon-Token': caller.alpacon })),
    );
    const calls = [first, second, first, second].flatMap((client) => [
      client?.callTool({ name: 'cloudron_list_apps', arguments: {} }),
      client?.callTool({ name: 'alpacon_list_servers', arguments: {} }),
    ]);
    for (const result of await Promise.all(calls)) expect(result?.isError, textOf(result ?? { content: [] })).toBeFalsy();

    const cloudron = upstreams.get('cloudron')?.requests ?? [];
    const alpacon = upstreams.get('alpacon')?.requests ?? [];
    const bearer = (headers: Record<string, unknown>) => String(headers.authorization ?? '');
    expect(new Set(cloudron.map((request) => bearer(request.headers)))).toEqual(
      new Set(callers.map((caller) => `Bearer ${caller.cloudron}`)),
    );
    expect(
      alpacon.map((request) => bearer(request.headers)).every((value) => callers.some((caller) => value.includes(caller.alpacon))),
    ).toBe(true);
    // No API saw another API's credential, and nobody was served the environment's.
    for (const caller of callers) {
      expect(seen('cloudron')).not.toContain(caller.alpacon);
      expect(seen('alpacon')).not.toContain(caller.cloudron);
    }
    expect(seen('cloudron')).not.toContain('env-cloudron-token-never-used');

    // A caller with no Cloudron credential gets an error naming the header, not the environment's token.
    const anonymous = await connect(server.url, { 'X-Alpacon-Token': 'caller-c-alpacon-secret' });
    const refused = await anonymous.callTool({ name: 'cloudron_list_apps', arguments: {} });
    expect(refused.isError).toBe(true);
    expect(textOf(refused)).toContain('X-Cloudron-Api-Token');
    expect(seen('cloudron')).not.toContain('env-cloudron-token-never-used');
    expect(server.stderr()).not.toContain('caller-a-cloudron-secret');
  });

  it('keeps the endpoint token, Host check and destructive approval rules of a single package', async () => {
    const server = await hubOverHttp({ MCPGEN_HUB_HTTP_TOKEN: 'hub-endpoint-token' });
    const unauthorised = await fetch(server.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(unauthorised.status).toBe(401);
    expect(await healthStatusFor(server.url, 'evil.example')).toBe(403);
    expect(await healthStatusFor(server.url, new URL(server.url).host)).toBe(200);

    const client = await connect(server.url, { authorization: 'Bearer hub-endpoint-token', 'X-Cloudron-Api-Token': 'caller-d-secret' });
    const before = upstreams.get('cloudron')?.requests.length ?? 0;
    const refused = await client.callTool({ name: 'cloudron_uninstall_app', arguments: { appId: 'app-1', confirm: true } });
    expect(refused.isError).toBe(true);
    expect(textOf(refused)).toContain('X-Cloudron-Confirm');
    expect(upstreams.get('cloudron')?.requests.length).toBe(before);

    // Another API's approval header does not approve Cloudron's tool.
    const elsewhere = await connect(server.url, {
      authorization: 'Bearer hub-endpoint-token',
      'X-Cloudron-Api-Token': 'caller-d-secret',
      'X-Alpacon-Confirm': '*',
    });
    expect((await elsewhere.callTool({ name: 'cloudron_uninstall_app', arguments: { appId: 'app-1' } })).isError).toBe(true);
    expect(upstreams.get('cloudron')?.requests.length).toBe(before);

    const approved = await connect(server.url, {
      authorization: 'Bearer hub-endpoint-token',
      'X-Cloudron-Api-Token': 'caller-d-secret',
      'X-Cloudron-Confirm': 'uninstall_app',
    });
    const done = await approved.callTool({ name: 'cloudron_uninstall_app', arguments: { appId: 'app-1' } });
    expect(textOf(done)).not.toContain('destructive');
    expect(upstreams.get('cloudron')?.requests.length).toBeGreaterThan(before);

    expect(await server.stop()).toBe(0);
  });

  it('serves the environment’s credentials only when opted in, and the opt-in needs the endpoint token', async () => {
    const refused = await runToExit(CLI, { ...baseUrls, MCPGEN_HUB_HTTP_ENV_CREDENTIALS: '1' }, ['hub', ...FOLDERS, '--http', '0']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('MCPGEN_HUB_HTTP_ENV_CREDENTIALS=1 needs MCPGEN_HUB_HTTP_TOKEN');

    const server = await hubOverHttp({
      MCPGEN_HUB_HTTP_ENV_CREDENTIALS: '1',
      MCPGEN_HUB_HTTP_TOKEN: 'hub-endpoint-token-2',
      CLOUDRON_API_TOKEN: 'env-cloudron-token-opted-in',
    });
    const client = await connect(server.url, { authorization: 'Bearer hub-endpoint-token-2' });
    const result = await client.callTool({ name: 'cloudron_list_apps', arguments: {} });
    expect(result.isError, textOf(result)).toBeFalsy();
    expect(seen('cloudron')).toContain('env-cloudron-token-opted-in');
  });
});

describe('mcpgen hub --tools code', () => {
  it('serves two small tools; one program calls two APIs through their own runtimes', async () => {
    const session = await connectStdio(
      CLI,
      {
        ...baseUrls,
        MCPGEN_HUB_LOG_LEVEL: 'warn',
        CLOUDRON_API_TOKEN: 'cloudron-code-secret',
        ALPACON_TOKEN: 'alpacon-code-secret',
        ALPACON_READ_ONLY: '1',
        MCPGEN_HUB_CODE_MAX_CALLS: '3',
      },
      ['hub', ...FOLDERS, '--tools', 'code', '--code-max-workers', '1'],
    );
    sessions.push(session);
    const { tools } = await session.client.listTools();
    expect(tools.map((tool) => tool.name)).toEqual(['search_operations', 'execute']);
    const bytes = Buffer.byteLength(JSON.stringify({ tools }));
    expect(bytes).toBeLessThanOrEqual(2048);

    const search = await session.client.callTool({ name: 'search_operations', arguments: { query: 'list kubernetes clusters' } });
    const signatures = (search.structuredContent as { results: { signature: string }[] }).results.map((hit) => hit.signature);
    expect(signatures.some((signature) => signature.startsWith('control_plane.list_clusters('))).toBe(true);
    // each step of a task, across APIs, in one search call
    const several = await session.client.callTool({
      name: 'search_operations',
      arguments: { queries: ['list kubernetes clusters', 'cloudron list apps'] },
    });
    const found = (several.structuredContent as { results: { signature: string }[] }).results.map((hit) => hit.signature.split('(')[0]);
    expect(found).toEqual(expect.arrayContaining(['control_plane.list_clusters', 'cloudron.list_apps']));
    expect(found).toHaveLength(new Set(found).size);

    const program = `async function run(api: any) {
      const apps = await api.cloudron.list_apps();
      const servers = await api.alpacon.list_servers();
      let refused = '';
      try { await api.alpacon.delete_server({ id: 'x' }); } catch (error) { refused = String(error.message ?? error); }
      return { apps: typeof apps, servers: typeof servers, namespaces: Object.keys(api).sort(), refused };
    }`;
    const result = await session.client.callTool({ name: 'execute', arguments: { code: program } });
    expect(result.isError, textOf(result)).toBeFalsy();
    const value = JSON.parse(textOf(result).split('\n')[0] ?? '') as {
      apps: string;
      servers: string;
      namespaces: string[];
      refused: string;
    };
    expect(value.apps).toBe('object');
    expect(value.servers).toBe('object');
    expect(value.namespaces).toEqual(['alpacon', 'cloudron', 'cloudways', 'control_plane', 'mcpbox']);
    // Alpacon's read-only setting held inside the program.
    expect(value.refused).not.toBe('');
    expect(seen('cloudron')).toContain('cloudron-code-secret');
    expect(seen('alpacon')).toContain('alpacon-code-secret');
    expect(seen('cloudron')).not.toContain('alpacon-code-secret');
    expect(textOf(result)).not.toContain('code-secret');

    // A destructive call from a program needs confirmation as a direct one does; nothing reaches the API.
    const before = upstreams.get('cloudron')?.requests.length ?? 0;
    const destructive = await session.client.callTool({
      name: 'execute',
      arguments: { code: "async function run(api) { return api.cloudron.uninstall_app({ appId: 'app-1' }); }" },
    });
    expect(destructive.isError).toBe(true);
    expect(textOf(destructive)).toMatch(/uninstall_app[^]*confirm/);
    expect(upstreams.get('cloudron')?.requests.length).toBe(before);

    // The hub's own code-mode limits (MCPGEN_HUB_CODE_*) hold, and the output written before is kept.
    const tooMany = await session.client.callTool({
      name: 'execute',
      arguments: { code: 'async function run(api) { for (;;) { console.log("calling"); await api.cloudron.list_apps(); } }' },
    });
    expect(tooMany.isError).toBe(true);
    expect(textOf(tooMany)).toContain('more than 3 API calls');
    expect(textOf(tooMany)).toContain('console:\ncalling\ncalling\ncalling\ncalling\n');

    // A guessed name is answered with the closest methods, in their namespace.
    const guessed = await session.client.callTool({
      name: 'execute',
      arguments: { code: 'async function run(api) { return api.cloudron.list_all_apps(); }' },
    });
    expect(guessed.isError).toBe(true);
    expect(textOf(guessed)).toMatch(/api has no method "cloudron\.list_all_apps"; the closest: .*cloudron\.list_apps\(/);

    // The namespace wrapper keeps the program's line numbers in parse errors.
    const broken = await session.client.callTool({ name: 'execute', arguments: { code: 'async function run(api) {\n  return (;\n}' } });
    expect(broken.isError).toBe(true);
    expect(textOf(broken)).toContain('line 2');

    // The mode's tools check their arguments against their input schemas, as a single server's do.
    const missing = await session.client.callTool({ name: 'execute', arguments: {} });
    expect(textOf(missing)).toBe('Invalid arguments for execute: missing required argument "code".');
    const manyQueries = await session.client.callTool({ name: 'search_operations', arguments: { queries: Array(11).fill('apps') } });
    expect(textOf(manyQueries)).toMatch(/^Invalid arguments for search_operations: argument "queries" must NOT have more than 10 items/);
  });
});
