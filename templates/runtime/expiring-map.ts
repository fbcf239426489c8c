/** Lapsed entries are swept every this many writes, so keys never read again do not pile up. */
const SWEEP_EVERY = 1000;

/** A Map whose entries lapse after their time to live, on the owner's clock (the memory token and rate-limit stores). */
export class ExpiringMap<V> {
  private readonly entries = new Map<string, { readonly value: V; readonly until: number }>();
  private writes = 0;

  constructor(private readonly now: () => number) {}

  get(key: string): V | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (this.now() >= entry.until) {
      this.entries.delete(key);
      return undefined;
    }
    return entry.value;
  }

  /** ttlMs undefined: kept until replaced. */
  set(key: string, value: V, ttlMs: number | undefined): void {
    this.entries.set(key, { value, until: ttlMs === undefined ? Infinity : this.now() + ttlMs });
    this.writes += 1;
    if (this.writes % SWEEP_EVERY === 0) {
      const now = this.now();
      for (const [entryKey, entry] of this.entries) if (now >= entry.until) this.entries.delete(entryKey);
    }
  }

  get size(): number {
    return this.entries.size;
  }
}
