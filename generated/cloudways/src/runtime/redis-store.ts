// Part of the mcpgen runtime, copied unchanged into this package (spec: specs/cloudways.yaml). Do not edit:
// it is replaced on every `mcpgen generate`.
/**
 * Shared state on Redis, so that several server processes (replicas) use one token per
 * credential and one rate-limit budget per caller. Everything stored is sealed with
 * AES-256-GCM and expires; key names are HMACs. ioredis is loaded only when Redis is used.
 */
import { randomBytes } from 'node:crypto';
import type { Redis as RedisClient } from 'ioredis';
import type { SealedBox } from './encryption.js';
import { ApiError, ConfigurationError, messageOf } from './errors.js';
import { sleep } from './http.js';
import { KeyedLock } from './keyed-lock.js';
import type { BucketState, BucketUpdate, RateLimitStore } from './rate-limiter.js';
import type { StoredToken, TokenStore } from './token-manager.js';

/** Tokens whose endpoint gave no lifetime are kept this long, then exchanged again. */
export const DEFAULT_TOKEN_TTL_SECONDS: number = 24 * 60 * 60;
export const DEFAULT_LOCK_TTL_MS = 15_000;
export const DEFAULT_LOCK_WAIT_MS = 45_000;
const MAX_UPDATE_ATTEMPTS = 50;
const CONNECT_TIMEOUT_MS = 5000;
const COMMAND_TIMEOUT_MS = 3000;

export interface RedisStoreOptions {
  readonly redis: RedisClient;
  readonly box: SealedBox;
  /** Put before every key, e.g. "mcpgen:CLOUDWAYS". */
  readonly namespace: string;
  /** Names the store in errors, e.g. "Redis at redis://127.0.0.1:6379" (no password). */
  readonly label?: string;
}

/**
 * The stores' Lua scripts, each on one key, defined as commands of the connection: ioredis runs
 * them by their SHA and sends the script again when the server does not know it (after a restart).
 */
const SCRIPTS = {
  /** Writes ARGV[2] (for ARGV[3] ms) only if the key still holds ARGV[1] ('' = absent): a compare-and-set. */
  mcpgenCompareAndSet: `
local current = redis.call('GET', KEYS[1])
if current == false then current = '' end
if current ~= ARGV[1] then return 0 end
redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
return 1
`,
  /** Deletes the lock only if this holder still owns it. */
  mcpgenRelease: `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
`,
  /** Extends the lock only if this holder still owns it. */
  mcpgenExtend: `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return 0
`,
};

/** A connection with SCRIPTS defined (defineCommand adds methods its type cannot name). */
type ScriptedRedis = RedisClient & Record<keyof typeof SCRIPTS, (key: string, ...args: (string | number)[]) => Promise<unknown>>;

function withScripts(redis: RedisClient): ScriptedRedis {
  for (const [name, lua] of Object.entries(SCRIPTS)) if (!(name in redis)) redis.defineCommand(name, { lua, numberOfKeys: 1 });
  return redis as ScriptedRedis;
}

class RedisBase {
  protected readonly redis: ScriptedRedis;
  protected readonly box: SealedBox;
  private readonly namespace: string;
  private readonly label: string;

  constructor(options: RedisStoreOptions) {
    this.redis = withScripts(options.redis);
    this.box = options.box;
    this.namespace = options.namespace;
    this.label = options.label ?? 'Redis';
  }

  protected keyName(kind: string, key: string): string {
    return `${this.namespace}:${kind}:${this.box.name(key)}`;
  }

  /** Runs a Redis command; a failure becomes an ApiError the model can read (retryable). */
  protected async guard<T>(run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      if (error instanceof ApiError) throw error;
      const reason = this.redis.status === 'ready' ? messageOf(error) : `not connected (${this.redis.status})`;
      throw new ApiError(
        'network',
        `the shared state store (${this.label}) is unavailable: ${reason}. The API was not called; the server reconnects by itself`,
        { code: 'STATE_UNAVAILABLE' },
        { cause: error },
      );
    }
  }

  /** The stored text (for a compare-and-set) and its value; one that does not open or parse, or has another shape, reads as absent. */
  protected async read<T>(name: string, isValid: (value: T) => boolean): Promise<{ raw: string | null; value: T | undefined }> {
    const raw = await this.guard(() => this.redis.get(name));
    const text = raw === null ? undefined : this.box.open(raw, name);
    try {
      const value = text === undefined ? undefined : (JSON.parse(text) as T);
      return { raw, value: value !== undefined && isValid(value) ? value : undefined };
    } catch {
      return { raw, value: undefined };
    }
  }
}

/** TokenStore on Redis, with a distributed lock (SET NX PX, renewed while held, released only by its owner). */
export class RedisTokenStore extends RedisBase implements TokenStore {
  private readonly lockTtlMs: number;
  private readonly lockWaitMs: number;

  constructor(options: RedisStoreOptions & { readonly lockTtlMs?: number; readonly lockWaitMs?: number }) {
    super(options);
    this.lockTtlMs = options.lockTtlMs ?? DEFAULT_LOCK_TTL_MS;
    this.lockWaitMs = options.lockWaitMs ?? DEFAULT_LOCK_WAIT_MS;
  }

  async get(key: string): Promise<StoredToken | undefined> {
    const isToken = (value: StoredToken) => typeof value.token === 'string' && typeof value.issuedAt === 'number';
    return (await this.read(this.keyName('token', key), isToken)).value;
  }

  async set(key: string, value: StoredToken, ttlSeconds: number | undefined): Promise<void> {
    const name = this.keyName('token', key);
    const ttl = Math.max(1, Math.ceil(ttlSeconds ?? DEFAULT_TOKEN_TTL_SECONDS));
    await this.guard(() => this.redis.set(name, this.box.seal(JSON.stringify(value), name), 'EX', ttl));
  }

  async withLock<T>(key: string, fn: () => Promise<T>): Promise<T> {
    const name = this.keyName('lock', key);
    const owner = randomBytes(16).toString('hex');
    const deadline = Date.now() + this.lockWaitMs;
    for (let attempt = 0; ; attempt += 1) {
      const acquired = await this.guard(() => this.redis.set(name, owner, 'PX', this.lockTtlMs, 'NX'));
      if (acquired === 'OK') break;
      if (Date.now() >= deadline) {
        throw new ApiError(
          'timeout',
          `another server process has been refreshing this token for over ${Math.round(this.lockWaitMs / 1000)} s; try again`,
        );
      }
      await sleep(Math.min(200, 10 * 2 ** attempt) * (0.5 + Math.random()));
    }
    // Renewed while fn runs, so a slow exchange never lets a second process in.
    const renew = setInterval(
      () => void this.redis.mcpgenExtend(name, owner, this.lockTtlMs).catch(() => undefined),
      Math.max(100, Math.floor(this.lockTtlMs / 3)),
    );
    renew.unref();
    try {
      return await fn();
    } finally {
      clearInterval(renew);
      // If Redis is gone the lock lapses by its TTL.
      await this.redis.mcpgenRelease(name, owner).catch(() => undefined);
    }
  }
}

/**
 * RateLimitStore on Redis: read, apply the limiter's pure function, then a Lua
 * compare-and-set that writes only if nobody wrote in between (else read again and retry).
 * Updates of one key within this process queue up first, so only replicas ever race.
 */
export class RedisRateLimitStore extends RedisBase implements RateLimitStore {
  private readonly queue = new KeyedLock();

  async get(key: string): Promise<BucketState | undefined> {
    return (await this.read(this.keyName('rate', key), isBucket)).value;
  }

  async update<T>(key: string, ttlSeconds: number, fn: BucketUpdate<T>): Promise<T> {
    return this.queue.run(key, async () => {
      const name = this.keyName('rate', key);
      for (let attempt = 0; attempt < MAX_UPDATE_ATTEMPTS; attempt += 1) {
        const { raw, value } = await this.read(name, isBucket);
        const { result, state } = fn(value);
        const sealed = this.box.seal(JSON.stringify(state), name);
        const written = await this.guard(() => this.redis.mcpgenCompareAndSet(name, raw ?? '', sealed, Math.ceil(ttlSeconds * 1000)));
        if (written === 1) return result;
        await sleep(Math.random() * Math.min(50, 2 * (attempt + 1)));
      }
      throw new ApiError('rate-limited', `the rate-limit bucket is contended by too many server processes; retry in a moment`, {
        retryAfterSeconds: 1,
      });
    });
  }
}

function isBucket(value: BucketState): boolean {
  return typeof value.tokens === 'number' && typeof value.updatedAt === 'number';
}

/** The URL without its password, for messages and logs. */
export function safeRedisUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString().replace(/\/$/, '');
  } catch {
    return 'the configured URL';
  }
}

/**
 * Connects, or throws a ConfigurationError saying why (the server then exits 2). Once up,
 * commands never queue while disconnected: they fail at once with a clear error, and the
 * client reconnects by itself, telling `onStateChange` when the connection is lost and back.
 */
export async function connectRedis(
  url: string,
  source: string,
  onStateChange?: (state: 'lost' | 'ready', detail?: string) => void,
): Promise<RedisClient> {
  if (!/^rediss?:\/\//i.test(url))
    throw new ConfigurationError(`${source} must be a redis:// or rediss:// URL, not "${safeRedisUrl(url)}"`);
  // An optional peer dependency of the package: only Redis mode needs it.
  const { Redis } = await import('ioredis').catch((error: unknown) => {
    throw new ConfigurationError(
      `${source} asks for shared state in Redis, but the ioredis package cannot be loaded (${error instanceof Error ? error.message.split('\n')[0] : String(error)}): install it next to this server with \`npm install ioredis\``,
    );
  });
  let started = false;
  const redis = new Redis(url, {
    autoResendUnfulfilledCommands: false,
    commandTimeout: COMMAND_TIMEOUT_MS,
    connectTimeout: CONNECT_TIMEOUT_MS,
    enableOfflineQueue: false,
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    // Before the first connection a failure is final; after it, keep trying.
    retryStrategy: (times) => (started ? Math.min(100 * times, 2000) : null),
  });
  let lastError: string | undefined;
  let lost = false;
  redis.on('error', (error: Error) => {
    lastError = error.message;
  });
  redis.on('close', () => {
    if (started && !lost) {
      lost = true;
      onStateChange?.('lost', lastError);
    }
  });
  redis.on('ready', () => {
    if (lost) {
      lost = false;
      onStateChange?.('ready');
    }
  });
  try {
    await redis.connect();
    await redis.ping();
  } catch (error) {
    redis.disconnect();
    const reason = lastError ?? messageOf(error);
    throw new ConfigurationError(`cannot reach Redis at ${safeRedisUrl(url)} (${source}): ${reason}`);
  }
  started = true;
  return redis;
}
