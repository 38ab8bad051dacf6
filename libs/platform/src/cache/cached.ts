import type { ResultCache } from './port';
import { SingleFlight } from './single-flight';

export interface CacheCounts {
  hits: number;
  misses: number;
  /** Cache reads or writes that failed and were treated as a miss or skipped. */
  errors: number;
}

export interface CachedComputationOptions {
  /** A cache that fails is an operating error: the answer is computed anyway. */
  onCacheError?: (error: unknown, operation: 'get' | 'set') => void;
  keysInFlightMax?: number;
}

/**
 * Looks a key up, computes on a miss and stores the answer; concurrent calls with one key
 * share one look-up and one computation. A failed computation is never stored.
 */
export class CachedComputation<T> {
  readonly counts: CacheCounts = { hits: 0, misses: 0, errors: 0 };
  private readonly flight: SingleFlight<T>;

  constructor(
    readonly cache: ResultCache<T>,
    private readonly options: CachedComputationOptions = {},
  ) {
    this.flight = new SingleFlight<T>(options.keysInFlightMax);
  }

  get(key: string, compute: () => Promise<T>): Promise<T> {
    return this.flight.run(key, async () => {
      const cached = await this.cache.get(key).catch((error: unknown) => {
        this.failed(error, 'get');
        return undefined;
      });
      if (cached !== undefined) {
        this.counts.hits += 1;
        return cached;
      }
      this.counts.misses += 1;
      const value = await compute();
      // The caller does not wait for the write: a slow or failing cache only costs a miss.
      this.cache.set(key, value).catch((error: unknown) => this.failed(error, 'set'));
      return value;
    });
  }

  private failed(error: unknown, operation: 'get' | 'set'): void {
    this.counts.errors += 1;
    this.options.onCacheError?.(error, operation);
  }
}
