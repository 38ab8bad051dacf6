import type { ResultCache } from './port';

/** Entries an in-process cache keeps unless told otherwise. */
export const LRU_ENTRIES_MAX_DEFAULT = 512;

/**
 * An in-process cache for a one-process host: at most `entriesMax` values, the least
 * recently used evicted first. A Map iterates in insertion order, so moving an entry to the
 * end on every read makes its first key the least recently used one.
 */
export class LruCache<T> implements ResultCache<T> {
  readonly kind = 'lru';
  private readonly entries = new Map<string, T>();

  constructor(readonly entriesMax: number = LRU_ENTRIES_MAX_DEFAULT) {
    if (!Number.isInteger(entriesMax) || entriesMax < 1) {
      throw new Error(`LRU entriesMax must be a positive integer, got ${entriesMax}`);
    }
  }

  get size(): number {
    return this.entries.size;
  }

  async get(key: string): Promise<T | undefined> {
    const value = this.entries.get(key);
    if (value === undefined) return undefined;
    this.entries.delete(key);
    this.entries.set(key, value);
    return value;
  }

  async set(key: string, value: T): Promise<void> {
    this.entries.delete(key);
    this.entries.set(key, value);
    while (this.entries.size > this.entriesMax) {
      const oldest = this.entries.keys().next();
      if (oldest.done) break;
      this.entries.delete(oldest.value);
    }
  }
}
