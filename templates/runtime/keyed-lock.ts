/** A tail's outcome does not matter: the next function runs after it either way. */
const settled = () => undefined;

/**
 * Runs functions one at a time per key, each after the one queued before it (whether that one
 * succeeded or failed); different keys run side by side. A key is forgotten once nothing waits
 * on it. Within one process only: a store shared between processes adds its own lock on top.
 */
export class KeyedLock {
  private readonly tails = new Map<string, Promise<void>>();

  async run<T>(key: string, fn: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    const run = previous.then(fn);
    const tail = run.then(settled, settled);
    this.tails.set(key, tail);
    try {
      return await run;
    } finally {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    }
  }

  /** Keys something runs or waits on (tests: a lock must not keep keys it no longer needs). */
  get size(): number {
    return this.tails.size;
  }
}
