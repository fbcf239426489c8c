import { createServer, type Server as NodeHttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { CallToolRequestSchema, ListToolsRequestSchema } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StatelessHttpTransport } from './http-transport.js';

const JSON_AND_SSE = 'application/json, text/event-stream';
let http: NodeHttpServer;
let url: string;
const aborted: string[] = [];
let release: (() => void) | undefined;

beforeAll(async () => {
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
  const transport = new StatelessHttpTransport();
  await server.connect(transport);
  http = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      let body: unknown;
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      } catch {
        body = undefined;
      }
      transport.handle(request, response, body, { clientId: 'caller', scopes: [], token: '' });
    });
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(http.address() as AddressInfo).port}/mcp`;
});

afterAll(async () => {
  http.closeAllConnections();
  await new Promise((resolve) => http.close(resolve));
});

function post(body: unknown, headers: Record<string, string> = {}, signal?: AbortSignal): Promise<Response> {
  return fetch(url, {
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

async function waitFor(condition: () => boolean): Promise<void> {
  for (let attempt = 0; attempt < 200 && !condition(); attempt += 1) await new Promise((resolve) => setTimeout(resolve, 10));
  expect(condition()).toBe(true);
}
