import { randomBytes } from 'node:crypto';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { connectHttp, type HttpServerProcess, runToExit, startHttpServer } from '../support/http-server.js';
import { builtServer, textOf } from '../support/mcp-client.js';
import { RecordingUpstream } from '../support/recording-upstream.js';
import { describeWithRedis, freePort, RedisServer } from '../support/redis.js';

/**
 * Two Cloudways server processes share one redis-server: one rate-limit budget per caller,
 * one token exchange per caller between them, nothing readable in Redis, and a Redis that
 * dies mid-run costs clear errors, not a restart.
 */
const LIMIT = 10;
const KEY = randomBytes(32).toString('base64');
const redis = new RedisServer();
const upstream = new RecordingUpstream();
let replicas: HttpServerProcess[] = [];
let raw: Redis;
let bin: string;
const issued = new Map<string, string>();

const caller = (name: string) => ({ email: `${name}@example.com`, apiKey: `cw-api-key-${name}-${randomBytes(6).toString('hex')}` });
const alice = caller('alice');
const bob = caller('bob');
const headersOf = (who: { email: string; apiKey: string }) => ({ 'X-Cloudways-Email': who.email, 'X-Cloudways-Api-Key': who.apiKey });

const exchangesFor = (who: { email: string }) =>
  upstream.requests.filter(
    (request) => request.path.endsWith('/oauth/access_token') && new URLSearchParams(request.body).get('email') === who.email,
  );
const callsBy = (who: { email: string }) =>
  upstream.requests.filter(
    (request) => request.path.startsWith('/api/v1/operation/') && issued.get(String(request.headers.authorization)) === who.email,
  );

async function burst(clients: Client[], count: number) {
  return Promise.all(
    Array.from({ length: count }, (_, index) =>
      (clients[index % clients.length] as Client).callTool({ name: 'get_operation_status', arguments: { id: index + 1 } }),
    ),
  );
}

describeWithRedis('two replicas on one Redis', () => {
  beforeAll(async () => {
    bin = builtServer('cloudways');
    await Promise.all([redis.start(), upstream.start()]);
    upstream.on('POST', '/api/v1/oauth/access_token', (request) => {
      const email = new URLSearchParams(request.body).get('email') ?? '';
      const token = `cw-access-token-${randomBytes(8).toString('hex')}`;
      issued.set(`Bearer ${token}`, email);
      // Slow, so that both replicas ask for a token while the first exchange is running.
      return { delayMs: 400, body: { access_token: token, expires_in: 3600 } };
    });
    upstream.on('GET', /^\/api\/v1\/operation\/\d+$/, { body: { operation: { is_completed: '1' } } });
    const env = {
      CLOUDWAYS_BASE_URL: `${upstream.url}/api/v1`,
      REDIS_URL: redis.url,
      CLOUDWAYS_REDIS_KEY: KEY,
      CLOUDWAYS_RATE_LIMIT: `${LIMIT}/600`,
    };
    replicas = await Promise.all([startHttpServer(bin, env), startHttpServer(bin, env)]);
    raw = redis.client();
  });

  afterAll(async () => {
    raw?.disconnect();
    await Promise.all(replicas.map((replica) => replica.stop()));
    await redis.stop();
    await upstream.stop();
  });

  it('enforce one global rate limit per caller and perform one token exchange between them', async () => {
    expect(replicas[0]?.stderr()).toContain('shared state in Redis');
    const aliceClients = await Promise.all(replicas.map((replica) => connectHttp(replica.url, headersOf(alice))));
    const bobClients = await Promise.all(replicas.map((replica) => connectHttp(replica.url, headersOf(bob))));
    const [aliceResults, bobResults] = await Promise.all([burst(aliceClients, 3 * LIMIT), burst(bobClients, 2 * LIMIT)]);

    const allowed = (results: Awaited<ReturnType<typeof burst>>) => results.filter((result) => !result.isError).length;
    const refused = aliceResults.filter((result) => result.isError);
    const figures = {
      aliceRequested: aliceResults.length,
      aliceAllowed: allowed(aliceResults),
      aliceUpstream: callsBy(alice).length,
      aliceExchanges: exchangesFor(alice).length,
      bobRequested: bobResults.length,
      bobAllowed: allowed(bobResults),
      bobUpstream: callsBy(bob).length,
      bobExchanges: exchangesFor(bob).length,
      limit: LIMIT,
    };
    console.log(
      `[two replicas] ${Object.entries(figures)
        .map(([key, value]) => `${key}=${value}`)
        .join(' ')}`,
    );
    expect(figures).toEqual({
      aliceRequested: 3 * LIMIT,
      aliceAllowed: LIMIT,
      aliceUpstream: LIMIT,
      aliceExchanges: 1,
      bobRequested: 2 * LIMIT,
      bobAllowed: LIMIT,
      bobUpstream: LIMIT,
      bobExchanges: 1,
      limit: LIMIT,
    });
    // Both replicas served allowed calls with the one token.
    expect(new Set(callsBy(alice).map((request) => request.headers.authorization)).size).toBe(1);
    for (const result of refused) expect(textOf(result)).toContain(`client-side rate limit of ${LIMIT} requests per 600 s reached`);
    for (const client of [...aliceClients, ...bobClients]) await client.close();
  });

  it('stores nothing readable: values sealed with AES-256-GCM, names hashed, everything expiring', async () => {
    const names = await raw.keys('*');
    expect(names.length).toBeGreaterThanOrEqual(4); // a token and a bucket per caller
    const secrets = [alice.email, alice.apiKey, bob.email, bob.apiKey, ...issued.keys()].map((value) => value.replace(/^Bearer /, ''));
    for (const name of names) {
      expect(name).toMatch(/^mcpgen:CLOUDWAYS:(token|rate):[0-9a-f]{64}$/);
      const value = (await raw.get(name)) ?? '';
      expect(value).toMatch(/^v1\.[\w-]+\.[\w-]+\.[\w-]+$/);
      for (const secret of secrets) {
        expect(value).not.toContain(secret);
        expect(name).not.toContain(secret);
      }
      expect(Buffer.from(value.split('.')[3] ?? '', 'base64url').toString('latin1')).not.toContain('cw-access-token');
      expect(await raw.pttl(name)).toBeGreaterThan(0);
    }
  });

  it('Redis lost mid-run: calls fail with a clear isError; after a restart they work again', async () => {
    const [first] = replicas;
    if (!first) throw new Error('no replica');
    const client = await connectHttp(first.url, headersOf(alice));
    await redis.stop();
    const failed = await client.callTool({ name: 'get_operation_status', arguments: { id: 1 } });
    expect(failed.isError).toBe(true);
    expect(textOf(failed)).toContain(`the shared state store (Redis at ${redis.url}) is unavailable`);
    expect(textOf(failed)).toContain('This may succeed if retried later.');
    const health = await fetch(`${first.origin}/health`);
    expect(health.status).toBe(503);
    expect(await health.json()).toMatchObject({ status: 'unavailable', state: 'redis', redis: 'unavailable' });

    await redis.start();
    const deadline = Date.now() + 15_000;
    while ((await fetch(`${first.origin}/health`)).status !== 200) {
      if (Date.now() > deadline) throw new Error('the replica did not reconnect to Redis');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const before = exchangesFor(alice).length;
    const recovered = await client.callTool({ name: 'get_operation_status', arguments: { id: 1 } });
    expect(recovered.isError, textOf(recovered)).toBeFalsy();
    // The restarted Redis is empty: the token is exchanged again, once.
    expect(exchangesFor(alice).length).toBe(before + 1);
    expect(first.stderr()).toContain('lost the connection to Redis');
    expect(first.stderr()).toContain('reconnected to Redis');
    await client.close();
  });
});

describeWithRedis('Redis startup errors exit 2', () => {
  it('names the missing key, a bad key and an unreachable Redis', async () => {
    const bin = builtServer('cloudways');
    const port = await freePort();
    const url = `redis://127.0.0.1:${port}`;
    const missing = await runToExit(bin, { REDIS_URL: url }, ['--http', '0']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('REDIS_URL is set, so CLOUDWAYS_REDIS_KEY must be too');
    const bad = await runToExit(bin, { CLOUDWAYS_REDIS_URL: url, CLOUDWAYS_REDIS_KEY: 'short' }, ['--http', '0']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('CLOUDWAYS_REDIS_KEY must be a 32-byte key');
    const down = await runToExit(bin, { REDIS_URL: url, CLOUDWAYS_REDIS_KEY: KEY }, ['--http', '0']);
    expect(down.code).toBe(2);
    expect(down.stderr).toContain(`cannot reach Redis at ${url} (REDIS_URL)`);
    // stdio mode reads the same variables.
    expect((await runToExit(bin, { REDIS_URL: url, CLOUDWAYS_REDIS_KEY: KEY })).code).toBe(2);
  });
});
