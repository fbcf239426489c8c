import fc from 'fast-check';
import { beforeEach, describe, expect, it } from 'vitest';
import { ApiError, ConfigurationError } from './errors.js';
import { credentialKey, MemoryRateLimitStore, parseRateLimit, type RateLimitStore, RateLimiter } from './rate-limiter.js';

let clock = 0;
const now = () => clock;
const CLOUDWAYS = { perSeconds: 60, requests: 90 };

beforeEach(() => {
  clock = Date.UTC(2025, 0, 1);
});

async function takeMany(limiter: RateLimiter, key: string, count: number) {
  const results = [];
  for (let index = 0; index < count; index += 1) results.push(await limiter.take(key));
  return results;
}

describe('RateLimiter', () => {
  it('allows a burst of the capacity, counting down what remains, then refuses', async () => {
    const limiter = new RateLimiter(CLOUDWAYS, { now });
    const results = await takeMany(limiter, 'a', 90);
    expect(results.every((result) => result.allowed)).toBe(true);
    expect(results.map((result) => (result.allowed ? result.remaining : -1))).toEqual(Array.from({ length: 90 }, (_, i) => 89 - i));
    expect(await limiter.take('a')).toEqual({ allowed: false, retryAfterSeconds: 0.667 });
  });

  it('refills continuously at requests/perSeconds, up to the capacity', async () => {
    const limiter = new RateLimiter(CLOUDWAYS, { now });
    await takeMany(limiter, 'a', 90);
    clock += 1000; // 1.5 requests back
    expect(await limiter.take('a')).toEqual({ allowed: true, remaining: 0 });
    expect(await limiter.take('a')).toEqual({ allowed: false, retryAfterSeconds: 0.334 });
    clock += 10_000; // 0.5 + 15
    expect(await limiter.status('a')).toEqual({ limit: 90, remaining: 15, resetSeconds: 49.667 });
    clock += 3_600_000;
    expect(await limiter.status('a')).toEqual({ limit: 90, remaining: 90, resetSeconds: 0 });
    expect((await takeMany(limiter, 'a', 91)).filter((result) => result.allowed)).toHaveLength(90);
  });

  it('says exactly how long to wait: a millisecond sooner is refused, then it is allowed', async () => {
    for (const limit of [CLOUDWAYS, { perSeconds: 1, requests: 10 }, { perSeconds: 7, requests: 3 }, { perSeconds: 3600, requests: 1 }]) {
      const limiter = new RateLimiter(limit, { now });
      await takeMany(limiter, 'a', limit.requests);
      const refused = await limiter.take('a');
      if (refused.allowed) throw new Error('expected a refusal');
      expect(refused.retryAfterSeconds).toBeCloseTo(limit.perSeconds / limit.requests, 2);
      clock += refused.retryAfterSeconds * 1000 - 1;
      expect((await limiter.take('a')).allowed).toBe(false);
      clock += 1;
      expect(await limiter.take('a')).toEqual({ allowed: true, remaining: 0 });
    }
  });

  it('keeps retryAfter exact over any sequence of takes and pauses (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ max: 200, min: 1 }),
        fc.oneof(fc.integer({ max: 600, min: 1 }), fc.double({ max: 3600, min: 0.01, noNaN: true })),
        fc.array(fc.integer({ max: 5000, min: 0 }), { maxLength: 40 }),
        async (requests, perSeconds, pauses) => {
          let time = 1_000_000;
          const limiter = new RateLimiter({ perSeconds, requests }, { now: () => time });
          for (const pause of pauses) {
            time += pause;
            const result = await limiter.take('k');
            if (result.allowed) continue;
            // Refused: waiting retryAfter is enough, and one millisecond less is not.
            time += result.retryAfterSeconds * 1000 - 1;
            if ((await limiter.status('k')).remaining >= 1) return false;
            time += 1;
            if (!(await limiter.take('k')).allowed) return false;
          }
          return true;
        },
      ),
      { numRuns: 500 },
    );
  });

  it('takes nothing from a refused request', async () => {
    const limiter = new RateLimiter({ perSeconds: 10, requests: 1 }, { now });
    await limiter.take('a');
    for (let index = 0; index < 5; index += 1) await limiter.take('a');
    clock += 4000;
    expect(await limiter.take('a')).toEqual({ allowed: false, retryAfterSeconds: 6 });
    clock += 6000;
    expect((await limiter.take('a')).allowed).toBe(true);
  });

  it('keeps one bucket per key', async () => {
    const limiter = new RateLimiter({ perSeconds: 60, requests: 3 }, { now });
    await takeMany(limiter, 'a', 3);
    expect((await limiter.take('a')).allowed).toBe(false);
    expect(await limiter.take('b')).toEqual({ allowed: true, remaining: 2 });
    expect(await limiter.status('a')).toEqual({ limit: 3, remaining: 0, resetSeconds: 60 });
    expect(await limiter.status('b')).toEqual({ limit: 3, remaining: 2, resetSeconds: 20 });
  });

  it('reports status without taking', async () => {
    const limiter = new RateLimiter(CLOUDWAYS, { now });
    expect(await limiter.status('a')).toEqual({ limit: 90, remaining: 90, resetSeconds: 0 });
    await takeMany(limiter, 'a', 30);
    for (let index = 0; index < 3; index += 1) expect(await limiter.status('a')).toEqual({ limit: 90, remaining: 60, resetSeconds: 20 });
  });

  it('adds nothing when the clock goes back', async () => {
    const limiter = new RateLimiter({ perSeconds: 60, requests: 2 }, { now });
    await takeMany(limiter, 'a', 2);
    clock -= 10_000;
    expect((await limiter.take('a')).allowed).toBe(false);
    // Back to where it was: the time is not counted twice.
    clock += 10_000;
    expect((await limiter.take('a')).allowed).toBe(false);
    clock += 30_000;
    expect(await limiter.take('a')).toEqual({ allowed: true, remaining: 0 });
    expect((await limiter.take('a')).allowed).toBe(false);
  });

  it('enforce throws a rate-limited ApiError with retryAfterSeconds', async () => {
    const limiter = new RateLimiter({ perSeconds: 60, requests: 1 }, { now });
    await limiter.enforce('a');
    const error = await limiter.enforce('a').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ kind: 'rate-limited', retryAfterSeconds: 60 });
    expect((error as ApiError).message).toBe('client-side rate limit of 1 requests per 60 s reached; nothing was sent to the API.');
    expect((error as ApiError).retryable).toBe(true);
  });

  it('refuses a limit that cannot work', () => {
    expect(() => new RateLimiter({ perSeconds: 60, requests: 0 })).toThrow(ConfigurationError);
    expect(() => new RateLimiter({ perSeconds: 0, requests: 5 })).toThrow(ConfigurationError);
    expect(() => new RateLimiter({ perSeconds: 60, requests: 1.5 })).toThrow(ConfigurationError);
    expect(() => new RateLimiter({ perSeconds: Number.NaN, requests: 5 })).toThrow(ConfigurationError);
  });

  it('goes through the store with a TTL of the period', async () => {
    const inner = new MemoryRateLimitStore({ now });
    const ttls: number[] = [];
    const store: RateLimitStore = {
      get: (key) => inner.get(key),
      update: (key, ttl, fn) => {
        ttls.push(ttl);
        return inner.update(key, ttl, fn);
      },
    };
    const limiter = new RateLimiter({ perSeconds: 90.5, requests: 2 }, { now, store });
    await takeMany(limiter, 'a', 2);
    expect(ttls).toEqual([91, 91]);
    expect(await inner.get('a')).toEqual({ tokens: 0, updatedAt: clock });
  });
});

describe('MemoryRateLimitStore', () => {
  it('forgets a bucket after its TTL', async () => {
    const store = new MemoryRateLimitStore({ now });
    await store.update('a', 60, () => ({ result: undefined, state: { tokens: 1, updatedAt: clock } }));
    clock += 59_999;
    expect(await store.get('a')).toEqual({ tokens: 1, updatedAt: clock - 59_999 });
    clock += 1;
    expect(await store.get('a')).toBeUndefined();
  });

  it('keeps memory bounded by sweeping lapsed buckets', async () => {
    const store = new MemoryRateLimitStore({ now });
    for (let index = 0; index < 999; index += 1) {
      await store.update(`old-${index}`, 1, () => ({ result: undefined, state: { tokens: 0, updatedAt: clock } }));
    }
    clock += 1000;
    await store.update('new', 1, () => ({ result: undefined, state: { tokens: 0, updatedAt: clock } }));
    expect((store as unknown as { entries: Map<string, unknown> }).entries.size).toBe(1);
  });
});

describe('parseRateLimit', () => {
  it('reads REQUESTS/SECONDS', () => {
    expect(parseRateLimit('90/60')).toEqual({ perSeconds: 60, requests: 90 });
    expect(parseRateLimit(' 5 / 1.5 ')).toEqual({ perSeconds: 1.5, requests: 5 });
  });

  it.each(['', '90', '90/', '/60', 'abc', '90/60/1', '90:60', '-1/60', '1e3/60', '9.5/60'])('refuses %j, saying what to write', (text) => {
    expect(() => parseRateLimit(text, 'CLOUDWAYS_RATE_LIMIT')).toThrow(
      `CLOUDWAYS_RATE_LIMIT "${text}" is not REQUESTS/SECONDS: write e.g. 90/60 for 90 requests per 60 seconds`,
    );
  });

  it('refuses zero requests or a zero period', () => {
    expect(() => parseRateLimit('0/60')).toThrow('rate limit "0/60": the number of requests must be a whole number of at least 1');
    expect(() => parseRateLimit('90/0')).toThrow('rate limit "90/0": the period must be a number of seconds greater than 0');
    expect(() => parseRateLimit('90/0')).toThrow(ConfigurationError);
  });
});

describe('credentialKey', () => {
  it('hashes names and values, whatever their order, never showing them', () => {
    const key = credentialKey({ API_KEY: 'k3y-Sup3rSecret-0042', EMAIL: 'ops@example.com' });
    expect(key).toMatch(/^[0-9a-f]{64}$/);
    expect(credentialKey({ EMAIL: 'ops@example.com', API_KEY: 'k3y-Sup3rSecret-0042' })).toBe(key);
    expect(credentialKey({ API_KEY: 'k3y-0therSecret-0077', EMAIL: 'ops@example.com' })).not.toBe(key);
    expect(credentialKey({ API_KEY: 'ops@example.com', EMAIL: 'k3y-Sup3rSecret-0042' })).not.toBe(key);
  });

  it('gives an object asked again the key it gave it (computed once per object)', () => {
    const credentials = { TOKEN: 'tok-1f2e3d' };
    const key = credentialKey(credentials);
    expect(credentialKey(credentials)).toBe(key);
    expect(credentialKey({ TOKEN: 'tok-1f2e3d' })).toBe(key);
  });
});
