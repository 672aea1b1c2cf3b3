/**
 * A map that holds at most `capacity` entries and forgets the oldest insertion first.
 *
 * First-in-first-out rather than LRU: a hit costs one `Map.get` with no reordering, and frequent words
 * that get evicted come straight back on their next use. With `capacity` 0 nothing is kept.
 */
export class BoundedCache<V> {
  readonly #entries = new Map<string, V>();

  constructor(readonly capacity: number) {}

  /** The cached value, or `undefined`. */
  get(key: string): V | undefined {
    return this.#entries.get(key);
  }

  /** Caches `value`, evicting the oldest entry when full. */
  set(key: string, value: V): void {
    if (this.capacity <= 0) return;
    if (this.#entries.size >= this.capacity) {
      const oldest = this.#entries.keys().next();
      if (oldest.done !== true) this.#entries.delete(oldest.value);
    }
    this.#entries.set(key, value);
  }

  /** Entries held now. */
  get size(): number {
    return this.#entries.size;
  }

  /** Forgets everything. */
  clear(): void {
    this.#entries.clear();
  }
}
