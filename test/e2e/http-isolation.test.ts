import { randomBytes } from 'node:crypto';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectHttp, type HttpServerProcess, startHttpServer } from '../support/http-server.js';
import { builtServer } from '../support/mcp-client.js';
import { RecordingUpstream, type SeenRequest } from '../support/recording-upstream.js';

/**
 * 100 callers with distinct credentials call one HTTP server at once. Every upstream request
 * must carry the credential of the caller it was made for, and every answer must reach the
 * caller that asked: a "crossing" is any request or answer that does not.
 */
const CALLERS = 100;
const jitter = () => Math.floor(Math.random() * 25);
const secret = () => randomBytes(8).toString('hex');

const upstream = new RecordingUpstream();
let cloudron: HttpServerProcess;
let cloudways: HttpServerProcess;

beforeAll(async () => {
  await upstream.start();
  const base = { CLOUDRON_BASE_URL: `${upstream.url}/api/v1`, CLOUDWAYS_BASE_URL: `${upstream.url}/cw/api/v1` };
  [cloudron, cloudways] = await Promise.all([
    startHttpServer(builtServer('cloudron'), base),
    startHttpServer(builtServer('cloudways'), base),
  ]);
});

afterAll(async () => {
  await Promise.all([cloudron?.stop(), cloudways?.stop()]);
  await upstream.stop();
});

async function connectAll(url: string, headersOf: (index: number) => Record<string, string>): Promise<Client[]> {
  return Promise.all(Array.from({ length: CALLERS }, (_, index) => connectHttp(url, headersOf(index))));
}

function report(name: string, figures: Record<string, number>): void {
  console.log(
    `[isolation] ${name}: ${Object.entries(figures)
      .map(([key, value]) => `${key}=${value}`)
      .join(' ')}`,
  );
}

describe(`${CALLERS} concurrent callers with distinct credentials over HTTP`, () => {
  it("Cloudron (Authorization: Bearer): every upstream request carries its own caller's token; zero crossings", async () => {
    const tokens = Array.from({ length: CALLERS }, (_, index) => `cloudron-caller-${index}-${secret()}`);
    const ownerOf = new Map(tokens.map((token, index) => [`Bearer ${token}`, index]));
    const owner = (request: SeenRequest) => ownerOf.get(String(request.headers.authorization)) ?? -1;
    upstream.on('GET', /^\/api\/v1\/apps\/app-\d+$/, async (request) => ({
      delayMs: jitter(),
      body: { id: request.path.split('/').pop(), manifest: { id: 'x' }, owner: owner(request) },
    }));
    upstream.on('GET', '/api/v1/apps', (request) => ({ delayMs: jitter(), body: { apps: [{ id: `owned-by-${owner(request)}` }] } }));

    const clients = await connectAll(cloudron.url, (index) => ({ Authorization: `Bearer ${tokens[index]}` }));
    upstream.requests.length = 0;
    let answerCrossings = 0;
    await Promise.all(
      clients.map(async (client, index) => {
        const [app1, app2, list] = await Promise.all([
          client.callTool({ name: 'get_app', arguments: { appId: `app-${index}` } }),
          client.callTool({ name: 'get_app', arguments: { appId: `app-${index}` } }),
          client.callTool({ name: 'list_apps', arguments: {} }),
        ]);
        for (const result of [app1, app2]) {
          expect(result.isError, JSON.stringify(result)).toBeFalsy();
          if ((result.structuredContent as { owner?: number }).owner !== index) answerCrossings += 1;
        }
        const apps = (list.structuredContent as { apps?: { id: string }[] }).apps ?? [];
        if (apps[0]?.id !== `owned-by-${index}`) answerCrossings += 1;
      }),
    );
    let requestCrossings = 0;
    for (const request of upstream.requests) {
      const caller = owner(request);
      const app = /app-(\d+)$/.exec(request.path);
      if (caller < 0 || (app && Number(app[1]) !== caller)) requestCrossings += 1;
    }
    const perCaller = new Set(upstream.requests.map((request) => request.headers.authorization));
    report('cloudron', {
      callers: CALLERS,
      upstreamRequests: upstream.requests.length,
      distinctCredentials: perCaller.size,
      crossings: requestCrossings + answerCrossings,
    });
    expect(upstream.requests).toHaveLength(CALLERS * 3);
    expect(perCaller.size).toBe(CALLERS);
    expect(requestCrossings).toBe(0);
    expect(answerCrossings).toBe(0);
    await Promise.all(clients.map((client) => client.close()));
  });

  it('Cloudways (token exchange from X-Cloudways-Email / X-Cloudways-Api-Key): one exchange and one token per caller; zero crossings', async () => {
    const callers = Array.from({ length: CALLERS }, (_, index) => ({
      email: `user${index}@example.com`,
      apiKey: `cw-key-${index}-${secret()}`,
    }));
    const tokenOf = new Map<string, number>();
    upstream.on('POST', '/cw/api/v1/oauth/access_token', (request) => {
      const form = new URLSearchParams(request.body);
      const index = callers.findIndex((caller) => caller.email === form.get('email') && caller.apiKey === form.get('api_key'));
      if (index < 0) return { status: 401, body: { error: 'invalid_credentials' } };
      const token = `cw-token-${index}-${secret()}`;
      tokenOf.set(`Bearer ${token}`, index);
      return { delayMs: jitter(), body: { access_token: token, expires_in: 3600 } };
    });
    upstream.on('GET', /^\/cw\/api\/v1\/operation\/\d+$/, (request) => ({
      delayMs: jitter(),
      body: { operation: { id: request.path.split('/').pop(), owner: String(tokenOf.get(String(request.headers.authorization)) ?? -1) } },
    }));

    const clients = await connectAll(cloudways.url, (index) => ({
      'X-Cloudways-Email': callers[index]?.email ?? '',
      'X-Cloudways-Api-Key': callers[index]?.apiKey ?? '',
    }));
    upstream.requests.length = 0;
    let answerCrossings = 0;
    await Promise.all(
      clients.map(async (client, index) => {
        const results = await Promise.all(
          [1, 2, 3].map(() => client.callTool({ name: 'get_operation_status', arguments: { id: index + 1 } })),
        );
        for (const result of results) {
          expect(result.isError, JSON.stringify(result)).toBeFalsy();
          const operation = (result.structuredContent as { operation?: { id?: string; owner?: string } }).operation;
          if (operation?.owner !== String(index) || operation.id !== String(index + 1)) answerCrossings += 1;
        }
      }),
    );
    const exchanges = upstream.requests.filter((request) => request.path.endsWith('/oauth/access_token'));
    const calls = upstream.requests.filter((request) => request.path.includes('/operation/'));
    let requestCrossings = 0;
    for (const request of calls) {
      const caller = tokenOf.get(String(request.headers.authorization)) ?? -1;
      if (caller < 0 || caller + 1 !== Number(request.path.split('/').pop())) requestCrossings += 1;
    }
    report('cloudways', {
      callers: CALLERS,
      tokenExchanges: exchanges.length,
      upstreamRequests: calls.length,
      distinctTokens: new Set(calls.map((request) => request.headers.authorization)).size,
      crossings: requestCrossings + answerCrossings,
    });
    expect(exchanges).toHaveLength(CALLERS);
    expect(calls).toHaveLength(CALLERS * 3);
    expect(new Set(calls.map((request) => request.headers.authorization)).size).toBe(CALLERS);
    expect(requestCrossings).toBe(0);
    expect(answerCrossings).toBe(0);
    await Promise.all(clients.map((client) => client.close()));
  });
});
