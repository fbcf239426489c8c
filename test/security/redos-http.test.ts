/**
 * ReDoS over HTTP: a spec pattern with nested quantifiers (`^(a+)+$`) and arguments built to
 * make a backtracking engine explode. The server must refuse them at once and keep answering
 * /health; with the native RegExp one 40-character argument would hold the event loop for hours.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { httpOptionsFromEnv } from '../../templates/runtime/http-options.js';
import { type RunningHttpServer, serveHttp } from '../../templates/runtime/http-server.js';
import { createLogger } from '../../templates/runtime/log.js';
import type { ToolDefinition } from '../../templates/runtime/types.js';
import { RecordingUpstream } from '../support/recording-upstream.js';
import { api, status } from '../support/runtime-fixtures.js';

const findUser: ToolDefinition = {
  ...status,
  operation: {
    ...status.operation,
    operationId: 'findUser',
    path: '/users',
    params: [{ explode: true, in: 'query', name: 'name', style: 'form' }],
  },
  name: 'find_user',
  title: 'Find user',
  arguments: { params: [{ argument: ['name'], in: 'query', name: 'name' }] },
  inputSchema: {
    type: 'object',
    properties: { name: { type: 'string', pattern: '^(a+)+$' } },
    required: ['name'],
    additionalProperties: false,
  },
  outputSchema: undefined,
};

const upstream = new RecordingUpstream();
let running: RunningHttpServer;

beforeAll(async () => {
  await upstream.start();
  upstream.on('GET', '/api/v1/users', { body: { users: [] } });
  const options = httpOptionsFromEnv(api, {}, { http: '0' });
  if (!options) throw new Error('no HTTP options');
  running = await serveHttp(api, [findUser], { baseUrl: `${upstream.url}/api/v1`, logger: createLogger('redos', 'silent') }, options);
});

afterAll(async () => {
  await running?.close();
  await upstream.stop();
});

function call(name: string, id: number): Promise<string> {
  return fetch(running.url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/json, text/event-stream',
      'x-cloudron-api-token': 'redos-caller-token-5e1f',
    },
    body: JSON.stringify({ jsonrpc: '2.0', id, method: 'tools/call', params: { name: 'find_user', arguments: { name } } }),
  }).then((response) => response.text());
}

describe('ReDoS over HTTP', () => {
  it('refuses 50 evil arguments at once, keeps /health answering, and spends well under a second of CPU', async () => {
    const evil = Array.from({ length: 50 }, (_, index) => `${'a'.repeat(30 + index)}!`);
    const start = process.cpuUsage();
    const [answers, health] = await Promise.all([
      Promise.all(evil.map((name, index) => call(name, index))),
      fetch(running.url.replace('/mcp', '/health')).then((response) => response.status),
    ]);
    const used = process.cpuUsage(start);
    expect(health).toBe(200);
    for (const answer of answers) expect(answer).toContain('must match pattern');
    expect(upstream.requests).toHaveLength(0);
    // Client and server share this process: the bound covers both, and is still 1/1000 of one native check.
    expect((used.user + used.system) / 1000).toBeLessThan(1000);
  });

  it('still serves a valid argument', async () => {
    expect(await call('aaaa', 99)).not.toContain('isError');
    expect(upstream.requests).toHaveLength(1);
  });
});
