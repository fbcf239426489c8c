import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { Server as SdkServer } from '@modelcontextprotocol/sdk/server/index.js';
import { ListToolsRequestSchema, CallToolRequestSchema } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { RecordingUpstream } from '../../test/support/recording-upstream.js';
import { toolRegistry } from './mcp.js';
import { createApiServer, createToolRuntime, registerApiTools } from './server.js';
import { createClient } from './tool-setup.js';
import type { Server } from './mcp.js';
import { api, reboot, status } from '../../test/support/runtime-fixtures.js';

const upstream = new RecordingUpstream();
beforeAll(async () => {
  await upstream.start();
});
afterAll(async () => {
  await upstream.stop();
});
beforeEach(() => upstream.reset());

const config = () => ({
  baseUrl: `${upstream.url}/api/v1`,
  credentials: { API_TOKEN: 'server-token-1' },
  logLevel: 'silent' as const,
  timeoutMs: 2000,
});

async function connect(server: Server | McpServer): Promise<Client> {
  const [clientTransport, serverTransport] = InMemoryTransport.createLinkedPair();
  await server.connect(serverTransport);
  const client = new Client({ name: 'test', version: '1.0.0' });
  await client.connect(clientTransport);
  return client;
}

describe('createApiServer over MCP', () => {
  it('lists and calls tools through a real MCP client', async () => {
    upstream.on('GET', '/api/v1/cloudron/status', { body: { version: '8.1.0' } });
    const client = await connect(createApiServer(api, [status, reboot], config()));
    try {
      expect(client.getServerVersion()).toMatchObject({ name: '@mcpgen/cloudron', version: '1.0.0' });
      const { tools } = await client.listTools();
      expect(tools.map((tool) => tool.name)).toEqual(['get_cloudron_status', 'reboot']);
      expect(tools[0]?.annotations).toMatchObject({ readOnlyHint: true });
      const result = await client.callTool({ name: 'get_cloudron_status', arguments: {} });
      expect(result.structuredContent).toEqual({ version: '8.1.0' });
      expect(upstream.last().headers.authorization).toBe('Bearer server-token-1');
      const unknown = await client.callTool({ name: 'nope', arguments: {} });
      expect(unknown.isError).toBe(true);
    } finally {
      await client.close();
    }
  });

  it('read-only config serves only read tools', async () => {
    const client = await connect(createApiServer(api, [status, reboot], { ...config(), readOnly: true }));
    try {
      expect((await client.listTools()).tools.map((tool) => tool.name)).toEqual(['get_cloudron_status']);
    } finally {
      await client.close();
    }
  });

  it('mounting the same names twice is refused; a prefix allows it', () => {
    const server = createApiServer(api, [status], config());
    expect(() => registerApiTools(server, api, [status], config())).toThrow('tool "get_cloudron_status" is already registered');
    registerApiTools(server, api, [status], { ...config(), prefix: 'second_' });
    expect([...toolRegistry(server).keys()]).toEqual(['get_cloudron_status', 'second_get_cloudron_status']);
  });

  it('createToolRuntime applies the filter option and createClient the config', () => {
    expect(createToolRuntime(api, [status, reboot], { ...config(), filter: (tool) => tool.name === 'reboot' }).names()).toEqual(['reboot']);
    expect(createClient(api, config()).baseUrlFor(status.operation)).toBe(`${upstream.url}/api/v1`);
  });
});

describe('mounting on the SDK McpServer', () => {
  const ownTool = (mcp: McpServer) =>
    mcp.registerTool('own_echo', { description: 'Echoes a word.', inputSchema: { word: z.string() } }, async ({ word }) => ({
      content: [{ type: 'text', text: `echo ${word}` }],
    }));

  async function listAndCall(mcp: McpServer): Promise<void> {
    upstream.on('GET', '/api/v1/cloudron/status', { body: { version: '8.1.0' } });
    const client = await connect(mcp);
    try {
      // McpServer notifies list changes; mounting must not take that back.
      expect(client.getServerCapabilities()?.tools).toEqual({ listChanged: true });
      const { tools } = await client.listTools();
      expect(tools.map((tool) => tool.name).sort()).toEqual(['cloudron_get_cloudron_status', 'own_echo']);
      expect(tools.find((tool) => tool.name === 'own_echo')?.inputSchema).toMatchObject({ properties: { word: { type: 'string' } } });
      const own = await client.callTool({ name: 'own_echo', arguments: { word: 'hi' } });
      expect(own.content).toEqual([{ type: 'text', text: 'echo hi' }]);
      const mounted = await client.callTool({ name: 'cloudron_get_cloudron_status', arguments: {} });
      expect(mounted.structuredContent).toEqual({ version: '8.1.0' });
      const unknown = await client.callTool({ name: 'nope', arguments: {} });
      expect(unknown.isError).toBe(true);
    } finally {
      await client.close();
    }
  }

  it('mounted after the own tools: both kinds listed and callable', async () => {
    const mcp = new McpServer({ name: 'mine', version: '1.0.0' });
    ownTool(mcp);
    registerApiTools(mcp, api, [status], { ...config(), prefix: 'cloudron_' });
    await listAndCall(mcp);
  });

  it('mounted before the own tools: registerTool still works and both are listed', async () => {
    const mcp = new McpServer({ name: 'mine', version: '1.0.0' });
    registerApiTools(mcp, api, [status], { ...config(), prefix: 'cloudron_' });
    ownTool(mcp);
    await listAndCall(mcp);
  });

  it('an own tool named like a mounted one makes tools/list fail naming it', async () => {
    const mcp = new McpServer({ name: 'mine', version: '1.0.0' });
    registerApiTools(mcp, api, [status], config());
    mcp.registerTool('get_cloudron_status', { description: 'clash' }, async () => ({ content: [] }));
    const client = await connect(mcp);
    try {
      await expect(client.listTools()).rejects.toThrow(
        'tool "get_cloudron_status" is registered on this server and mounted from a package',
      );
    } finally {
      await client.close();
    }
  });

  it("a low-level Server's own tools handlers are kept and chained", async () => {
    const server = new SdkServer({ name: 'mine', version: '1.0.0' }, { capabilities: { tools: {} } });
    server.setRequestHandler(ListToolsRequestSchema, async () => ({ tools: [{ name: 'own_echo', inputSchema: { type: 'object' } }] }));
    server.setRequestHandler(CallToolRequestSchema, async () => ({ content: [{ type: 'text', text: 'own' }] }));
    registerApiTools(server, api, [status], config());
    upstream.on('GET', '/api/v1/cloudron/status', { body: { version: '8.1.0' } });
    const client = await connect(server);
    try {
      expect((await client.listTools()).tools.map((tool) => tool.name)).toEqual(['own_echo', 'get_cloudron_status']);
      expect((await client.callTool({ name: 'own_echo', arguments: {} })).content).toEqual([{ type: 'text', text: 'own' }]);
      expect((await client.callTool({ name: 'get_cloudron_status', arguments: {} })).structuredContent).toEqual({ version: '8.1.0' });
    } finally {
      await client.close();
    }
  });
});

describe('the SDK internals mounting relies on (fails on an SDK upgrade that changes them)', () => {
  it('McpServer.setToolRequestHandlers and Protocol._requestHandlers exist as used by mcp.ts', () => {
    const mcp = new McpServer({ name: 'pin', version: '1.0.0' });
    expect(typeof (mcp as unknown as { setToolRequestHandlers: unknown }).setToolRequestHandlers).toBe('function');
    (mcp as unknown as { setToolRequestHandlers(): void }).setToolRequestHandlers();
    const handlers = (mcp.server as unknown as { _requestHandlers: unknown })._requestHandlers;
    expect(handlers).toBeInstanceOf(Map);
    expect([...(handlers as Map<string, unknown>).keys()]).toEqual(expect.arrayContaining(['tools/list', 'tools/call']));
  });
});

describe('configuration from the environment', () => {
  it('registerApiTools without credentials reads <PREFIX>_* like the bin; given options win', async () => {
    upstream.on('GET', '/api/v1/cloudron/status', { body: { version: '8.1.0' } });
    const env = { CLOUDRON_BASE_URL: `${upstream.url}/api/v1`, CLOUDRON_API_TOKEN: 'env-token-7', CLOUDRON_READ_ONLY: '1' };
    const mcp = new McpServer({ name: 'mine', version: '1.0.0' });
    registerApiTools(mcp, api, [status, reboot], { env, logLevel: 'silent' });
    const client = await connect(mcp);
    try {
      expect((await client.listTools()).tools.map((tool) => tool.name)).toEqual(['get_cloudron_status']);
      await client.callTool({ name: 'get_cloudron_status', arguments: {} });
      expect(upstream.last().headers.authorization).toBe('Bearer env-token-7');
    } finally {
      await client.close();
    }
  });
});
