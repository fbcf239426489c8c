/** Lapsed entries are swept every this many writes, so keys never read again do not pile up. */
const SWEEP_EVERY = 1000;

/**
 * A Map whose entries lapse after their time to live, on the owner's clock (the memory token and
 * rate-limit stores, the limits an API announced). Past `maxKeys` live entries the oldest are forgotten.
 */
export class ExpiringMap<V> {
  private readonly entries = new Map<string, { readonly value: V; readonly until: number }>();
  private writes = 0;

  constructor(
    private readonly now: () => number,
    private readonly maxKeys: number = Infinity,
  ) {}

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
    if (this.writes % SWEEP_EVERY === 0 || this.entries.size > this.maxKeys) this.sweep();
  }

  delete(key: string): void {
    this.entries.delete(key);
  }

  get size(): number {
    return this.entries.size;
  }

  private sweep(): void {
    const now = this.now();
    for (const [key, entry] of this.entries) if (now >= entry.until) this.entries.delete(key);
    for (const key of this.entries.keys()) {
      if (this.entries.size <= this.maxKeys) break;
      this.entries.delete(key);
    }
  }
}
