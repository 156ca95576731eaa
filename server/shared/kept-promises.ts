// A small in-process memo of promised results, for figures that are expensive to compute and change
// only with the data: an entry is kept for `ttlMs` and only while its tag (e.g. the public data
// version) is the one asked for; concurrent callers of a key share one computation; a failure is not
// kept; beyond `max` entries the oldest goes first.
export class KeptPromises<T> {
  readonly #entries = new Map<string, { at: number; tag: string; value: Promise<T> }>();

  constructor(
    readonly ttlMs: number,
    readonly max: number,
  ) {}

  /** The kept value of `key` (tagged `tag`, younger than ttlMs at `now`), or compute()'s, kept from now on. */
  get(key: string, tag: string, now: number, compute: () => Promise<T>): Promise<T> {
    const hit = this.#entries.get(key);
    if (hit && hit.tag === tag && now - hit.at < this.ttlMs) return hit.value;
    const value = compute();
    const entry = { at: now, tag, value };
    value.catch(() => {
      if (this.#entries.get(key) === entry) this.#entries.delete(key);
    });
    // Deleted first, so that a replaced key moves to the end of the eviction order.
    this.#entries.delete(key);
    if (this.#entries.size >= this.max) this.#entries.delete(this.#entries.keys().next().value!);
    this.#entries.set(key, entry);
    return value;
  }

  delete(key: string): void {
    this.#entries.delete(key);
  }

  clear(): void {
    this.#entries.clear();
  }
}
