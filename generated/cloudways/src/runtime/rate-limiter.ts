// Part of the mcpgen runtime, copied unchanged into this package (spec: specs/cloudways.yaml). Do not edit:
// it is replaced on every `mcpgen generate`.
import { createHash } from 'node:crypto';
import { ApiError, ConfigurationError } from './errors.js';
import { ExpiringMap } from './expiring-map.js';

/** `requests` calls per `perSeconds` seconds (root `x-mcp.rateLimit`, or `<PREFIX>_RATE_LIMIT=90/60`). */
export interface RateLimit {
  readonly requests: number;
  readonly perSeconds: number;
}

/** One token bucket: `tokens` left at `updatedAt` (ms since the epoch, the limiter's clock). */
export interface BucketState {
  readonly tokens: number;
  readonly updatedAt: number;
}

/** Computes a bucket's next state from its current one (absent: full), and what the caller gets. */
export type BucketUpdate<T> = (state: BucketState | undefined) => { readonly state: BucketState; readonly result: T };

/**
 * Where buckets live. The in-memory default serves one process; a shared store (Redis...) lets
 * several processes share one budget per credential. `update` must be atomic per key: read the
 * bucket, apply `fn`, write its `state` back, with no other update of that key in between
 * (a lock, or optimistic WATCH/MULTI retried on conflict, since `fn` is pure).
 */
export interface RateLimitStore {
  get(key: string): Promise<BucketState | undefined>;
  update<T>(key: string, ttlSeconds: number, fn: BucketUpdate<T>): Promise<T>;
}

export type TakeResult =
  { readonly allowed: true; readonly remaining: number } | { readonly allowed: false; readonly retryAfterSeconds: number };

export interface RateLimitStatus {
  /** Bucket capacity: requests allowed in a burst. */
  readonly limit: number;
  /** Requests allowed right now. */
  readonly remaining: number;
  /** Seconds until the bucket is full again (0 when it is). */
  readonly resetSeconds: number;
}

/** The default RateLimitStore: a map whose entries lapse after their TTL. */
export class MemoryRateLimitStore implements RateLimitStore {
  private readonly entries: ExpiringMap<BucketState>;

  constructor(options: { readonly now?: () => number } = {}) {
    this.entries = new ExpiringMap(options.now ?? Date.now);
  }

  async get(key: string): Promise<BucketState | undefined> {
    return this.entries.get(key);
  }

  async update<T>(key: string, ttlSeconds: number, fn: BucketUpdate<T>): Promise<T> {
    // Read, compute and write without an await in between: atomic within the process.
    const { result, state } = fn(this.entries.get(key));
    this.entries.set(key, state, ttlSeconds * 1000);
    return result;
  }
}

export interface RateLimiterOptions {
  /** Clock in ms since the epoch (default Date.now). */
  readonly now?: () => number;
  /** Default: a MemoryRateLimitStore on the same clock. */
  readonly store?: RateLimitStore;
  /** What the limit applies to, for its refusals (e.g. 'the "kubernetes" operations'). */
  readonly scope?: string;
}

// Float sums of refills may land a hair under a whole token: a bucket within EPSILON of a
// level counts as at it, in the checks and in the waits alike, so they agree.
const EPSILON = 1e-9;

/**
 * A token bucket per key: `requests` tokens, refilled continuously at requests/perSeconds per
 * second; each request takes one. Never waits: a refused take says when to try again.
 */
export class RateLimiter {
  readonly limit: RateLimit;
  private readonly now: () => number;
  private readonly store: RateLimitStore;
  /** Tokens per millisecond. */
  private readonly rate: number;
  private readonly ttlSeconds: number;
  private readonly scope: string | undefined;

  constructor(limit: RateLimit, options: RateLimiterOptions = {}) {
    checkLimit(limit, 'rate limit');
    this.limit = { perSeconds: limit.perSeconds, requests: limit.requests };
    this.now = options.now ?? Date.now;
    this.store = options.store ?? new MemoryRateLimitStore({ now: this.now });
    this.rate = limit.requests / (limit.perSeconds * 1000);
    // An idle bucket is full again after perSeconds: forgetting it then changes nothing.
    this.ttlSeconds = Math.max(1, Math.ceil(limit.perSeconds));
    this.scope = options.scope;
  }

  /** Takes one request from `key`'s bucket if it has one. */
  async take(key: string): Promise<TakeResult> {
    return this.store.update<TakeResult>(key, this.ttlSeconds, (state) => {
      const now = this.now();
      const tokens = this.level(state, now);
      // A clock that went back must not count the same time twice.
      const updatedAt = Math.max(now, state?.updatedAt ?? now);
      if (tokens + EPSILON >= 1) {
        const left = Math.max(0, tokens - 1);
        return { result: { allowed: true, remaining: Math.floor(left + EPSILON) }, state: { tokens: left, updatedAt } };
      }
      // A refused request takes nothing.
      return { result: { allowed: false, retryAfterSeconds: this.wait(tokens, 1) }, state: { tokens, updatedAt } };
    });
  }

  /** Like take, but a refusal throws ApiError kind 'rate-limited' (for a client's beforeRequest hook). */
  async enforce(key: string): Promise<void> {
    const result = await this.take(key);
    if (result.allowed) return;
    throw new ApiError(
      'rate-limited',
      // The retry time is in retryAfterSeconds, which a tool result states after this message.
      `client-side rate limit of ${this.limit.requests} requests per ${this.limit.perSeconds} s${this.scope ? ` for ${this.scope}` : ''} reached; nothing was sent to the API.`,
      { retryAfterSeconds: result.retryAfterSeconds },
    );
  }

  /** The bucket's state without taking from it. */
  async status(key: string): Promise<RateLimitStatus> {
    const tokens = this.level(await this.store.get(key), this.now());
    return {
      limit: this.limit.requests,
      remaining: Math.floor(tokens + EPSILON),
      resetSeconds: this.wait(tokens, this.limit.requests),
    };
  }

  /** Seconds until the bucket holds `level` tokens, rounded up to the millisecond: waiting that long is enough. */
  private wait(tokens: number, level: number): number {
    const missing = level - EPSILON - tokens;
    return missing <= 0 ? 0 : Math.ceil(missing / this.rate) / 1000;
  }

  private level(state: BucketState | undefined, now: number): number {
    if (!state) return this.limit.requests;
    const elapsed = Math.max(0, now - state.updatedAt);
    return Math.min(this.limit.requests, state.tokens + elapsed * this.rate);
  }
}

/**
 * Parses "REQUESTS/SECONDS" (e.g. "90/60": 90 requests per 60 seconds). `name` says where the
 * text came from in the error (e.g. "CLOUDWAYS_RATE_LIMIT").
 */
export function parseRateLimit(text: string, name = 'rate limit'): RateLimit {
  const match = /^\s*(\d+)\s*\/\s*(\d+(?:\.\d+)?)\s*$/.exec(text);
  if (!match) {
    throw new ConfigurationError(`${name} "${text}" is not REQUESTS/SECONDS: write e.g. 90/60 for 90 requests per 60 seconds`);
  }
  const limit = { perSeconds: Number(match[2]), requests: Number(match[1]) };
  checkLimit(limit, `${name} "${text}"`);
  return limit;
}

const credentialKeys = new WeakMap<Readonly<Record<string, string>>, string>();

/** A bucket key for a set of credentials: a sha256 of names and values, never the values; once per (read-only) object. */
export function credentialKey(credentials: Readonly<Record<string, string>>): string {
  const known = credentialKeys.get(credentials);
  if (known !== undefined) return known;
  const entries = Object.entries(credentials).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const key = createHash('sha256').update(JSON.stringify(entries)).digest('hex');
  credentialKeys.set(credentials, key);
  return key;
}

function checkLimit(limit: RateLimit, what: string): void {
  if (!Number.isSafeInteger(limit.requests) || limit.requests < 1) {
    throw new ConfigurationError(`${what}: the number of requests must be a whole number of at least 1`);
  }
  if (!Number.isFinite(limit.perSeconds) || limit.perSeconds <= 0) {
    throw new ConfigurationError(`${what}: the period must be a number of seconds greater than 0`);
  }
}
