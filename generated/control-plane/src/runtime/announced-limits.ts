// Part of the mcpgen runtime, copied unchanged into this package (spec: specs/control-plane.yaml). Do not edit:
// it is replaced on every `mcpgen generate`.
import { ApiError } from './errors.js';
import { ExpiringMap } from './expiring-map.js';
import { parseRetryAfter, sleep } from './http.js';

/** An X-RateLimit-Reset this large is a time (epoch seconds, GitHub-style); smaller ones count seconds from now. */
const EPOCH_SECONDS_FROM = 1_000_000_000;
/** Keys remembered at most: an exhausted budget is forgotten at its reset anyway; this bounds a flood of callers. */
const MAX_KEYS = 10_000;

/**
 * What the API itself says about its rate limits (`X-RateLimit-Remaining` / `X-RateLimit-Reset`,
 * and `Retry-After` on a 429), per caller and module: once a budget is announced spent, later
 * calls wait for its reset when that fits in their time budget, and otherwise fail at once
 * saying when to retry, without sending what the API would refuse. Kept per process: each replica
 * learns it from the answers it gets.
 */
export class AnnouncedLimits {
  /** Key → when the announced budget refills (ms since the epoch). */
  private readonly exhausted: ExpiringMap<number>;

  constructor(private readonly now: () => number = Date.now) {
    this.exhausted = new ExpiringMap(now, MAX_KEYS);
  }

  /** Reads an answer's rate-limit headers. */
  record(key: string, status: number, headers: Headers): void {
    const resetAt = this.resetAt(status, headers);
    const now = this.now();
    if (resetAt === undefined || resetAt <= now) this.exhausted.delete(key);
    else this.exhausted.set(key, resetAt, resetAt - now);
  }

  /**
   * Resolves when a call may be sent: at once, or after the announced reset when it comes within
   * `budgetMs`; throws ApiError 'rate-limited' (with retryAfterSeconds) when it comes later.
   * Returns the milliseconds it waited.
   */
  async whenAllowed(key: string, budgetMs: number, signal?: AbortSignal): Promise<number> {
    const resetAt = this.exhausted.get(key);
    const wait = resetAt === undefined ? 0 : resetAt - this.now();
    if (wait <= 0) return 0;
    if (wait >= budgetMs) {
      throw new ApiError(
        'rate-limited',
        `the API announced its rate limit is used up until ${new Date(resetAt ?? 0).toISOString()} (X-RateLimit-Remaining: 0), later than this call may wait; nothing was sent.`,
        { retryAfterSeconds: Math.ceil(wait / 1000) },
      );
    }
    await sleep(wait, signal);
    return wait;
  }

  /** When a spent budget refills, from the answer's headers; undefined while some is left or the API does not say. */
  private resetAt(status: number, headers: Headers): number | undefined {
    const now = this.now();
    const retryAfter = parseRetryAfter(headers.get('retry-after'));
    if (status === 429 && retryAfter !== undefined) return now + retryAfter * 1000;
    const remaining = Number(headers.get('x-ratelimit-remaining') ?? NaN);
    if (!(remaining <= 0)) return undefined;
    const reset = Number(headers.get('x-ratelimit-reset') ?? NaN);
    if (Number.isFinite(reset) && reset >= 0) return reset >= EPOCH_SECONDS_FROM ? reset * 1000 : now + reset * 1000;
    return retryAfter === undefined ? undefined : now + retryAfter * 1000;
  }
}
