import { describe, expect, it } from 'vitest';
import { AnnouncedLimits } from './announced-limits.js';
import { ApiError } from './errors.js';

const NOW = 1_700_000_000_000;
const headers = (values: Record<string, string>) => new Headers(values);

describe('AnnouncedLimits', () => {
  it('lets calls through while the API announces requests left', async () => {
    const limits = new AnnouncedLimits(() => NOW);
    limits.record('k', 200, headers({ 'x-ratelimit-remaining': '3', 'x-ratelimit-reset': String(NOW / 1000 + 60) }));
    expect(await limits.whenAllowed('k', 1000)).toBe(0);
  });

  it('reads X-RateLimit-Reset as epoch seconds, and refuses a call whose budget ends before it', async () => {
    const limits = new AnnouncedLimits(() => NOW);
    limits.record('k', 200, headers({ 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(NOW / 1000 + 45) }));
    const refusal = await limits.whenAllowed('k', 30_000).catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(ApiError);
    expect((refusal as ApiError).kind).toBe('rate-limited');
    expect((refusal as ApiError).retryAfterSeconds).toBe(45);
    expect((refusal as ApiError).message).toContain(new Date(NOW + 45_000).toISOString());
    // Another caller or module is not held back.
    expect(await limits.whenAllowed('other', 30_000)).toBe(0);
  });

  it('reads a small X-RateLimit-Reset as seconds from now, and a 429 Retry-After likewise', async () => {
    const limits = new AnnouncedLimits(() => NOW);
    limits.record('a', 200, headers({ 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '42' }));
    limits.record('b', 429, headers({ 'retry-after': '7', 'x-ratelimit-remaining': '5' }));
    await expect(limits.whenAllowed('a', 1000)).rejects.toMatchObject({ retryAfterSeconds: 42 });
    await expect(limits.whenAllowed('b', 1000)).rejects.toMatchObject({ retryAfterSeconds: 7 });
  });

  it('waits for a reset that comes within the budget, then forgets it', async () => {
    const limits = new AnnouncedLimits();
    limits.record('k', 200, headers({ 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '0.05' }));
    const started = Date.now();
    const waited = await limits.whenAllowed('k', 5000);
    expect(waited).toBeGreaterThan(0);
    expect(Date.now() - started).toBeGreaterThanOrEqual(40);
    expect(await limits.whenAllowed('k', 5000)).toBe(0);
  });

  it('a later answer with requests left lifts the hold; Remaining 0 without a reset time holds nothing', async () => {
    const limits = new AnnouncedLimits(() => NOW);
    limits.record('k', 200, headers({ 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '60' }));
    limits.record('k', 200, headers({ 'x-ratelimit-remaining': '10' }));
    expect(await limits.whenAllowed('k', 1000)).toBe(0);
    limits.record('k', 200, headers({ 'x-ratelimit-remaining': '0' }));
    expect(await limits.whenAllowed('k', 1000)).toBe(0);
  });

  it('an aborted call stops waiting', async () => {
    const limits = new AnnouncedLimits();
    limits.record('k', 200, headers({ 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '5' }));
    const controller = new AbortController();
    const waiting = limits.whenAllowed('k', 10_000, controller.signal);
    controller.abort(new Error('cancelled'));
    await expect(waiting).rejects.toThrow('cancelled');
  });
});
