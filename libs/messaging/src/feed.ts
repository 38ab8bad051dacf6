import type { StoredEvent } from '@sunshine/event-store';

/**
 * How projections and alert rules receive events, whatever the transport: the in-process
 * feed (embedded mode, events in global order) or Kafka (per-stream order within a
 * partition, at least once).
 */
export interface EventConsumer {
  /** Checkpoint name and Kafka consumer group id. */
  readonly name: string;
  /**
   * Applies events. Must be idempotent: each (streamId, streamVersion) takes effect at most
   * once, recorded in the same transaction as its effects, so redelivery never double-counts.
   */
  handle(events: StoredEvent[]): Promise<void>;
  /** The highest global position applied (stored with the effects); feeds resume after it. */
  lastPosition(): Promise<number>;
}

export interface EventFeed {
  start(consumer: EventConsumer): Promise<void>;
  stop(): Promise<void>;
}
