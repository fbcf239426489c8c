import { createServer, type IncomingMessage, type Server as NodeHttpServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { CallToolRequestSchema, ListToolsRequestSchema } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StatelessHttpTransport } from './http-transport.js';

const JSON_AND_SSE = 'application/json, text/event-stream';
let url: string;
const aborted: string[] = [];
let release: (() => void) | undefined;

/** The server both transports serve: an echo tool, a slow one, progress when asked. */
function echoServer(): Server {
  const server = new Server({ name: 'test', version: '1.0.0' }, { capabilities: { tools: {} } });
  server.setRequestHandler(ListToolsRequestSchema, async () => ({ tools: [] }));
  server.setRequestHandler(CallToolRequestSchema, async (request, extra) => {
    const args = request.params.arguments ?? {};
    if (request.params.name === 'slow') {
      // Holds the call until the test lets go or the caller hangs up.
      await new Promise<void>((resolve) => {
        release = resolve;
        extra.signal.addEventListener('abort', () => {
          aborted.push(String(args.tag));
          resolve();
        });
      });
    }
    const progressToken = request.params._meta?.progressToken;
    if (progressToken !== undefined) {
      for (const progress of [1, 2]) {
        await extra.sendNotification({ method: 'notifications/progress', params: { progressToken, progress, total: 2 } });
      }
    }
    return { content: [{ type: 'text', text: `echo ${String(args.tag)} ${String(extra.authInfo?.clientId)}` }] };
  });
  return server;
}

type Handle = (request: IncomingMessage, response: ServerResponse, body: unknown) => void;

/** A node:http server on 127.0.0.1 handing each request, its body parsed, to `handle`. */
async function listen(handle: Handle): Promise<{ url: string; server: NodeHttpServer }> {
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      let body: unknown;
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      } catch {
        body = undefined;
      }
      handle(request, response, body);
    });
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/mcp`, server };
}

const servers: NodeHttpServer[] = [];
const CALLER = { clientId: 'caller', scopes: [], token: '' };

beforeAll(async () => {
  const server = echoServer();
  const transport = new StatelessHttpTransport();
  await server.connect(transport);
  url = (await listen((request, response, body) => transport.handle(request, response, body, CALLER))).url;
});

afterAll(async () => {
  for (const server of servers) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

function post(body: unknown, headers: Record<string, string> = {}, signal?: AbortSignal, to = url): Promise<Response> {
  return fetch(to, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: JSON_AND_SSE, ...headers },
    body: JSON.stringify(body),
    ...(signal ? { signal } : {}),
  });
}

const call = (id: number | string, tag: string, extra: Record<string, unknown> = {}) => ({
  jsonrpc: '2.0',
  id,
  method: 'tools/call',
  params: { name: 'echo', arguments: { tag }, ...extra },
});

describe('StatelessHttpTransport', () => {
  it('answers each caller under its own id, even when two callers use the same one at once', async () => {
    const answers = await Promise.all(
      Array.from({ length: 20 }, async (_, index) => {
        const response = await post(call(1, `t${index}`));
        expect(response.headers.get('content-type')).toBe('application/json');
        return (await response.json()) as { id: number; result: { content: { text: string }[] } };
      }),
    );
    answers.forEach((answer, index) => {
      expect(answer.id).toBe(1);
      expect(answer.result.content[0]?.text).toBe(`echo t${index} caller`);
    });
  });

  it('keeps string ids and answers a batch with an array in the same order', async () => {
    const response = await post([call('a', 'first'), call('b', 'second')]);
    const answers = (await response.json()) as { id: string }[];
    expect(answers.map((answer) => answer.id).sort()).toEqual(['a', 'b']);
  });

  it('answers initialize with the negotiated protocol version', async () => {
    const response = await post({
      jsonrpc: '2.0',
      id: 0,
      method: 'initialize',
      params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'c', version: '1' } },
    });
    const answer = (await response.json()) as { result: { protocolVersion: string; serverInfo: { name: string } } };
    expect(answer.result.protocolVersion).toBe('2025-06-18');
    expect(answer.result.serverInfo.name).toBe('test');
  });

  it('accepts notifications alone with 202 and no body', async () => {
    const response = await post({ jsonrpc: '2.0', method: 'notifications/initialized' });
    expect(response.status).toBe(202);
    expect(await response.text()).toBe('');
  });

  it('streams progress as server-sent events when the request asks for progress', async () => {
    const response = await post(call(7, 'p', { _meta: { progressToken: 'tok' } }));
    expect(response.headers.get('content-type')).toBe('text/event-stream');
    const events = (await response.text())
      .split('\n\n')
      .filter(Boolean)
      .map(
        (event) =>
          JSON.parse(event.replace(/^event: message\ndata: /, '')) as { method?: string; id?: number; params?: { progress: number } },
      );
    expect(events.map((event) => event.method ?? `result ${event.id}`)).toEqual([
      'notifications/progress',
      'notifications/progress',
      'result 7',
    ]);
    expect(events[1]?.params?.progress).toBe(2);
  });

  it('refuses what the SDK transport refuses, with the same status codes', async () => {
    expect((await post(call(1, 'x'), { accept: 'application/json' })).status).toBe(406);
    expect((await post(call(1, 'x'), { 'content-type': 'text/plain' })).status).toBe(415);
    const badVersion = await post(call(1, 'x'), { 'mcp-protocol-version': '1999-01-01' });
    expect(badVersion.status).toBe(400);
    expect(await badVersion.text()).toContain('unsupported protocol version 1999-01-01');
    const notRpc = await post([call(1, 'x'), { jsonrpc: '1.0', id: 2, method: 'x' }]);
    expect(notRpc.status).toBe(400);
    expect(await notRpc.text()).toContain('not a JSON-RPC 2.0 message (message 1)');
    expect((await post([])).status).toBe(400);
    expect((await post(null)).status).toBe(400);
  });

  it('cancels the call of a caller that hangs up, and goes on serving', async () => {
    const hangUp = new AbortController();
    const pending = post(call(1, 'gone', { name: 'slow' }), {}, hangUp.signal).catch(() => undefined);
    await waitFor(() => release !== undefined);
    hangUp.abort();
    await pending;
    await waitFor(() => aborted.includes('gone'));
    const next = (await (await post(call(1, 'after'))).json()) as { result: { content: { text: string }[] } };
    expect(next.result.content[0]?.text).toBe('echo after caller');
  });
});

describe('StatelessHttpTransport against the SDK transport it replaces', () => {
  /** The SDK's StreamableHTTPServerTransport as its stateless mode is used: a server and a transport per POST. */
  let sdkUrl: string;
  beforeAll(async () => {
    sdkUrl = (
      await listen((request, response, body) => {
        const server = echoServer();
        const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true });
        response.on('close', () => void server.close());
        Object.assign(request, { auth: CALLER });
        void server.connect(transport).then(() => transport.handleRequest(request, response, body));
      })
    ).url;
  });

  const initialize = {
    jsonrpc: '2.0',
    id: 0,
    method: 'initialize',
    params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'c', version: '1' } },
  };
  // One difference is ours on purpose: an empty batch is refused (400, as JSON-RPC says), the SDK answers 202.
  const exchanges: [string, unknown, Record<string, string>][] = [
    ['a call', call(1, 'one'), {}],
    ['a call with a string id', call('s', 'two'), {}],
    ['a batch of calls', [call(1, 'a'), call(2, 'b')], {}],
    ['tools/list', { jsonrpc: '2.0', id: 3, method: 'tools/list' }, {}],
    ['initialize', initialize, {}],
    ['an unknown method', { jsonrpc: '2.0', id: 4, method: 'no/such' }, {}],
    ['a notification', { jsonrpc: '2.0', method: 'notifications/initialized' }, {}],
    ['a client accepting JSON only', call(1, 'x'), { accept: 'application/json' }],
    ['a body that is not JSON', call(1, 'x'), { 'content-type': 'text/plain' }],
    ['an unknown protocol version', call(1, 'x'), { 'mcp-protocol-version': '1999-01-01' }],
    ['a message that is not JSON-RPC 2.0', { jsonrpc: '1.0', id: 2, method: 'x' }, {}],
    ['initialize in a batch', [initialize, call(1, 'x')], {}],
    ['null', null, {}],
  ];

  it.each(exchanges)('answers %s with the same status and JSON-RPC answer', async (_, body, headers) => {
    const [ours, theirs] = await Promise.all([post(body, headers), post(body, headers, undefined, sdkUrl)]);
    expect(ours.status).toBe(theirs.status);
    const [ourText, theirText] = await Promise.all([ours.text(), theirs.text()]);
    const comparable = (text: string) => {
      if (text === '') return text;
      const parsed = JSON.parse(text) as unknown;
      // Refusals: the same JSON-RPC error class; the wording is each transport's own.
      const strip = (answer: { error?: { message?: string; code?: number } }) =>
        answer.error && ours.status >= 400 ? { ...answer, error: { code: answer.error.code } } : answer;
      return Array.isArray(parsed) ? parsed.map(strip) : strip(parsed as { error?: { message?: string } });
    };
    expect(comparable(ourText)).toEqual(comparable(theirText));
  });
});

async function waitFor(condition: () => boolean): Promise<void> {
  for (let attempt = 0; attempt < 200 && !condition(); attempt += 1) await new Promise((resolve) => setTimeout(resolve, 10));
  expect(condition()).toBe(true);
}
