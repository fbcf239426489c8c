// Part of the mcpgen runtime, copied unchanged into this package (spec: specs/control-plane.yaml). Do not edit:
// it is replaced on every `mcpgen generate`.
import { type Env, envReader } from './config.js';
import { parseEncryptionKey, SealedBox } from './encryption.js';
import { ConfigurationError } from './errors.js';
import type { Logger } from './log.js';
import { connectRedis, RedisRateLimitStore, RedisTokenStore, safeRedisUrl } from './redis-store.js';
import type { SharedStores } from './tool-setup.js';
import type { ApiDefinition } from './types.js';

/** Where tokens and rate-limit buckets live: this process's memory (default) or Redis. */
export interface SharedState {
  readonly kind: 'memory' | 'redis';
  /** Undefined in memory: the token manager and limiter make their own. */
  readonly stores?: SharedStores;
  /** For /health: whether the store can be used right now. */
  health(): { readonly state: 'memory' | 'redis'; readonly ready: boolean };
  close(): Promise<void>;
}

export const MEMORY_STATE: SharedState = {
  kind: 'memory',
  health: () => ({ ready: true, state: 'memory' }),
  close: async () => undefined,
};

/**
 * `<PREFIX>_REDIS_URL` (or `REDIS_URL`) selects Redis, which then needs `<PREFIX>_REDIS_KEY`
 * (32 bytes, hex or base64) to encrypt what it stores. A missing key or an unreachable Redis
 * is a ConfigurationError: the server does not start.
 */
export async function sharedStateFromEnv(api: ApiDefinition, env: Env, logger?: Logger): Promise<SharedState> {
  const { name, read } = envReader(api.envPrefix, env);
  const prefixedUrl = read('REDIS_URL');
  const urlVariable = prefixedUrl !== undefined ? name('REDIS_URL') : 'REDIS_URL';
  const url = prefixedUrl ?? (env.REDIS_URL?.trim() || undefined);
  if (url === undefined) return MEMORY_STATE;
  const keyVariable = name('REDIS_KEY');
  const keyText = read('REDIS_KEY');
  if (keyText === undefined) {
    throw new ConfigurationError(
      `${urlVariable} is set, so ${keyVariable} must be too: the 32-byte key that encrypts tokens in Redis (make one with: openssl rand -base64 32)`,
    );
  }
  const box = new SealedBox(parseEncryptionKey(keyText, keyVariable));
  const where = safeRedisUrl(url);
  let closing = false;
  const redis = await connectRedis(url, urlVariable, (state, detail) => {
    if (closing) return;
    if (state === 'lost') logger?.warn('lost the connection to Redis; calls fail until it is back', { redis: where, detail });
    else logger?.info('reconnected to Redis', { redis: where });
  });
  const options = { box, label: `Redis at ${where}`, namespace: `mcpgen:${api.envPrefix}`, redis };
  logger?.info('shared state in Redis', { redis: where });
  return {
    kind: 'redis',
    stores: { rateLimits: new RedisRateLimitStore(options), tokens: new RedisTokenStore(options) },
    health: () => ({ ready: redis.status === 'ready', state: 'redis' }),
    close: async () => {
      closing = true;
      await redis.quit().catch(() => redis.disconnect());
    },
  };
}
