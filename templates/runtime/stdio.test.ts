import { PassThrough } from 'node:stream';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import { ElicitRequestSchema, type JSONRPCMessage, SUPPORTED_PROTOCOL_VERSIONS } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { RecordingUpstream } from '../../test/support/recording-upstream.js';
import { api, reboot, status } from '../../test/support/runtime-fixtures.js';
import type { Server } from './mcp.js';
import { serverForRuntime } from './server.js';
import { DeferredServerTransport, type Handshake, PROTOCOL_VERSIONS, StdioTransport } from './stdio.js';
import { createToolRuntime } from './tool-setup.js';
import type { ToolRuntime } from './tools.js';

const upstream = new RecordingUpstream();
beforeAll(async () => {
  await upstream.start();
});
afterAll(async () => {
  await upstream.stop();
});
beforeEach(() => {
  upstream.reset();
  upstream.on('GET', '/api/v1/cloudron/status', { body: { version: '8.1.0' } });
});

function runtime(): ToolRuntime {
  return createToolRuntime(api, [status, reboot], {
    baseUrl: `${upstream.url}/api/v1`,
    credentials: { API_TOKEN: 'token-1' },
    logLevel: 'silent',
    timeoutMs: 2000,
  });
}

function handshakeOf(tools: ToolRuntime): Handshake {
  return { serverInfo: { name: api.packageName, title: api.title, version: api.version }, listTools: () => tools.list() };
}

/** A server over a pair of in-process pipes, with a hand on when its SDK server connects. */
class Harness {
  readonly toServer = new PassThrough();
  readonly fromServer = new PassThrough();
  readonly tools = runtime();
  connects = 0;
  sdkServer: Server | undefined;
  /** Resolve to let a pending connect go ahead (set by holdConnect). */
  release: (() => void) | undefined;
  private held: Promise<void> | undefined;
  readonly transport: DeferredServerTransport;
  private readonly received: Record<string, unknown>[] = [];
  private buffered = '';

  constructor(private readonly failWith?: Error) {
    this.transport = new DeferredServerTransport(new StdioTransport(this.toServer, this.fromServer), handshakeOf(this.tools), (transport) =>
      this.connect(transport),
    );
    this.fromServer.on('data', (chunk: Buffer) => {
      this.buffered += chunk.toString('utf8');
      let newline: number;
      while ((newline = this.buffered.indexOf('\n')) >= 0) {
        this.received.push(JSON.parse(this.buffered.slice(0, newline)) as Record<string, unknown>);
        this.buffered = this.buffered.slice(newline + 1);
      }
    });
  }

  holdConnect(): void {
    this.held = new Promise((resolve) => {
      this.release = resolve;
    });
  }

  private async connect(transport: Transport): Promise<void> {
    this.connects += 1;
    await this.held;
    if (this.failWith) throw this.failWith;
    this.sdkServer = serverForRuntime(api, this.tools);
    await this.sdkServer.connect(transport);
  }

  write(text: string): void {
    this.toServer.write(text);
  }

  send(message: object): void {
    this.write(`${JSON.stringify(message)}\n`);
  }

  async answer(id: unknown): Promise<Record<string, unknown>> {
    for (let waited = 0; waited < 5000; waited += 5) {
      const found = this.received.find((message) => message.id === id && ('result' in message || 'error' in message));
      if (found) return found;
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    throw new Error(`no answer to ${String(id)}; got ${JSON.stringify(this.received)}`);
  }

  all(): readonly Record<string, unknown>[] {
    return this.received;
  }
}

/** What the SDK's own server answers to the same messages, over its in-memory transport. */
async function sdkAnswers(messages: readonly object[]): Promise<Record<string, unknown>[]> {
  const [ours, theirs] = InMemoryTransport.createLinkedPair();
  const answers: Record<string, unknown>[] = [];
  ours.onmessage = (message) => answers.push(message as Record<string, unknown>);
  await serverForRuntime(api, runtime()).connect(theirs);
  await ours.start();
  for (const message of messages) await ours.send(message as JSONRPCMessage);
  for (let waited = 0; answers.length < messages.filter((message) => 'id' in message).length && waited < 2000; waited += 5) {
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  await ours.close();
  return answers;
}

const initialize = (id: number, protocolVersion: string, capabilities: object = {}) => ({
  jsonrpc: '2.0',
  id,
  method: 'initialize',
  params: { protocolVersion, capabilities, clientInfo: { name: 'test', version: '1.0.0' } },
});

describe('the handshake before the SDK is loaded', () => {
  let harness: Harness;
  beforeEach(async () => {
    harness = new Harness();
    await harness.transport.open();
  });
  afterEach(async () => {
    await harness.transport.close();
  });

  it('knows the protocol versions the SDK server accepts', () => {
    expect(PROTOCOL_VERSIONS).toEqual(SUPPORTED_PROTOCOL_VERSIONS);
  });

  it.each([['2025-06-18'], ['2024-11-05'], [SUPPORTED_PROTOCOL_VERSIONS[0]!], ['1999-01-01']])(
    'answers initialize (client asks for %s), ping and tools/list as the SDK server does, without loading it',
    async (version) => {
      const messages = [
        initialize(1, version),
        { jsonrpc: '2.0', method: 'notifications/initialized' },
        { jsonrpc: '2.0', id: 2, method: 'tools/list' },
        { jsonrpc: '2.0', id: 'three', method: 'ping' },
        { jsonrpc: '2.0', id: 4, method: 'tools/list', params: { cursor: 'ignored' } },
      ];
      for (const message of messages) harness.send(message);
      const early = await Promise.all([1, 2, 'three', 4].map((id) => harness.answer(id)));
      expect(harness.connects).toBe(0);
      expect(early).toEqual(await sdkAnswers(messages));
    },
  );
});

describe('serving through the SDK server once a message needs it', () => {
  it('a real MCP client lists tools early, then a call loads the server, which knows the client', async () => {
    const harness = new Harness();
    await harness.transport.open();
    // The client talks through the same transport class, the pipes crossed.
    const client = new Client({ name: 'test-client', version: '2.0.0' }, { capabilities: { elicitation: {} } });
    client.setRequestHandler(ElicitRequestSchema, async () => ({ action: 'accept', content: { confirm: true } }));
    await client.connect(new StdioTransport(harness.fromServer, harness.toServer));
    try {
      expect(client.getServerVersion()).toEqual({ name: api.packageName, title: api.title, version: api.version });
      expect((await client.listTools()).tools.map((tool) => tool.name)).toEqual(['get_cloudron_status', 'reboot']);
      expect(harness.connects).toBe(0);

      const result = await client.callTool({ name: 'get_cloudron_status', arguments: {} });
      expect(result.structuredContent).toEqual({ version: '8.1.0' });
      expect(harness.connects).toBe(1);
      expect(harness.transport.attached).toBe(true);
      // the replayed initialize told the SDK server who the client is
      expect(harness.sdkServer?.getClientCapabilities()).toMatchObject({ elicitation: {} });
      expect(harness.sdkServer?.getClientVersion()).toEqual({ name: 'test-client', version: '2.0.0' });
      // and its own answer to that replay never reached the client
      expect(harness.all().filter((message) => message.id === 'mcpgen:replayed-initialize')).toEqual([]);

      // a destructive tool asks the client through elicitation: server-to-client requests work
      upstream.on('POST', '/api/v1/system/reboot', { body: {} });
      const rebooted = await client.callTool({ name: 'reboot', arguments: {} });
      expect(rebooted.isError).toBeFalsy();
      expect(upstream.last().path).toBe('/api/v1/system/reboot');
      expect((await client.listTools()).tools).toHaveLength(2);
      expect(harness.connects).toBe(1);
    } finally {
      await client.close();
      await harness.transport.close();
    }
  });

  it('keeps what arrives while the server loads and hands it over in order', async () => {
    const harness = new Harness();
    harness.holdConnect();
    await harness.transport.open();
    harness.send(initialize(1, '2025-06-18'));
    harness.send({ jsonrpc: '2.0', method: 'notifications/initialized' });
    harness.send({ jsonrpc: '2.0', id: 2, method: 'tools/call', params: { name: 'get_cloudron_status', arguments: {} } });
    harness.send({ jsonrpc: '2.0', id: 3, method: 'ping' });
    harness.send({ jsonrpc: '2.0', id: 4, method: 'tools/call', params: { name: 'nope', arguments: {} } });
    harness.send({ jsonrpc: '2.0', id: 5, method: 'resources/list' });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(harness.all().map((message) => message.id)).toEqual([1]); // only the handshake so far
    expect(harness.connects).toBe(1);
    harness.release?.();
    expect(((await harness.answer(2)).result as { structuredContent: unknown }).structuredContent).toEqual({ version: '8.1.0' });
    expect((await harness.answer(3)).result).toEqual({});
    expect((await harness.answer(4)).result).toMatchObject({ isError: true });
    expect((await harness.answer(5)).error).toMatchObject({ code: -32601 });
    expect(harness.all().map((message) => message.id)).toHaveLength(5); // each answered once
    await harness.transport.close();
  });

  it('a server that cannot load answers each request with an error that says so', async () => {
    const harness = new Harness(new Error('Cannot find package @modelcontextprotocol/sdk'));
    const errors: Error[] = [];
    harness.transport.onerror = (error) => errors.push(error);
    await harness.transport.open();
    harness.send(initialize(1, '2025-06-18'));
    harness.send({ jsonrpc: '2.0', id: 2, method: 'tools/call', params: { name: 'get_cloudron_status', arguments: {} } });
    expect((await harness.answer(2)).error).toEqual({
      code: -32603,
      message: 'the MCP server could not start: Cannot find package @modelcontextprotocol/sdk',
    });
    harness.send({ jsonrpc: '2.0', id: 3, method: 'tools/call', params: { name: 'get_cloudron_status', arguments: {} } });
    expect((await harness.answer(3)).error).toMatchObject({ code: -32603 });
    expect(errors.map((error) => error.message)).toEqual(['Cannot find package @modelcontextprotocol/sdk']);
    await harness.transport.close();
  });
});

describe('StdioTransport', () => {
  it('reads messages split across chunks, several per chunk, with CRLF, and answers bad lines without stopping', async () => {
    const harness = new Harness();
    await harness.transport.open();
    const init = JSON.stringify(initialize(1, '2025-06-18'));
    harness.write(init.slice(0, 20));
    harness.write(`${init.slice(20)}\r\n{"jsonrpc":"2.0","id":2,"method":"ping"}\n\n{"jsonrpc":"2.0","id":3,`);
    harness.write('"method":"ping"}\nnot json\n[1,2]\n{"id":7,"method":"ping"}\n{"jsonrpc":"2.0","id":"é","method":"ping"}\n');
    expect((await harness.answer(1)).result).toMatchObject({ protocolVersion: '2025-06-18' });
    expect((await harness.answer(2)).result).toEqual({});
    expect((await harness.answer(3)).result).toEqual({});
    expect((await harness.answer('é')).result).toEqual({});
    const errors = harness.all().filter((message) => 'error' in message);
    expect(errors).toEqual([
      { jsonrpc: '2.0', id: null, error: { code: -32700, message: 'Parse error: a line that is not JSON' } },
      { jsonrpc: '2.0', id: null, error: { code: -32600, message: 'Invalid Request: not a JSON-RPC 2.0 message' } },
      { jsonrpc: '2.0', id: 7, error: { code: -32600, message: 'Invalid Request: not a JSON-RPC 2.0 message' } },
    ]);
    expect(harness.connects).toBe(0);
    await harness.transport.close();
  });

  it('closes when its input ends, and a broken output pipe closes it instead of crashing', async () => {
    const input = new PassThrough();
    const output = new PassThrough();
    const transport = new StdioTransport(input, output);
    const closed = new Promise<void>((resolve) => {
      transport.onclose = resolve;
    });
    await transport.start();
    input.end();
    await closed;

    const second = new StdioTransport(new PassThrough(), output);
    const errors: Error[] = [];
    second.onerror = (error) => errors.push(error);
    const secondClosed = new Promise<void>((resolve) => {
      second.onclose = resolve;
    });
    await second.start();
    output.emit('error', Object.assign(new Error('write EPIPE'), { code: 'EPIPE' }));
    await secondClosed;
    expect(errors.map((error) => error.message)).toEqual(['write EPIPE']);
    await second.send({ jsonrpc: '2.0', id: 1, result: {} }); // after close: dropped, no throw
  });

  it('a send waiting for a full pipe to drain ends when the session does', async () => {
    const output = new PassThrough({ highWaterMark: 16 }); // nobody reads it: full at once
    const transport = new StdioTransport(new PassThrough(), output);
    await transport.start();
    let sent = false;
    const sending = transport.send({ jsonrpc: '2.0', id: 1, result: { text: 'x'.repeat(100) } }).then(() => {
      sent = true;
    });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(sent).toBe(false);
    await transport.close();
    await sending;
    expect(sent).toBe(true);
    expect(output.listenerCount('drain')).toBe(0);
  });
});
