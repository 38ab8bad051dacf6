/**
 * A cache of computed answers. The key names everything an answer depends on (for a read
 * model: the query and the projection position it was computed at), so an entry is never
 * invalidated: a newer position simply asks for a different key, and old ones age out.
 */
export interface ResultCache<T> {
  readonly kind: string;
  /** The cached value, or undefined on a miss. */
  get(key: string): Promise<T | undefined>;
  set(key: string, value: T): Promise<void>;
}
