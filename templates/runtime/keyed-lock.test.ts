import { describe, expect, it } from 'vitest';
import { KeyedLock } from './keyed-lock.js';

/** A promise and the function that settles it, to hold a holder inside the lock. */
function gate(): { readonly open: () => void; readonly opened: Promise<void> } {
  let open = () => undefined as void;
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { open, opened };
}

describe('KeyedLock', () => {
  it('runs one function at a time per key, in the order they came', async () => {
    const lock = new KeyedLock();
    const events: string[] = [];
    const first = gate();
    const a = lock.run('k', async () => {
      events.push('a start');
      await first.opened;
      events.push('a end');
      return 'a';
    });
    const b = lock.run('k', async () => {
      events.push('b');
      return 'b';
    });
    await new Promise((resolve) => setImmediate(resolve));
    expect(events).toEqual(['a start']);
    first.open();
    expect(await Promise.all([a, b])).toEqual(['a', 'b']);
    expect(events).toEqual(['a start', 'a end', 'b']);
  });

  it('lets other keys run while one is held', async () => {
    const lock = new KeyedLock();
    const held = gate();
    const slow = lock.run('one', () => held.opened);
    expect(await lock.run('two', async () => 'free')).toBe('free');
    held.open();
    await slow;
  });

  it('passes a failure to its own caller only: the next holder still runs', async () => {
    const lock = new KeyedLock();
    const failing = lock.run('k', async () => {
      throw new Error('boom');
    });
    const next = lock.run('k', async () => 'ran');
    await expect(failing).rejects.toThrow('boom');
    expect(await next).toBe('ran');
  });

  it('forgets a key once nothing runs or waits on it', async () => {
    const lock = new KeyedLock();
    const held = gate();
    const running = lock.run('k', () => held.opened);
    const waiting = lock.run('k', async () => undefined);
    expect(lock.size).toBe(1);
    held.open();
    await Promise.all([running, waiting]);
    expect(lock.size).toBe(0);
  });
});
