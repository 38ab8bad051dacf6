import type { DomainEvent, Decider } from '@sunshine/domain';

/**
 * Folded state of recently written streams, so that a command reads only the events after
 * the cached version instead of folding its stream again (Marten's
 * `CacheAggregatesForWriting`). Entries are immutable values: a command decided against one
 * never sees it change. The cache is bounded by an estimate of the memory its states hold
 * and drops the least recently used streams beyond it.
 */

/** A rough per-event cost of folded state (ids kept for duplicate checks, amounts). */
export const STATE_BYTES_PER_EVENT_ESTIMATE = 160;
const ENTRY_BYTES_BASE = 2_048;
export const AGGREGATE_CACHE_BYTES_DEFAULT = 256 * 1024 * 1024;

export type AnyDecider = Decider<unknown, unknown, DomainEvent>;

export interface CachedStream {
  decider: AnyDecider;
  state: unknown;
  version: number;
  /** Hash of the event at `version` (the genesis hash at version 0). */
  lastHash: string;
  /** Version of the newest snapshot known to be stored (0 when none). */
  snapshotVersion: number;
}

const bytesOf = (entry: CachedStream): number =>
  ENTRY_BYTES_BASE + entry.version * STATE_BYTES_PER_EVENT_ESTIMATE;

export class AggregateCache {
  private readonly entries = new Map<string, CachedStream>();
  private bytes = 0;

  constructor(private readonly bytesMax: number = AGGREGATE_CACHE_BYTES_DEFAULT) {}

  /** The cached fold of the stream by this decider, marked as most recently used. */
  get(streamId: string, decider: AnyDecider): CachedStream | undefined {
    const entry = this.entries.get(streamId);
    if (!entry || entry.decider !== decider) return undefined;
    this.entries.delete(streamId);
    this.entries.set(streamId, entry);
    return entry;
  }

  /** Keeps the entry unless the cache holds a later fold of the same stream already. */
  set(streamId: string, entry: CachedStream): void {
    const existing = this.entries.get(streamId);
    if (existing && existing.decider === entry.decider && existing.version > entry.version) {
      return;
    }
    this.delete(streamId);
    this.entries.set(streamId, entry);
    this.bytes += bytesOf(entry);
    this.evict();
  }

  delete(streamId: string): void {
    const existing = this.entries.get(streamId);
    if (!existing) return;
    this.entries.delete(streamId);
    this.bytes -= bytesOf(existing);
  }

  get size(): number {
    return this.entries.size;
  }

  private evict(): void {
    for (const [streamId] of this.entries) {
      if (this.bytes <= this.bytesMax || this.entries.size <= 1) return;
      this.delete(streamId);
    }
  }
}
