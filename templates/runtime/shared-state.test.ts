import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { describeWithRedis, freePort, RedisServer } from '../../test/support/redis.js';
import { ConfigurationError } from './errors.js';
import { MEMORY_STATE, sharedStateFromEnv } from './shared-state.js';
import type { ApiDefinition } from './types.js';

const api = { envPrefix: 'CLOUDWAYS' } as ApiDefinition;
const KEY = randomBytes(32).toString('hex');

describe('sharedStateFromEnv', () => {
  it('is memory, with nothing to install, when no Redis URL is set', async () => {
    expect(await sharedStateFromEnv(api, {})).toBe(MEMORY_STATE);
    expect(MEMORY_STATE.health()).toEqual({ ready: true, state: 'memory' });
    expect(MEMORY_STATE.stores).toBeUndefined();
  });

  it('Redis without <PREFIX>_REDIS_KEY, or with a bad one, is a startup error', async () => {
    await expect(sharedStateFromEnv(api, { REDIS_URL: 'redis://127.0.0.1:1' })).rejects.toThrow(
      'REDIS_URL is set, so CLOUDWAYS_REDIS_KEY must be too',
    );
    await expect(sharedStateFromEnv(api, { CLOUDWAYS_REDIS_URL: 'redis://127.0.0.1:1', CLOUDWAYS_REDIS_KEY: 'abc' })).rejects.toThrow(
      'CLOUDWAYS_REDIS_KEY must be a 32-byte key',
    );
  });

  it('an unreachable Redis is a startup error naming the variable', async () => {
    const port = await freePort();
    const error = await sharedStateFromEnv(api, { CLOUDWAYS_REDIS_URL: `redis://:pw@127.0.0.1:${port}`, CLOUDWAYS_REDIS_KEY: KEY }).catch(
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as Error).message).toContain(`cannot reach Redis at redis://:***@127.0.0.1:${port} (CLOUDWAYS_REDIS_URL)`);
  });

  describeWithRedis('with a redis-server', () => {
    const server = new RedisServer();
    afterAll(() => server.stop());

    it('<PREFIX>_REDIS_URL wins over REDIS_URL; the state has both stores and reports health', async () => {
      await server.start();
      const state = await sharedStateFromEnv(api, {
        REDIS_URL: 'redis://127.0.0.1:1',
        CLOUDWAYS_REDIS_URL: server.url,
        CLOUDWAYS_REDIS_KEY: KEY,
      });
      expect(state.kind).toBe('redis');
      expect(state.stores?.tokens).toBeDefined();
      expect(state.stores?.rateLimits).toBeDefined();
      expect(state.health()).toEqual({ ready: true, state: 'redis' });
      await state.close();
    });
  });
});
