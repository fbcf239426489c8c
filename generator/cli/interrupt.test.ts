import { describe, expect, it } from 'vitest';
import { untilInterrupted } from './interrupt.js';

describe('untilInterrupted', () => {
  it('waits until stop aborts', async () => {
    const stop = new AbortController();
    let ended = false;
    const waiting = untilInterrupted(stop.signal).then(() => (ended = true));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(ended).toBe(false);
    stop.abort();
    await waiting;
    expect(ended).toBe(true);
  });
});
