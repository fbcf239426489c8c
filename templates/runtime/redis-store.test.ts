import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeWithRedis, freePort, RedisServer } from '../../test/support/redis.js';
import { SealedBox } from './encryption.js';
import { ApiError, ConfigurationError } from './errors.js';
import { RateLimiter } from './rate-limiter.js';
import { connectRedis, RedisRateLimitStore, RedisTokenStore, safeRedisUrl } from './redis-store.js';
import type { StoredToken } from './token-manager.js';
import { createServices, enforceLimit } from './tool-setup.js';
import type { ApiDefinition, OperationDefinition } from './types.js';

const box = new SealedBox(randomBytes(32));
const server = new RedisServer();
const connections: Redis[] = [];

async function connection(): Promise<Redis> {
  const redis = await connectRedis(server.url, 'REDIS_URL');
  connections.push(redis);
  return redis;
}

const storeOptions = (redis: Redis, namespace = 'mcpgen:TEST') => ({ box, label: `Redis at ${server.url}`, namespace, redis });

describeWithRedis('Redis stores against a real redis-server', () => {
  beforeAll(async () => {
    await server.start();
  });
  afterAll(async () => {
    for (const redis of connections) redis.disconnect();
    await server.stop();
  });

  it('RedisTokenStore keeps tokens sealed, under HMAC names, with a TTL', async () => {
    const redis = await connection();
    const store = new RedisTokenStore(storeOptions(redis));
    const token: StoredToken = { token: 'plain-token-value-123', issuedAt: 1000, expiresAt: 5000, refreshAt: 4000, forced: false };
    const key = 'TEST:scheme:credential-hash-abc';
    expect(await store.get(key)).toBeUndefined();
    await store.set(key, token, 120);
    expect(await store.get(key)).toEqual(token);
    const names = await redis.keys('mcpgen:TEST:token:*');
    expect(names).toHaveLength(1);
    const name = names[0] ?? '';
    expect(name).not.toContain('credential-hash-abc');
    const raw = (await redis.get(name)) ?? '';
    expect(raw).toMatch(/^v1\./);
    expect(raw).not.toContain('plain-token');
    const ttl = await redis.ttl(name);
    expect(ttl).toBeGreaterThan(100);
    expect(ttl).toBeLessThanOrEqual(120);
    // A value sealed under another key (or tampered with) reads as absent, not as garbage.
    const other = new RedisTokenStore({ ...storeOptions(redis), box: new SealedBox(randomBytes(32)) });
    expect(await other.get(key)).toBeUndefined();
    await redis.set(name, `${raw.slice(0, -4)}AAAA`);
    expect(await store.get(key)).toBeUndefined();
  });

  it('a token without lifetime still expires (after a day)', async () => {
    const redis = await connection();
    const store = new RedisTokenStore(storeOptions(redis, 'mcpgen:TTL'));
    await store.set('k', { token: 't', issuedAt: 1, forced: false }, undefined);
    const [name] = await redis.keys('mcpgen:TTL:token:*');
    expect(await redis.ttl(name ?? '')).toBeGreaterThan(86_000);
  });

  it('withLock excludes holders on other connections, and releases', async () => {
    const stores = [new RedisTokenStore(storeOptions(await connection())), new RedisTokenStore(storeOptions(await connection()))];
    let inside = 0;
    let most = 0;
    const order: number[] = [];
    await Promise.all(
      Array.from({ length: 10 }, (_, index) =>
        (stores[index % 2] as RedisTokenStore).withLock('shared', async () => {
          inside += 1;
          most = Math.max(most, inside);
          await new Promise((resolve) => setTimeout(resolve, 15));
          order.push(index);
          inside -= 1;
        }),
      ),
    );
    expect(most).toBe(1);
    expect(order).toHaveLength(10);
    // Released even when fn throws.
    await expect(stores[0]?.withLock('shared', async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(await stores[1]?.withLock('shared', async () => 'free')).toBe('free');
  });

  it("a lock is renewed while held, and another owner's lock is never released", async () => {
    const redis = await connection();
    const store = new RedisTokenStore({ ...storeOptions(redis, 'mcpgen:LOCK'), lockTtlMs: 300, lockWaitMs: 200 });
    const rival = new RedisTokenStore({ ...storeOptions(await connection(), 'mcpgen:LOCK'), lockTtlMs: 300, lockWaitMs: 200 });
    // Held for 3 TTLs: renewal keeps the rival out, which gives up with a clear timeout.
    const holding = store.withLock('k', () => new Promise((resolve) => setTimeout(resolve, 900)));
    await new Promise((resolve) => setTimeout(resolve, 50));
    const refused = await rival.withLock('k', async () => 'got it').catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(ApiError);
    expect((refused as ApiError).kind).toBe('timeout');
    await holding;
    // A lock now owned by someone else (the old one lapsed) survives the old owner's release.
    const [name] = await redis.keys('mcpgen:LOCK:lock:*');
    expect(name).toBeUndefined();
    await store.withLock('k', async () => {
      const [held] = await redis.keys('mcpgen:LOCK:lock:*');
      await redis.set(held ?? '', 'someone-else', 'PX', 5000);
    });
    const [still] = await redis.keys('mcpgen:LOCK:lock:*');
    expect(await redis.get(still ?? '')).toBe('someone-else');
  });

  it('per-module limits (x-mcp rateLimit.modules): one bucket per caller per module, shared by replicas', async () => {
    const api = {
      envPrefix: 'MODULES',
      rateLimit: { requests: 100, perSeconds: 60 },
      rateLimitModules: { network: { requests: 3, perSeconds: 60 } },
      securitySchemes: {},
    } as unknown as ApiDefinition;
    const replicas = [
      createServices(api, { stores: { rateLimits: new RedisRateLimitStore(storeOptions(await connection(), 'mcpgen:MOD')) } }, () => ''),
      createServices(api, { stores: { rateLimits: new RedisRateLimitStore(storeOptions(await connection(), 'mcpgen:MOD')) } }, () => ''),
    ];
    const network = {
      method: 'GET',
      operationId: 'listDevices',
      params: [],
      path: '/devices',
      rateLimitModule: 'network',
      security: [],
    } as OperationDefinition;
    const users = { ...network, operationId: 'listUsers', path: '/users', rateLimitModule: undefined } as OperationDefinition;
    const alice = { TOKEN: 'alice' };
    const outcomes = await Promise.all(
      Array.from({ length: 6 }, (_, index) =>
        enforceLimit(replicas[index % 2] as (typeof replicas)[0], network, alice).then(
          () => 'sent',
          (error: unknown) => (error instanceof ApiError ? error.message : String(error)),
        ),
      ),
    );
    expect(outcomes.filter((outcome) => outcome === 'sent')).toHaveLength(3);
    expect(outcomes.find((outcome) => outcome !== 'sent')).toContain('for the "network" operations');
    // The default bucket and another caller's network bucket are untouched.
    await expect(enforceLimit(replicas[0] as (typeof replicas)[0], users, alice)).resolves.toBeUndefined();
    await expect(enforceLimit(replicas[1] as (typeof replicas)[0], network, { TOKEN: 'bob' })).resolves.toBeUndefined();
    // RATE_LIMIT=off turns the modules off too.
    const off = createServices(api, { rateLimit: null }, () => '');
    expect(off.limiter).toBeUndefined();
    expect(off.moduleLimiters).toBeUndefined();
  });

  it("RedisRateLimitStore: two processes' limiters share one budget, exactly", async () => {
    const limit = { requests: 20, perSeconds: 60 };
    const limiters = [
      new RateLimiter(limit, { store: new RedisRateLimitStore(storeOptions(await connection(), 'mcpgen:RL')) }),
      new RateLimiter(limit, { store: new RedisRateLimitStore(storeOptions(await connection(), 'mcpgen:RL')) }),
    ];
    const results = await Promise.all(Array.from({ length: 60 }, (_, index) => (limiters[index % 2] as RateLimiter).take('caller-a')));
    expect(results.filter((result) => result.allowed)).toHaveLength(20);
    // Another caller has a budget of its own.
    const other = await Promise.all(Array.from({ length: 25 }, (_, index) => (limiters[index % 2] as RateLimiter).take('caller-b')));
    expect(other.filter((result) => result.allowed)).toHaveLength(20);
    expect(await limiters[0]?.status('caller-a')).toMatchObject({ limit: 20, remaining: 0 });
    const redis = await connection();
    const names = await redis.keys('mcpgen:RL:rate:*');
    expect(names).toHaveLength(2);
    for (const name of names) {
      expect(await redis.get(name)).toMatch(/^v1\./);
      expect(await redis.pttl(name)).toBeGreaterThan(0);
    }
  });

  it('the scripts (compare-and-set, lock renewal and release) still run after Redis forgot them, as after a restart', async () => {
    const redis = await connection();
    const limiter = new RateLimiter(
      { requests: 5, perSeconds: 60 },
      { store: new RedisRateLimitStore(storeOptions(redis, 'mcpgen:FLUSH')) },
    );
    const store = new RedisTokenStore({ ...storeOptions(redis, 'mcpgen:FLUSH'), lockTtlMs: 150 });
    expect(await limiter.take('caller')).toMatchObject({ allowed: true, remaining: 4 });
    await redis.script('FLUSH');
    expect(await limiter.take('caller')).toMatchObject({ allowed: true, remaining: 3 });
    await redis.script('FLUSH');
    // Held past its TTL: only the renewal keeps it; then the release deletes it.
    await store.withLock('k', async () => {
      await new Promise((resolve) => setTimeout(resolve, 400));
      expect(await redis.keys('mcpgen:FLUSH:lock:*')).toHaveLength(1);
    });
    expect(await redis.keys('mcpgen:FLUSH:lock:*')).toHaveLength(0);
  });

  it('a lost connection fails calls with a clear ApiError, and they work again once Redis is back', async () => {
    const redis = await connection();
    const store = new RedisTokenStore(storeOptions(redis, 'mcpgen:LOST'));
    await store.set('k', { token: 't', issuedAt: 1, forced: false }, 60);
    await server.stop();
    const failure = await store.get('k').catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ApiError);
    expect((failure as ApiError).kind).toBe('network');
    expect((failure as ApiError).message).toContain(`the shared state store (Redis at ${server.url}) is unavailable`);
    expect((failure as ApiError).retryable).toBe(true);
    await server.start();
    const deadline = Date.now() + 10_000;
    while (redis.status !== 'ready' && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    // Redis restarted empty (no persistence): the entry is gone, but the store works.
    expect(await store.get('k')).toBeUndefined();
    await store.set('k', { token: 't2', issuedAt: 2, forced: false }, 60);
    expect((await store.get('k'))?.token).toBe('t2');
  });

  it('connectRedis: an unreachable Redis or a bad URL is a ConfigurationError', async () => {
    const port = await freePort();
    const error = await connectRedis(`redis://127.0.0.1:${port}`, 'REDIS_URL').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as Error).message).toMatch(new RegExp(`cannot reach Redis at redis://127.0.0.1:${port} \\(REDIS_URL\\): .*ECONNREFUSED`));
    await expect(connectRedis('http://127.0.0.1:1', 'X_REDIS_URL')).rejects.toThrow('X_REDIS_URL must be a redis:// or rediss:// URL');
  });
});

describe('safeRedisUrl', () => {
  it('hides the password', () => {
    expect(safeRedisUrl('redis://user:hunter2@host:6379/0')).toBe('redis://user:***@host:6379/0');
    expect(safeRedisUrl('redis://host:6379')).toBe('redis://host:6379');
  });
});
