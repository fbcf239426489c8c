import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { RecordingUpstream } from '../../test/support/recording-upstream.js';
import { toolRegistry } from './mcp.js';
import { createApiServer, createClient, createToolRuntime, registerApiTools } from './server.js';
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

async function connect(server: Server): Promise<Client> {
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
